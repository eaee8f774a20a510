"""The agenda item in the browser: its page on a phone, and finalising, which asks first."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in


def serious_violations(page):
    results = Axe().run(page)
    violations = results.response["violations"]
    return [v for v in violations if v["impact"] in ("serious", "critical")], results


def test_the_report_page_reads_at_320_px_without_sideways_scrolling(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 900}, locale="nn-NO")
    page = context.new_page()
    page.goto(f"{site}/hallingdal/regionplan/sak/03-26/")
    expect(
        page.get_by_role("heading", name="1. Næringsutvikling og arbeidsplassar")
    ).to_be_visible()
    expect(page.get_by_text("Arbeidet står litt i stampe")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    context.close()


def test_secretariat_finalises_a_report_after_confirming(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/saker/ny/")
    expect(page.get_by_label("Politisk organ")).to_have_value("Hallingtinget")
    page.get_by_label("Saksnummer").fill("09-26")
    page.get_by_label("Tittel", exact=True).fill("Status hausten")
    page.get_by_label("Bakgrunn", exact=True).fill("## Kva er gjort\n\n**Kultur:** mykje")
    page.get_by_role("button", name="Førehandsvis formateringa").click()
    expect(page.locator(".formatted-preview strong", has_text="Kultur:")).to_be_visible()
    page.get_by_role("button", name="Lag utkast").click()
    page.get_by_role("link", name="Ferdigstill …").click()
    expect(page.get_by_text("Ferdigstillinga kan ikkje gjerast om.")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    page.get_by_role("button", name="Ja, ferdigstill").click()
    expect(page.get_by_role("link", name="Arkivkopi (PDF/A)")).to_be_visible()
    expect(page.get_by_role("heading", name="Kva er gjort")).to_be_visible()
