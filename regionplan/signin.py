"""Sign-in protection (django-axes): whose address a failed sign-in counts against, and what a
locked-out person is told.

Failures are counted per username *and* address, never per username alone, so nobody can lock
someone else out by guessing their (predictable) username from another address.
"""

import ipaddress

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip(request):
    """The address the request came from, as the outermost trusted proxy saw it.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    behind TRUSTED_PROXIES proxies the entry that many places from the right is the client's;
    anything further left could have been written by the client itself.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not trusted or len(hops) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote


def client_username(request, credentials):
    """The name a sign-in attempt is counted against: what was typed as username or e-mail
    address, in lower case, as allauth matches both without regard to case."""
    credentials = credentials or {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return typed.strip().lower() or None


def lockout_response(request, response, credentials):
    """The locked-out page: what happened, when it lifts, what to do meanwhile."""
    username = get_client_username(request, credentials) or ""
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .order_by("-attempt_time")
        .first()
    )
    started = attempt.attempt_time if attempt else timezone.now()
    context = {
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "until": timezone.localtime(started + get_cool_off(request)),
    }
    return render(request, "registration/locked_out.html", context, status=429)
