"""axe on every page that people and access added, signed in as whoever uses it, at a desktop
and a phone width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Invitation
from plans.models import Council, Membership, Role

from .conftest import log_in

PUBLIC = [
    "/logg-inn/",
    "/konto/passord/nullstill/",
    "/konto/passord/nullstill/sendt/",
    "/konto/registrer/",
    "/invitasjon/not-a-real-token/",
]
SECRETARIAT = [
    "/konto/",
    "/logg-ut/",
    "/konto/passord/",
    "/konto/e-post/",
    "/konto/tofaktor/",
    "/konto/tofaktor/app/",
    "/konto/identitetar/",
    "/hallingdal/tilgang/",
    "/hallingdal/endringar/",
    "/hallingdal/innstillingar/",
    "/hallingdal/regionplan/publisering/",
    "/hallingdal/budsjett/ny/",
]


def assert_accessible(page, url):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{url}: {results.generate_report()}"


@pytest.mark.parametrize("width", [1280, 320])
def test_every_new_page_passes_axe(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in PUBLIC:
        page.goto(site + url)
        assert_accessible(page, url)
    log_in(page, site, "hallingdal-sekretariat")
    reader = Membership.objects.get(user__username="hallingdal-politikar")
    invitation, token = Invitation.new(
        council=Council.objects.get(slug="hallingdal"),
        email="ny@hallingdal.example",
        role=Role.READER,
        invited_by=get_user_model().objects.get(username="hallingdal-sekretariat"),
    )
    invitation.save()
    for url in [*SECRETARIAT, f"/hallingdal/tilgang/{reader.pk}/fjern/", f"/invitasjon/{token}/"]:
        page.goto(site + url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page, url)
    page.get_by_role("button", name="Logg ut").click()
    page.goto(f"{site}/invitasjon/{token}/")
    assert_accessible(page, "invitation, signed out")
    log_in(page, site, "admin")
    page.goto(site + "/nytt-rad/")
    assert_accessible(page, "/nytt-rad/")
    page.get_by_role("button", name="Opprett rådet").click()  # empty: every error shown
    expect(page.locator(".field-error").first).to_be_visible()
    assert_accessible(page, "/nytt-rad/ with errors")
    assert not mail.outbox
