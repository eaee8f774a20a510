"""The checks on an identity provider's ID token (accounts/oidc.py), each shown to refuse what
it must: a token signed with another key, with a symmetric or no algorithm, for another client,
expired, or without our nonce. The keys are served over HTTP on loopback, as a provider would."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import jwt
import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import RequestFactory
from jwt.algorithms import RSAAlgorithm

from accounts import oidc
from regionplan.configuration import oidc_apps

ISSUER = "https://idp.example"
CLIENT = "regionplan"


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


PROVIDER_KEY, OTHER_KEY = key(), key()


@pytest.fixture(scope="module")
def jwks_url():
    public = json.loads(RSAAlgorithm.to_jwk(PROVIDER_KEY.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Keys)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks"
    server.shutdown()


def token(signing_key=PROVIDER_KEY, algorithm="RS256", **claims):
    now = int(time.time())
    body = {"iss": ISSUER, "aud": CLIENT, "sub": "42", "iat": now, "exp": now + 300, **claims}
    return jwt.encode(body, signing_key, algorithm=algorithm, headers={"kid": "k1"})


def config(jwks_url):
    return {
        "issuer": ISSUER,
        "jwks_uri": jwks_url,
        "id_token_signing_alg_values_supported": ["RS256", "HS256"],
    }


def test_a_token_signed_by_the_provider_is_accepted(jwks_url):
    claims = oidc.verify_id_token(config(jwks_url), CLIENT, token(nonce="n"))
    assert claims["sub"] == "42" and claims["nonce"] == "n"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: token(signing_key=OTHER_KEY), id="another key"),
        pytest.param(lambda: token(signing_key="a-shared-secret", algorithm="HS256"), id="HS256"),
        pytest.param(lambda: jwt.encode({"iss": ISSUER, "aud": CLIENT}, None, "none"), id="none"),
        pytest.param(lambda: token(aud="another-client"), id="another client"),
        pytest.param(lambda: token(iss="https://evil.example"), id="another issuer"),
        pytest.param(lambda: token(exp=int(time.time()) - 60), id="expired"),
    ],
)
def test_a_token_that_is_not_right_is_refused(jwks_url, bad):
    with pytest.raises(OAuth2Error):
        oidc.verify_id_token(config(jwks_url), CLIENT, bad())


def sociallogin(state_nonce, token_nonce):
    return SimpleNamespace(
        state={"nonce": state_nonce} if state_nonce else {},
        account=SimpleNamespace(
            provider="kommune", extra_data={"id_token": {"nonce": token_nonce}}
        ),
    )


@pytest.fixture
def provider_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": oidc_apps(
                {
                    "OIDC_PROVIDERS": "kommune",
                    "OIDC_KOMMUNE_ISSUER": ISSUER,
                    "OIDC_KOMMUNE_CLIENT_ID": CLIENT,
                    "OIDC_KOMMUNE_SECRET": "s",
                    "OIDC_KOMMUNE_LABEL": "Kommune",
                }
            )
        }
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state_nonce, token_nonce", [("ours", "theirs"), ("ours", None), (None, "theirs"), (None, None)]
)
def test_an_id_token_without_our_nonce_is_refused(provider_configured, state_nonce, token_nonce):
    request = RequestFactory().get("/")
    with pytest.raises(ImmediateHttpResponse) as refused:
        oidc.check_nonce(request, sociallogin(state_nonce, token_nonce))
    assert refused.value.response.status_code == 400


@pytest.mark.django_db
def test_an_id_token_with_our_nonce_passes(provider_configured):
    oidc.check_nonce(RequestFactory().get("/"), sociallogin("ours", "ours"))


def test_providers_come_from_the_environment_with_pkce_and_claims_from_the_id_token():
    (app,) = oidc_apps(
        {
            "OIDC_PROVIDERS": "hol-kommune",
            "OIDC_HOL_KOMMUNE_ISSUER": "https://login.microsoftonline.com/tenant/v2.0/",
            "OIDC_HOL_KOMMUNE_CLIENT_ID": "id",
            "OIDC_HOL_KOMMUNE_SECRET": "secret",
            "OIDC_HOL_KOMMUNE_LABEL": "Hol kommune",
            "OIDC_HOL_KOMMUNE_EMAIL_VERIFIED_CLAIM": "xms_edov",
        }
    )
    assert app["provider_id"] == "hol-kommune" and app["name"] == "Hol kommune"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant/v2.0"
    assert app["settings"]["oauth_pkce_enabled"] and not app["settings"]["fetch_userinfo"]
    assert app["settings"]["email_verified_claim"] == "xms_edov"


@pytest.mark.parametrize(
    "environ",
    [
        {"OIDC_PROVIDERS": "kommune"},
        {"OIDC_PROVIDERS": "Hol kommune"},
        {
            "OIDC_PROVIDERS": "k",
            "OIDC_K_ISSUER": "http://idp.example",
            "OIDC_K_CLIENT_ID": "i",
            "OIDC_K_SECRET": "s",
            "OIDC_K_LABEL": "K",
        },
    ],
    ids=["missing variables", "bad name", "plain http"],
)
def test_a_provider_configured_wrongly_stops_the_start(environ):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        oidc_apps(environ)
