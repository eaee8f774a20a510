"""A council may require two-factor sign-in for its secretariat (Council.require_two_factor)."""

import functools

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from plans.models import Council, Role

# Set at sign-in for someone who must set up two-factor and has not (accounts/signals.py);
# accounts.middleware then sends them to the set-up page until they have.
SESSION_KEY = "regionplan_two_factor_setup"


def councils_requiring(user):
    """The councils whose secretariat `user` is in and that require two-factor."""
    return Council.objects.filter(
        require_two_factor=True,
        memberships__user=user,
        memberships__role=Role.SECRETARIAT,
    )


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_setup(user):
    return user.is_authenticated and councils_requiring(user).exists() and not has_totp(user)


def password_first(view):
    """Turning on two-factor asks for the password; someone who has only ever signed in with an
    identity provider is sent to choose one first, with a word why, instead of a refusal."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_usable_password():
            messages.info(request, _("Choose a password first: turning on two-factor asks for it."))
            return redirect("account_set_password")
        return view(request, *args, **kwargs)

    return wrapped
