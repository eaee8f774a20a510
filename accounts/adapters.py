"""How allauth fits Regionplan: nobody signs up on their own, failed sign-ins count per person
and address, an identity provider's person is linked only by a verified e-mail address, and
two-factor cannot be turned off where a council requires it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.utils.translation import gettext_lazy as _

from regionplan.signin import client_ip

from . import invitations, oidc
from .two_factor import councils_requiring


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is closed."),
        "cannot_remove_primary_email": _("You cannot remove your primary e-mail address."),
        "duplicate_email": _("Your account has this e-mail address already."),
        "email_password_mismatch": _("The e-mail address and password did not match. Try again."),
        "email_taken": _("Another account has this e-mail address."),
        "enter_current_password": _("Type your current password."),
        "incorrect_code": _("The code is not right."),
        "incorrect_password": _("The password is not right."),
        "invalid_or_expired_key": _("The link has expired or is not valid."),
        "invalid_login": _("The login did not work."),
        "invalid_password_reset": _("The link has expired or is not valid."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "too_many_login_attempts": _("Too many failed attempts. Try again in a few minutes."),
        "unknown_email": _("No account has this e-mail address."),
        "unverified_primary_email": _("Your primary e-mail address must be verified."),
        "username_password_mismatch": _("The username and password did not match. Try again."),
        "select_only_one": _("Choose only one."),
        "same_as_current": _("The new value must be different from the current one."),
        "rate_limited": _("Too many attempts. Wait a little and try again."),
    }

    def is_open_for_signup(self, request):
        """People are invited by a council's secretariat (accounts/invitations.py)."""
        return False

    def get_client_ip(self, request):
        """The address as regionplan.signin sees it behind TRUSTED_PROXIES proxies."""
        return client_ip(request)

    def pre_authenticate(self, request, **credentials):
        """django-axes alone counts failed passwords, per username *and* address
        (regionplan/signin.py). allauth's own count is per username only, so anyone could
        lock a colleague out by guessing their username. (Its limit on two-factor codes, per
        person, stays.)"""
        self._login_failed_rl_usage = None

    def get_logout_redirect_url(self, request):
        """After signing in with an identity provider, signing out ends the provider's session
        too (RP-initiated logout), so the next person at a shared tablet starts afresh."""
        return oidc.end_session_url(request) or super().get_logout_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "no_password": _("Your account has no password: set one before you remove this identity."),
        "no_verified_email": _("Your account has no verified e-mail address."),
        "disconnect_last": _("You cannot remove the only way you sign in."),
        "connected_other": _("That identity belongs to another Regionplan account."),
    }

    def pre_social_login(self, request, sociallogin):
        oidc.check_nonce(request, sociallogin)

    def authenticate_by_email(self, sociallogin):
        """An identity is linked to a person only by an address the provider vouches for *and*
        that the person has verified here (an accepted invitation verifies it)."""
        for address in sociallogin.email_addresses:
            if not address.verified:
                continue
            known = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if known and known.user.is_active:
                return known.user, known.email
        return None

    def is_open_for_signup(self, request, sociallogin):
        """A new person only with a pending invitation to an address the provider verified."""
        return any(
            address.verified and invitations.has_pending(address.email)
            for address in sociallogin.email_addresses
        )

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        for address in sociallogin.email_addresses:
            if address.verified:
                invitations.accept_all_for(user, address.email)
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        oidc.log_failure(provider, error, exception)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _("Turn off two-factor sign-in before you add an e-mail address."),
        "cannot_delete_authenticator": _(
            "A council you are in the secretariat of requires two-factor sign-in, so you "
            "cannot turn it off."
        ),
        "cannot_generate_recovery_codes": _("Turn on two-factor sign-in first."),
        "incorrect_code": _("The code is not right. Check that the phone's clock is right."),
        "unverified_email": _(
            "Verify your e-mail addresses (or remove the ones you cannot verify) before you "
            "turn on two-factor sign-in."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """Not where a council requires two-factor of its secretariat and the person is in it."""
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not councils_requiring(authenticator.user).exists()
