import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from measures.models import Measure

from .conftest import log_in


def row_of(page, code):
    measure = Measure.objects.get(code=code, goal__focus_area__plan__slug="regionplan")
    return page.locator(f"#measure-{measure.pk}")


def test_secretariat_sets_a_status_without_a_reload_and_it_persists(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    page.evaluate("window.sameDocument = true")
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("2")

    row = row_of(page, "1.1.2")
    row.get_by_text("Set status").click()
    row.locator("label.check", has_text="Gul").click()
    row.get_by_label("Kommentar til statusen").fill("Portalen er i gang, fleire kommunar med.")
    row.get_by_role("button", name="Lagre status").click()
    expect(row_of(page, "1.1.2").locator(".row-message")).to_have_text("Statusen er lagra.")

    row = row_of(page, "1.1.1")
    row.get_by_text("Set status").click()
    row.locator("label.check", has_text="Gul").click()
    row.get_by_role("button", name="Lagre status").click()
    expect(row_of(page, "1.1.1").locator(".measures__status > .badge--yellow")).to_be_visible()
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("3")
    assert page.evaluate("window.sameDocument") is True

    page.reload()
    expect(row_of(page, "1.1.1").locator(".measures__status > .badge--yellow")).to_be_visible()
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("3")
    page.goto(site + Measure.objects.get(code="1.1.2").get_absolute_url())
    expect(page.get_by_text("Portalen er i gang, fleire kommunar med.")).to_be_visible()


def test_politician_sees_the_new_status_but_no_edit_controls(page, site):
    Measure.objects.get(code="1.1.1", goal__focus_area__plan__slug="regionplan").change_status(
        "green", comment="Ferdig"
    )
    log_in(page, site, "hallingdal-politikar")
    page.goto(f"{site}/hallingdal/regionplan/")
    expect(row_of(page, "1.1.1").locator(".measures__status > .badge--green")).to_be_visible()
    expect(page.locator(".status-edit")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Endre"))).to_have_count(0)


def test_keyboard_only_status_change(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    target = row_of(page, "1.2.1").locator("summary")
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the status control of 1.2.1")
    page.keyboard.press("Enter")  # opens the disclosure
    page.keyboard.press("Tab")  # the checked radio (not assessed)
    page.keyboard.press("ArrowUp")  # radios move with arrows: red
    expect(row_of(page, "1.2.1").locator("input[value=red]")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Står i stampe")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row_of(page, "1.2.1").locator(".measures__status > .badge--red")).to_be_visible()
    assert Measure.objects.get(code="1.2.1").status_changes.get().comment == "Står i stampe"


def test_field_edit_inline_and_cancel(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row_of(page, "1.1.3").get_by_role("link", name=re.compile("^Endre")).click()
    form = row_of(page, "1.1.3")
    form.get_by_label("Ansvar").fill("Regionrådet og kommunane")
    form.get_by_role("button", name="Lagre").click()
    expect(row_of(page, "1.1.3")).to_contain_text("Regionrådet og kommunane")
    expect(row_of(page, "1.1.3").locator(".row-message")).to_have_text("Endringane er lagra.")


def test_secretariat_plan_page_has_no_serious_accessibility_violations(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row_of(page, "1.1.1").get_by_text("Set status").click()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
