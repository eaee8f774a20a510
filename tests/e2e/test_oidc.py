"""Sign-in with an identity provider, end to end, against a real OpenID Connect provider that
the test starts on loopback in its own process (tests/oidc_provider): discovery, authorisation
code with PKCE (the provider requires it), an ID token signed with the provider's key and
carrying our nonce (both checked in accounts/oidc.py), and logout at the provider. Nothing is
mocked: Regionplan's server fetches the provider's configuration, keys and tokens over HTTP."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import Invitation
from plans.models import Council, Membership, Role
from regionplan.configuration import oidc_apps

PROVIDER = Path(__file__).resolve().parent.parent / "oidc_provider" / "serve.py"
PASSWORD = "idp-passord"


@pytest.fixture
def identity_provider(site, settings, tmp_path):
    """The provider, registered with the live server's callback; Regionplan configured for it
    the way the environment would (OIDC_PROVIDERS=testkommune, OIDC_TESTKOMMUNE_*)."""
    environ = {
        **os.environ,
        "IDP_DB": str(tmp_path / "idp.sqlite3"),
        "IDP_REDIRECT_URI": f"{site}/konto/oidc/testkommune/login/callback/",
        "IDP_POST_LOGOUT_URI": f"{site}/",
    }
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, str(PROVIDER)], env=environ, stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("READY "), line
        issuer = line.split()[1]
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "provider_class": "accounts.oidc.Provider",
                "APPS": oidc_apps(
                    {
                        "OIDC_PROVIDERS": "testkommune",
                        "OIDC_TESTKOMMUNE_ISSUER": issuer,
                        "OIDC_TESTKOMMUNE_CLIENT_ID": "regionplan-test",
                        "OIDC_TESTKOMMUNE_SECRET": "regionplan-test-secret",
                        "OIDC_TESTKOMMUNE_LABEL": "Testkommune",
                    }
                ),
            }
        }
        yield issuer.removesuffix("/o")
    finally:
        process.terminate()
        process.wait(timeout=10)


def invite(email, council="hallingdal", role=Role.READER):
    invitation, _ = Invitation.new(
        council=Council.objects.get(slug=council),
        email=email,
        role=role,
        invited_by=get_user_model().objects.get(username="hallingdal-sekretariat"),
    )
    invitation.save()
    return invitation


def sign_in_at_provider(page, site, username):
    page.goto(f"{site}/logg-inn/")
    page.get_by_role("button", name="Logg inn med Testkommune").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def test_an_invited_person_signs_in_with_the_provider_gets_the_role_and_signs_out_there(
    page, site, identity_provider
):
    invite("kari.nordmann@hallingdal.example")
    sign_in_at_provider(page, site, "kari")
    page.wait_for_url(f"{site}/hallingdal/")
    expect(page.get_by_role("link", name="Logga inn som Kari Nordmann")).to_be_visible()
    user = get_user_model().objects.get(email="kari.nordmann@hallingdal.example")
    assert Membership.objects.get(user=user).role == Role.READER
    assert user.socialaccount_set.get().provider == "testkommune"
    assert not user.has_usable_password()
    assert Invitation.objects.get().accepted_by == user

    # Signing out here signs out at the provider too (RP-initiated logout with the ID token).
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{site}/")
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()
    page.goto(f"{identity_provider}/whoami/")
    expect(page.locator("body")).to_have_text("anonymous")

    # The next sign-in finds the same person by the linked identity.
    sign_in_at_provider(page, site, "kari")
    page.wait_for_url(f"{site}/hallingdal/")
    assert get_user_model().objects.filter(email="kari.nordmann@hallingdal.example").count() == 1


def test_an_unknown_identity_gets_no_account_and_no_role(page, site, identity_provider):
    before = get_user_model().objects.count()
    sign_in_at_provider(page, site, "ukjend")
    expect(page.get_by_role("heading", name="Ingen tilgang enno")).to_be_visible()
    assert get_user_model().objects.count() == before
    page.goto(f"{site}/konto/")
    expect(page.get_by_role("heading", name="Logg inn", exact=True)).to_be_visible()


def test_an_unverified_address_gets_nothing_even_with_an_invitation(page, site, identity_provider):
    invite("uverifisert@hallingdal.example", role=Role.SECRETARIAT)
    sign_in_at_provider(page, site, "uverifisert")
    expect(page.get_by_role("heading", name="Ingen tilgang enno")).to_be_visible()
    assert not get_user_model().objects.filter(email="uverifisert@hallingdal.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_person_with_that_verified_address_is_linked_not_duplicated(
    page, site, identity_provider
):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.get(username="hallingdal-sekretariat")
    EmailAddress.objects.create(
        user=user, email="kari.nordmann@hallingdal.example", verified=True, primary=True
    )
    sign_in_at_provider(page, site, "kari")
    page.wait_for_url(f"{site}/hallingdal/")
    expect(page.get_by_role("link", name="Logga inn som hallingdal-sekretariat")).to_be_visible()
    assert user.socialaccount_set.count() == 1
