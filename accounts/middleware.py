from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import oidc
from .two_factor import SESSION_KEY, councils_requiring, needs_setup

# What someone who must set up two-factor may still open: the set-up itself, what it needs
# (a verified e-mail address, confirming their password), signing out, the language.
ALLOWED = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_set_password",
    "account_logout",
    "account_email",
    "account_email_verification_sent",
    "account_confirm_email",
    "set_language",
    "accessibility",
    "healthz",
}


class TwoFactorSetupMiddleware:
    """Sends a secretariat member whose council requires two-factor, and who has not set it up,
    to the set-up page before anything else. Costs nothing for everyone else: the flag is only
    in the session of someone who signed in without the two-factor they need."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.session.get(SESSION_KEY):
            return None
        if not needs_setup(request.user):
            del request.session[SESSION_KEY]
            return None
        match = request.resolver_match
        if match is None or match.url_name in ALLOWED:
            return None
        names = ", ".join(council.short_name for council in councils_requiring(request.user))
        messages.warning(
            request,
            _(
                "%(councils)s requires two-factor sign-in for the secretariat. Set it up with "
                "an authenticator app before you go on."
            )
            % {"councils": names},
        )
        # Turning on two-factor asks for the password first: someone who only ever signed in
        # with an identity provider chooses one before.
        return redirect(
            "mfa_activate_totp" if request.user.has_usable_password() else "account_set_password"
        )


class IdentityProviderFormActionMiddleware:
    """Lets the Content-Security-Policy's form-action reach the identity providers configured
    (accounts/oidc.py form_action_origins); nothing changes when there are none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origins = oidc.form_action_origins(request) if oidc.configured_apps() else []
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response
