"""Sign-in with an identity provider over OpenID Connect: allauth's openid_connect provider,
made stricter.

- The authorisation request carries a nonce (and PKCE, configuration.oidc_apps); the ID token
  must carry the same nonce back (`check_nonce`, from the social account adapter).
- The ID token's signature is always checked against the provider's published keys, with an
  asymmetric algorithm the provider announces. (allauth skips the check when the token came
  straight from the token endpoint over TLS, which the specification allows; we don't.)
- A person's claims are taken from that verified ID token alone, never from an unsigned answer.
- The e-mail address counts as verified only if the provider says so, in `email_verified` or
  the claim the provider's settings name (Entra ID: `xms_edov`).
- Signing out also ends the session at the provider (RP-initiated logout) when it offers that.
"""

import logging
import secrets
from urllib.parse import urlencode, urlsplit

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render, resolve_url
from jwt import PyJWTError, get_unverified_header
from requests import RequestException

logger = logging.getLogger(__name__)

# Where the raw ID token waits between the callback and the sign-in (two-factor may come in
# between), and where it is kept for signing out at the provider.
PENDING_KEY = "regionplan_oidc_pending"
SESSION_KEY = "regionplan_oidc"
ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}


def verify_id_token(config, client_id, raw):
    """The ID token's claims, after checking its signature, algorithm, issuer, audience and
    expiry; OAuth2Error if any is wrong."""
    try:
        algorithm = get_unverified_header(raw).get("alg")
    except PyJWTError as error:
        raise OAuth2Error("The ID token is not a JWT.") from error
    announced = set(config.get("id_token_signing_alg_values_supported") or ["RS256"])
    if algorithm not in ASYMMETRIC & announced:
        raise OAuth2Error(f"ID token signed with {algorithm!r}, which is not accepted.")
    return jwtkit.verify_and_decode(
        credential=raw,
        keys_url=config["jwks_uri"],
        issuer=config["issuer"],
        audience=client_id,
        lookup_kid=jwtkit.lookup_kid_jwk,
        verify_signature=True,
    )


class Adapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise OAuth2Error("The provider sent no ID token.")
        claims = verify_id_token(self.openid_config, app.client_id, raw)
        request.session[PENDING_KEY] = {"provider_id": self.provider_id, "id_token": raw}
        request.regionplan_id_token = request.session[PENDING_KEY]
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})


class Provider(OpenIDConnectProvider):
    oauth2_adapter_class = Adapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        return super().redirect(
            request,
            process,
            next_url,
            data,
            auth_params={**auth_params, "nonce": nonce},
            nonce=nonce,  # kept in the stashed state, compared in check_nonce
            **kwargs,
        )

    def extract_email_addresses(self, data):
        claims = data.get("id_token") or {}
        email = claims.get("email")
        if not email:
            return []
        claim = self.app.settings.get("email_verified_claim") or "email_verified"
        verified = parse_bool_safely(claims.get(claim))
        return [EmailAddress(email=email, verified=verified, primary=True)]


def check_nonce(request, sociallogin):
    """Refuse an ID token that does not carry the nonce this browser's request was sent with."""
    if sociallogin.account.provider not in {app["provider_id"] for app in configured_apps()}:
        return
    expected = (sociallogin.state or {}).get("nonce") or ""
    received = (sociallogin.account.extra_data.get("id_token") or {}).get("nonce") or ""
    if not expected or not secrets.compare_digest(str(received), str(expected)):
        logger.warning("OIDC sign-in refused: the ID token's nonce does not match")
        raise ImmediateHttpResponse(
            render(request, "socialaccount/authentication_error.html", status=400)
        )


def configured_apps():
    return settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])


def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


def remember_for_logout(request):
    """At sign-in: keep the ID token of an identity-provider sign-in for signing out there."""
    pending = getattr(request, "regionplan_id_token", None) or request.session.get(PENDING_KEY)
    request.session.pop(PENDING_KEY, None)
    if pending:
        request.session[SESSION_KEY] = pending
    else:
        request.session.pop(SESSION_KEY, None)


def end_session_url(request):
    """The provider's end-session address for the current sign-in, or None."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    try:
        provider = get_adapter(request).get_provider(request, kept["provider_id"])
        endpoint = Adapter(request, kept["provider_id"]).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, RequestException, ValueError, KeyError):
        logger.warning("OIDC: could not read the end-session address of %s", kept["provider_id"])
        return None
    if not endpoint:
        return None
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode(
        {
            "id_token_hint": kept["id_token"],
            "post_logout_redirect_uri": back,
            "client_id": provider.app.client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def form_action_origins(request):
    """Where a form on our pages may end up: the providers' sign-in and sign-out addresses.
    Signing in (and out) posts a form here that is redirected there, and browsers check the
    Content-Security-Policy's form-action across that redirect. Read from each provider's
    discovery document, kept an hour."""
    origins = []
    for app in configured_apps():
        key = f"oidc-form-action:{app['provider_id']}:{app['settings']['server_url']}"
        found = cache.get(key)
        if found is None:
            found = [origin(app["settings"]["server_url"])]
            try:
                config = Adapter(request, app["provider_id"]).openid_config
            except (SocialApp.DoesNotExist, RequestException, ValueError):
                logger.warning("OIDC: could not read the configuration of %s", app["provider_id"])
            else:
                for endpoint in ("authorization_endpoint", "end_session_endpoint"):
                    if config.get(endpoint):
                        found.append(origin(config[endpoint]))
            found = sorted(set(found))
            cache.set(key, found, 3600)
        origins.extend(found)
    return sorted(set(origins))


def log_failure(provider, error, exception):
    logger.warning(
        "OIDC sign-in with %s failed: %s %s",
        getattr(getattr(provider, "app", None), "provider_id", provider),
        error,
        exception or "",
    )
