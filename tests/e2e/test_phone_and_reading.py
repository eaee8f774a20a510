"""Daily use on a phone and as a politician (issue 15, part B): every page type at 320 px
without sideways scrolling, the landing after sign-in, and the plan page's filter."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import Invitation
from budgets.models import BudgetLine
from measures.models import Measure
from plans.models import Council, Membership

from .conftest import log_in

PLAN = "/hallingdal/regionplan/"
BUDGET = "/lillehammer-regionen/budsjett/2026/"

PUBLIC = [
    "/",
    "/hallingdal/",
    "/hallingdal/sok/?q=kollektiv",
    PLAN,
    PLAN + "?status=red",
    PLAN + "endringar/",
    PLAN + "saker/",
    PLAN + "sak/03-26/",
    "/fylke/",
    "/fylke/innlandet/",
    "/fylke/innlandet/sok/?q=veg",
    "/api/",
    "/tilgjengelegheit/",
    "/logg-inn/",
    "/konto/passord/nullstill/",
]
POLITICIAN = ["/start/", PLAN, "/konto/", PLAN + "endringar/?since=2025-01-01"]
SECRETARIAT = [
    PLAN,
    PLAN + "statusrunde/",
    PLAN + "kvalitet/",
    PLAN + "saker/ny/",
    PLAN + "omtale/",
    "/hallingdal/tilgang/",
    "/hallingdal/innstillingar/",
    "/hallingdal/endringar/",
    "/hallingdal/importer/",
    "/konto/",
    "/konto/e-post/",
    "/konto/passord/",
    "/konto/tofaktor/",
    "/konto/identitetar/",
    "/logg-ut/",
]
BUDGET_PAGES = [BUDGET, BUDGET + "endringar/", "/lillehammer-regionen/"]


def sideways(page):
    """How far the page itself scrolls sideways (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def walk(page, site, urls):
    too_wide = {}
    for url in urls:
        assert page.goto(site + url).ok, url
        if (overflow := sideways(page)) > 0:
            too_wide[url] = overflow
    return too_wide


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 320, "height": 800})
    return page


def test_every_public_page_type_fits_a_320_px_screen(phone, site):
    measure = Measure.objects.filter(goal__focus_area__plan__council__slug="hallingdal").first()
    assert walk(phone, site, [*PUBLIC, measure.get_absolute_url()]) == {}


def test_every_politician_page_type_fits_a_320_px_screen(phone, site):
    log_in(phone, site, "lillehammer-regionen-politikar")
    assert walk(phone, site, [BUDGET, "/lillehammer-regionen/"]) == {}
    phone.context.clear_cookies()
    log_in(phone, site, "hallingdal-politikar")
    assert walk(phone, site, POLITICIAN) == {}


def test_every_secretariat_page_type_fits_a_320_px_screen(phone, site):
    log_in(phone, site, "hallingdal-sekretariat")
    measure = Measure.objects.filter(goal__focus_area__plan__council__slug="hallingdal").first()
    invitation, token = Invitation.new(
        council=Council.objects.get(slug="hallingdal"),
        email="ny@example.org",
        role="reader",
        invited_by=Membership.objects.filter(council__slug="hallingdal").first().user,
    )
    invitation.save()
    pages = [
        *SECRETARIAT,
        measure.get_absolute_url(),
        measure.get_absolute_url() + "endre/",
        f"{PLAN}statusrunde/?measure={measure.pk}",
    ]
    assert walk(phone, site, pages) == {}
    phone.context.clear_cookies()
    phone.goto(f"{site}/invitasjon/{token}/")
    assert sideways(phone) == 0
    log_in(phone, site, "lillehammer-regionen-sekretariat")
    line = BudgetLine.objects.filter(
        group__budget__council__slug="lillehammer-regionen", group__budget__year=2026
    ).first()
    assert walk(phone, site, [*BUDGET_PAGES, f"{BUDGET}linje/{line.pk}/endre/"]) == {}


def test_the_header_and_budget_figures_fit_at_390_px(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + BUDGET)
    assert sideways(page) == 0
    # "Logg ut" stays on one line.
    logout = page.get_by_role("button", name="Logg ut").bounding_box()
    assert logout["height"] < 2 * 16 * 1.3  # one line, not "Logg" above "ut"


def test_a_politician_lands_on_their_council_and_reads_red_from_its_card(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, site, "hallingdal-politikar")
    expect(page).to_have_url(f"{site}/hallingdal/")
    page.goto(site + PLAN)
    for folded in ("#intro", "#trend"):  # folded on a phone, so the filter is near the top
        expect(page.locator(folded)).not_to_have_attribute("open", "")
    page.locator(".stat-card--red a").click()
    expect(page).to_have_url(re.compile(r"\?status=red#results$"))
    expect(page.locator(".results__count")).to_have_text(re.compile("Viser 1 av 69"))
    results = page.locator("#results").bounding_box()
    assert 0 <= results["y"] < 800  # scrolled to


def test_filtering_announces_the_count_and_brings_the_results_into_view(page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + PLAN)
    page.evaluate("window.sameDocument = true")
    page.locator("#id_area").select_option(index=2)
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator("#results-announcement")).to_have_text(re.compile(r"Viser \d+ av 69"))
    expect(page.locator("#results")).to_be_in_viewport()
    assert page.evaluate("window.sameDocument") is True  # htmx, no reload


def test_someone_in_two_councils_chooses_one_and_the_pages_pass_axe(page, site):
    Membership.objects.create(
        user=Membership.objects.get(user__username="hallingdal-politikar").user,
        council=Council.objects.get(slug="lillehammer-regionen"),
        role="reader",
    )
    log_in(page, site, "hallingdal-politikar")
    expect(page).to_have_url(f"{site}/start/")
    for url in ["/start/", PLAN, PLAN + "endringar/", BUDGET]:
        page.goto(site + url)
        results = Axe().run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{url}: {results.generate_report()}"
    page.goto(site + "/start/")
    page.get_by_role("link", name="Lillehammer-regionen").first.click()
    expect(page).to_have_url(f"{site}/lillehammer-regionen/")
