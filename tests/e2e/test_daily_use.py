"""Daily use without friction (issue 15, part A), in the browser: errors in place, the counter
and the refusal, archive with undo, the status round by keyboard alone, moving in place."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from measures.models import Measure

from .conftest import log_in

PLAN = "/hallingdal/regionplan/"


def pk_of(code):
    """Read before anything is saved: the live server shares the in-memory database."""
    return Measure.objects.get(code=code, goal__focus_area__plan__slug="regionplan").pk


def assert_no_serious_violations(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_an_inline_edit_error_is_shown_in_its_row_with_the_input_kept_and_focused(
    page, site, settings
):
    # With DEBUG on, django-htmx's helper used to replace the whole page with the 400 answer.
    settings.DEBUG = True
    pk = pk_of("1.1.3")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    page.evaluate("window.sameDocument = true")
    row = page.locator(f"#measure-{pk}")
    row.get_by_role("link", name=re.compile("^Endre")).click()
    row.get_by_label("Tiltak", exact=True).fill("   ")
    row.get_by_label("Ansvar").fill("Regionrådet og «kommunane»")
    row.get_by_role("button", name="Lagre").click()
    expect(row.locator(".field-error")).to_have_text("Feltet er påkravd.")
    expect(row.get_by_label("Tiltak", exact=True)).to_be_focused()
    expect(row.get_by_label("Ansvar")).to_have_value("Regionrådet og «kommunane»")
    expect(page.locator(".site-header")).to_be_visible()  # the page is still there around it
    expect(page.get_by_role("heading", name="Regionplan", level=1)).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    described = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
             el.getAttribute('aria-describedby').split(/\\s+/)
               .filter(id => !document.getElementById(id)))"""
    )
    assert described == []
    assert_no_serious_violations(page)


def test_the_counter_shows_near_the_limit_and_a_long_comment_is_refused_not_cut(page, site):
    pk = pk_of("1.1.1")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    row = page.locator(f"#measure-{pk}")
    row.locator("summary").click()
    comment = row.get_by_label("Kommentar til statusen")
    counter = row.locator(".char-count")
    comment.fill("a" * 700)
    expect(counter).to_be_hidden()
    comment.fill("a" * 850)
    expect(counter).to_have_text("850 av 1000 teikn")
    long_text = "Framdrift: " + "æ" * 1198  # 1,209 characters, as pasted in the issue
    comment.fill(long_text)
    expect(counter).to_have_text(
        "209 teikn for mykje: gjer teksten kortare for å lagre han (høgst 1000)."
    )
    assert comment.evaluate("el => el.value.length") == 1209  # nothing cut by the browser
    row.locator("label.check", has_text="Gul").click()
    row.get_by_role("button", name="Lagre status").click()
    expect(row.locator(".field-error")).to_contain_text("1000")
    expect(row.get_by_label("Kommentar til statusen")).to_be_focused()
    expect(row.get_by_label("Kommentar til statusen")).to_have_value(long_text)
    expect(row.locator(".measures__status > .badge--yellow")).to_have_count(0)  # not saved
    row.get_by_label("Kommentar til statusen").fill(long_text[:1000])
    row.get_by_role("button", name="Lagre status").click()
    expect(row.locator(".measures__status > .badge--yellow")).to_be_visible()
    assert Measure.objects.get(pk=pk).comment == long_text[:1000]


def test_archive_asks_first_lists_the_measure_as_archived_and_undo_puts_it_back(page, site):
    pk, next_pk = pk_of("1.1.2"), pk_of("1.1.3")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    row = page.locator(f"#measure-{pk}")
    row.get_by_role("link", name=re.compile("^Endre")).click()
    row.get_by_role("link", name="Arkiver tiltaket …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkiver tiltak 1.1.2?")
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Arkiver").click()
    expect(page.locator(".alert--success")).to_contain_text(
        "Tiltak 1.1.2 er arkivert. Det står under «Arkivert» nedst i planen"
    )
    expect(page.locator(f"#measure-{pk}")).to_have_count(0)
    archived = page.locator("#archived")
    expect(archived.get_by_role("heading")).to_have_text("Arkivert (1)")
    expect(archived.get_by_role("button", name="Hent fram att 1.1.2")).to_be_visible()
    assert_no_serious_violations(page)
    page.locator(".alert--success").get_by_role("button", name=re.compile("^Angre")).click()
    expect(page.locator(".alert--success")).to_contain_text("gjenoppretta")
    expect(page.locator("#archived")).to_have_count(0)
    # Back at its old place: straight above 1.1.3.
    expect(page.locator(f"#measure-{pk} + tr")).to_have_id(f"measure-{next_pk}")


def test_the_status_round_by_keyboard_alone_takes_at_most_four_keys_per_measure(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}{PLAN}statusrunde/")
    assert_no_serious_violations(page)
    keys = []

    def press(key):
        keys.append(key)
        page.keyboard.press(key)

    round_heading = page.locator("#round-heading")
    checked = page.locator(".round-current input[type=radio]:checked")
    # Measure 1: red, no comment. The page opens with the focus on the status.
    first_code = round_heading.inner_text().removeprefix("Tiltak ").strip()
    expect(checked).to_be_focused()
    press("ArrowUp")  # from "not assessed" (last) to red
    press("Enter")
    expect(round_heading).not_to_have_text(f"Tiltak {first_code}")
    first = len(keys)
    # Measure 2: yellow with a comment, saved from the comment with Ctrl+Enter.
    second_code = round_heading.inner_text().removeprefix("Tiltak ").strip()
    expect(checked).to_be_focused()
    press("ArrowUp")  # red
    press("ArrowUp")  # yellow
    press("Tab")
    page.keyboard.type("Portalen er under arbeid.")
    press("Control+Enter")
    expect(round_heading).not_to_have_text(f"Tiltak {second_code}")
    second = len(keys) - first
    expect(checked).to_be_focused()  # the next one is ready for the keyboard at once
    assert first <= 4 and second <= 4, keys
    one = Measure.objects.get(code=first_code, goal__focus_area__plan__slug="regionplan")
    two = Measure.objects.get(code=second_code, goal__focus_area__plan__slug="regionplan")
    assert (one.status, two.status, two.comment) == ("red", "yellow", "Portalen er under arbeid.")


def test_after_a_status_save_on_the_plan_page_the_focus_is_on_the_rows_control(page, site):
    pk = pk_of("1.2.1")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    row = page.locator(f"#measure-{pk}")
    row.locator("summary").click()
    row.locator("input[value=green]").check()  # the focus is on it now
    page.keyboard.press("Enter")
    expect(row.locator(".measures__status > .badge--green")).to_be_visible()
    expect(page.locator(f"#status-toggle-{pk}")).to_be_focused()


def test_skip_link_leads_to_the_measures(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til tiltaka")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#measures-heading$"))


def test_a_measure_and_a_goal_move_in_place_by_keyboard_and_keep_the_focus(page, site):
    first, second = pk_of("1.1.1"), pk_of("1.1.2")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    page.evaluate("window.sameDocument = true")
    page.locator(f"#move-down-measure-{first}").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#measure-{second} + tr")).to_have_id(f"measure-{first}")
    expect(page.locator(f"#move-down-measure-{first}")).to_be_focused()
    page.keyboard.press("Enter")  # again, from where the focus stayed
    # Last of its goal now (a loaded machine may take a while to redraw the plan).
    expect(page.locator(f"#measure-{first} + tr")).to_have_count(0, timeout=15000)
    expect(page.locator(f"#move-down-measure-{first}")).to_be_focused()
    goal_button = page.locator("[id^=move-up-goal-]").nth(1)
    goal_id = goal_button.get_attribute("id")
    goal_pk = goal_id.rsplit("-", 1)[1]
    goal_button.focus()
    page.keyboard.press("Enter")
    # A goal's move redraws every measure: give a loaded machine time.
    expect(page.locator(".goal-header").first).to_have_id(f"goal-{goal_pk}", timeout=15000)
    expect(page.locator(f"#{goal_id}")).to_be_focused()
    assert page.evaluate("window.sameDocument") is True
    page.reload()
    expect(page.locator(".goal-header").first).to_have_id(f"goal-{goal_pk}")
    assert_no_serious_violations(page)


def test_renumbering_shows_old_and_new_codes_before_it_saves(page, site):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + PLAN)
    page.get_by_role("link", name="Nummerer om kodane").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nummerer om kodane")
    second_641 = page.locator("tbody tr").filter(has_text="Restrukturere organisering")
    expect(second_641.locator("td").nth(0)).to_have_text("6.4.1")
    expect(second_641.locator("td").nth(1)).to_have_text("6.4.2")
    assert_no_serious_violations(page)
    page.get_by_role("button", name=re.compile("^Nummerer om \\d+ kodar$")).click()
    expect(page.locator(".alert--success")).to_contain_text("omnummererte")
    renumbered = page.locator("td.measures__code a").filter(has_text="Restrukturere organisering")
    expect(renumbered).to_contain_text("6.4.2")


def test_an_edit_page_without_javascript_shows_errors_in_place_and_accessibly(page, site):
    pk = pk_of("1.1.1")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}{PLAN}tiltak/{pk}/endre/")
    page.get_by_label("Tiltak", exact=True).fill("  ")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator(".field-error")).to_have_text("Feltet er påkravd.")
    expect(page.get_by_label("Tiltak", exact=True)).to_be_focused()
    assert_no_serious_violations(page)
