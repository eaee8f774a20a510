import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from measures.models import Measure
from plans.models import Plan

from .conftest import log_in


def serious_violations(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return bad, results


@pytest.mark.parametrize("width", [1280, 390])
def test_the_county_page_is_accessible_at_desktop_and_phone_width(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/fylke/innlandet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innlandet fylkeskommune")
    expect(
        page.get_by_text("Kommunene er ikke enige om fylkeskommunalt medlemskap.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Samferdsel")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_search_for_kollektiv_from_the_county_page_finds_measures_of_two_councils(page, site):
    plan = Plan.objects.get(
        council__slug="lillehammer-regionen", slug="handlings-og-okonomiplan-2026"
    )
    goal = plan.focus_areas.first().goals.first()
    Measure.objects.create(goal=goal, text="Bedre kollektivtransport mellom Øyer og Lillehammer")
    page.goto(f"{site}/fylke/innlandet/")
    page.get_by_label("Søk i planene til alle rådene i Innlandet").fill("kollektiv")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_url(re.compile(r"/fylke/innlandet/sok/\?q=kollektiv"))
    councils = page.locator(".search-result__council")
    expect(councils.first).to_be_visible()
    assert set(councils.all_inner_texts()) == {"Lillehammer-regionen", "Nord-Gudbrandsdal"}
    expect(page.locator(".search-results mark").first).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()


def test_a_secretariat_tags_a_measure_in_place_and_the_county_sees_it(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    measure = Measure.objects.get(
        goal__focus_area__plan__council__slug="lillehammer-regionen", text__startswith="E6"
    )
    page.goto(site + measure.get_absolute_url())
    page.evaluate("window.sameDocument = true")
    page.get_by_text("Endre temaer").click()
    page.get_by_label("Nytt tema").fill("Mjøsbrua")
    page.get_by_role("button", name="Lagre temaer").click()
    expect(page.locator("#themes [role=status]")).to_have_text("Temaene er lagret.")
    expect(page.locator("#themes .theme-tag", has_text="Mjøsbrua")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True  # swapped by htmx, with its CSRF token
    page.locator("#themes .theme-tag a", has_text="Mjøsbrua").click()
    page.wait_for_url(re.compile(r"/fylke/innlandet/tema/mjosbrua/$"))
    expect(page.locator(".theme-table")).to_contain_text("E6")


def test_the_theme_list_filters_by_status_and_stays_accessible(page, site):
    page.goto(f"{site}/fylke/innlandet/tema/samferdsel/")
    expect(page.locator(".results__count")).to_have_text(re.compile("8 tiltak"))
    page.locator("fieldset.filters__status label", has_text="Rød").click()
    page.get_by_role("button", name="Vis").click()
    expect(page.locator(".results__count")).to_have_text(re.compile(r"^\s*0 tiltak"))
    assert "status=red" in page.url
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()


def test_the_open_data_page_has_no_script_of_its_own_and_is_accessible(page, site):
    page.goto(f"{site}/api/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opne data")
    inline = page.evaluate("[...document.scripts].filter(s => !s.src).length")
    assert inline == 0
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
