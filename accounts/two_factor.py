"""A council may require two-factor sign-in for its secretariat (Council.require_two_factor)."""

from allauth.mfa.models import Authenticator

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
