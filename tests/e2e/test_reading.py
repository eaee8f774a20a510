import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in


def visible_codes(page):
    links = page.locator("#results tr[id^=measure-] td.measures__code a").all_inner_texts()
    return [text.split()[0] for text in links]  # the rest is a screen-reader-only summary


def test_politician_filters_to_red_without_a_reload_and_the_url_keeps_it(page, site):
    log_in(page, site, "hallingdal-politikar")
    page.goto(f"{site}/hallingdal/regionplan/")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    page.locator("fieldset.filters__status label", has_text="Raud").click()

    expect(page.locator(".results__count")).to_have_text(re.compile("Viser 1 av 69 tiltak"))
    assert visible_codes(page) == ["1.2.2"]
    expect(page.locator("#results .badge--red")).to_have_count(1)
    expect(page.locator("#results .badge--not_assessed")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]status=red"))
    assert page.evaluate("window.sameDocument") is True

    page.go_back()
    expect(page.locator(".results__count")).to_have_text(re.compile("Alle 69 tiltak"))


def test_shared_filter_link_opens_filtered(page, site):
    page.goto(f"{site}/hallingdal/regionplan/?status=red")
    expect(page.locator(".results__count")).to_have_text(re.compile("Viser 1 av 69"))
    expect(page.get_by_label("Raud")).to_be_checked()


def test_search_kollektiv_finds_the_collective_transport_measures(page, site):
    page.goto(f"{site}/hallingdal/regionplan/")
    page.get_by_label("Søk i planen").fill("kollektiv")
    expect(page.locator(".results__count")).to_have_text(re.compile("Viser \\d+ av 69"))
    assert {"3.3.1", "3.3.2"} <= set(visible_codes(page))
    expect(page.locator("#results mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=kollektiv$"))


def test_keyboard_only_reaches_a_measure_page(page, site):
    page.goto(f"{site}/hallingdal/regionplan/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Gå til hovudinnhaldet")
    page.keyboard.press("Enter")
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "/tiltak/" in href:
            break
    else:
        raise AssertionError("Tab never reached a measure link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tiltak/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Tiltak")


def test_switching_to_bokmal_changes_the_labels(page, site):
    page.goto(f"{site}/hallingdal/regionplan/")
    expect(page.locator(".stat-card").first).to_contain_text("Grøn")
    page.get_by_role("combobox", name="Språk").select_option("nb")
    page.get_by_role("button", name="Byt").click()
    expect(page.locator(".stat-card").first).to_contain_text("Grønn")
    expect(page.locator("#overview-heading")).to_have_text("Status for 69 tiltak")
    expect(page.get_by_text("Påbegynt, i rute")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_without_javascript_the_filter_form_works_by_plain_get(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="nn-NO")
    page = context.new_page()
    page.goto(f"{site}/hallingdal/regionplan/")
    page.get_by_label("Raud").check()
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator(".results__count")).to_have_text(re.compile("Viser 1 av 69"))
    expect(page).to_have_url(re.compile(r"[?&]status=red"))
    context.close()


def serious_violations(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return bad, results


def test_council_list_plan_and_measure_pages_have_no_serious_accessibility_violations(page, site):
    urls = [
        "/",
        "/hallingdal/",
        "/hallingdal/regionplan/",
        "/hallingdal/regionplan/?status=red&q=jobbe",
        "/hallingdal/sok/?q=kollektiv",
        "/nord-gudbrandsdal/handlingsplan-2026/",
        "/lillehammer-regionen/",
        "/lillehammer-regionen/budsjett/2026/",
        "/hallingdal/regionplan/sak/03-26/",
    ]
    page.goto(f"{site}/hallingdal/regionplan/")
    urls.append(page.locator("#results td.measures__code a").first.get_attribute("href"))
    for url in urls:
        page.goto(site + url)
        bad, results = serious_violations(page)
        assert not bad, f"{url}\n{results.generate_report()}"


def test_narrow_screens_have_no_serious_accessibility_violations(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 900}, locale="nn-NO")
    page = context.new_page()
    page.goto(f"{site}/hallingdal/regionplan/")
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    # Nothing but the data table scrolls sideways at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
