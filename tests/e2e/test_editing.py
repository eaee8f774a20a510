import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from measures.models import Measure

from .conftest import log_in


def row_of(page, code):
    """The measure's row. Call it before clicking anything that saves: it reads the database,
    which the test shares with the live server (in-memory SQLite), and a read while the server
    is writing fails with "database table is locked"."""
    measure = Measure.objects.get(code=code, goal__focus_area__plan__slug="regionplan")
    return page.locator(f"#measure-{measure.pk}")


def test_secretariat_sets_a_status_without_a_reload_and_it_persists(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    page.evaluate("window.sameDocument = true")
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("2")
    first, second = row_of(page, "1.1.2"), row_of(page, "1.1.1")
    first_url = site + Measure.objects.get(code="1.1.2").get_absolute_url()

    first.get_by_text("Set status").click()
    first.locator("label.check", has_text="Gul").click()
    first.get_by_label("Kommentar til statusen").fill("Portalen er i gang, fleire kommunar med.")
    first.get_by_role("button", name="Lagre status").click()
    expect(first.locator(".row-message")).to_have_text("Statusen er lagra.")

    second.get_by_text("Set status").click()
    second.locator("label.check", has_text="Gul").click()
    second.get_by_role("button", name="Lagre status").click()
    expect(second.locator(".measures__status > .badge--yellow")).to_be_visible()
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("3")
    assert page.evaluate("window.sameDocument") is True

    page.reload()
    expect(second.locator(".measures__status > .badge--yellow")).to_be_visible()
    expect(page.locator(".stat-card--yellow .stat-card__count")).to_have_text("3")
    page.goto(first_url)
    # The status comment is the measure's comment now, and the history keeps it with the status.
    comment = "Portalen er i gang, fleire kommunar med."
    expect(page.locator("dl.facts").get_by_text(comment)).to_be_visible()
    expect(page.locator(".timeline p", has_text=comment).first).to_be_visible()


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
    row = row_of(page, "1.2.1")
    target = row.locator("summary")
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the status control of 1.2.1")
    page.keyboard.press("Enter")  # opens the disclosure
    page.keyboard.press("Tab")  # the checked radio (not assessed)
    page.keyboard.press("ArrowUp")  # radios move with arrows: red
    expect(row.locator("input[value=red]")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Står i stampe")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row.locator(".measures__status > .badge--red")).to_be_visible()
    assert Measure.objects.get(code="1.2.1").status_changes.get().comment == "Står i stampe"


def test_field_edit_inline_and_cancel(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row = row_of(page, "1.1.3")  # the same id before, during and after the edit
    row.get_by_role("link", name=re.compile("^Endre")).click()
    row.get_by_label("Ansvar").fill("Regionrådet og kommunane")
    row.get_by_role("button", name="Lagre").click()
    expect(row).to_contain_text("Regionrådet og kommunane")
    expect(row.locator(".row-message")).to_have_text("Endringane er lagra.")


FAILED_WRITE = (
    "Tenaren svarte ikkje som han skulle, så dette er kanskje ikkje lagra. Last inn sida på "
    "nytt og sjå kva som vart lagra før du prøver igjen."
)


def test_a_status_save_that_gets_no_answer_says_so_and_keeps_what_was_typed(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row = row_of(page, "1.1.2")
    row.get_by_text("Set status").click()
    row.locator("label.check", has_text="Gul").click()
    comment = row.get_by_label("Kommentar til statusen")
    comment.fill("Skrive før feilen")
    save = row.get_by_role("button", name="Lagre status")

    page.route("**/status/", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    save.click()
    expect(row.locator(".request-problem")).to_have_text(FAILED_WRITE)
    expect(row.locator(".request-problem")).to_have_attribute("role", "alert")
    expect(comment).to_have_value("Skrive før feilen")
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()

    page.unroute("**/status/")
    page.route("**/status/", lambda route: route.abort("connectionreset"))
    save.click()
    expect(row.locator(".request-problem")).to_have_count(1)  # the earlier one made way

    page.unroute("**/status/")
    save.click()
    expect(row.locator(".row-message")).to_have_text("Statusen er lagra.")
    expect(page.locator(".request-problem")).to_have_count(0)


def test_an_edit_form_that_cannot_be_fetched_says_so_beside_the_link(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row = row_of(page, "1.1.3")
    page.route("**/endre/", lambda route: route.abort("internetdisconnected"))
    row.get_by_role("link", name=re.compile("^Endre")).click()
    expect(row.locator(".request-problem")).to_have_text(
        "Dette kunne ikkje hentast no. Prøv igjen om litt."
    )
    page.unroute("**/endre/")
    row.get_by_role("link", name=re.compile("^Endre")).click()
    expect(row.get_by_label("Ansvar")).to_be_visible()
    expect(row.locator(".request-problem")).to_have_count(0)


def test_secretariat_plan_page_has_no_serious_accessibility_violations(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    row_of(page, "1.1.1").get_by_text("Set status").click()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
