import time

from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.mfa.signals import authenticator_added
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
    if records and records[-1].get("method") in ("password", "mfa"):
        if time.time() - records[-1].get("at", 0) < 60:
            records[-1]["reauthenticated"] = True
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records


@receiver(authenticator_added, dispatch_uid="regionplan-two-factor-added")
def on_two_factor_added(sender, request, user, authenticator, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
