from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in

URL = "/lillehammer-regionen/strategisk-handlingsplan-2021-2025/strategi/"


def serious(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return bad, results


def test_strategy_page_has_no_serious_accessibility_violations(page, site):
    page.goto(site + URL)
    expect(page.get_by_role("heading", name="Strategisk handlingsplan 2021-25")).to_be_visible()
    expect(page.get_by_role("link", name="Handlings- og økonomiplan 2026")).to_be_visible()
    bad, results = serious(page)
    assert not bad, results.generate_report()


def test_strategy_page_at_phone_width_has_no_serious_accessibility_violations(page, site):
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    bad, results = serious(page)
    assert not bad, results.generate_report()


def test_secretariat_edits_the_financing_in_the_browser(page, site):
    """A real browser form: the CSRF token goes with it, and the page shows the new sum."""
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    page.get_by_role("link", name="Endre finansieringen").click()
    bad, results = serious(page)
    assert not bad, results.generate_report()
    page.get_by_label("Kroner per år 2").fill("1200000")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Finansieringen er lagret.")).to_be_visible()
    expect(page.locator(".stat-card__count").first).to_have_text("3\u202f700\u202f000")


def test_secretariat_names_a_strategy_goal_in_the_browser(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + "/lillehammer-regionen/handlings-og-okonomiplan-2026/strategimal/")
    bad, results = serious(page)
    assert not bad, results.generate_report()
    page.get_by_label("Mål: Nye oppdrag").select_option(
        label="Realisere Strategisk næringsplan for Lillehammer-regionen"
    )
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Strategimålene er lagret.")).to_be_visible()
    page.goto(site + URL)
    row = page.get_by_role("row", name="Realisere Strategisk næringsplan")
    expect(row.get_by_role("cell").nth(3)).to_have_text("10")
