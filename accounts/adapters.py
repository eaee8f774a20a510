"""How allauth fits Regionplan: nobody signs up on their own, failed sign-ins count per person
and address, an identity provider's person is linked only by a verified e-mail address, and
two-factor cannot be turned off where a council requires it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from regionplan.signin import client_ip

from . import invitations, oidc
from .two_factor import councils_requiring


class AccountAdapter(DefaultAccountAdapter):
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

    def on_authentication_error(self, request, provider, error=None, exception=None,
                                extra_context=None):
        oidc.log_failure(provider, error, exception)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """Not where a council requires two-factor of its secretariat and the person is in it."""
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not councils_requiring(authenticator.user).exists()
