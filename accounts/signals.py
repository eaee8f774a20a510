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
    if needs_setup(user):
        request.session[SESSION_KEY] = True


@receiver(authenticator_added, dispatch_uid="regionplan-two-factor-added")
def on_two_factor_added(sender, request, user, authenticator, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
