import time

from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added
from axes.utils import reset as reset_failed_logins
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import oidc
from .two_factor import SESSION_KEY, needs_setup


@receiver(user_logged_in, dispatch_uid="regionplan-sign-in")
def on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    oidc.remember_for_logout(request)
    count_sign_in_as_confirmation(request, user)
    if needs_setup(user):
        request.session[SESSION_KEY] = True


def count_sign_in_as_confirmation(request, user):
    """Someone who signed in this very moment has just shown their password (or code): do not
    ask for it again if they go straight on to turn on two-factor. The confirmation lasts
    ACCOUNT_REAUTHENTICATION_TIMEOUT, as after allauth's own "confirm it is you"."""
    records = get_authentication_records(request, user)
    latest = records[-1] if records else {}
    if latest.get("method") in ("password", "mfa") and time.time() - latest.get("at", 0) < 60:
        latest["reauthenticated"] = True
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records


@receiver(authenticator_added, dispatch_uid="regionplan-two-factor-added")
def on_two_factor_added(sender, request, user, authenticator, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


@receiver(password_reset, dispatch_uid="regionplan-password-reset")
def on_password_reset(sender, request, user, **kwargs):
    """A new password chosen through the mailed link lifts a pause after failed sign-ins (the
    person proved they read the account's mail), whatever name or address they typed."""
    names = {user.get_username().lower(), (user.email or "").lower()}
    names |= {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    for name in filter(None, names):
        reset_failed_logins(username=name)
