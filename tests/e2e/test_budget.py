from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from budgets.models import BudgetLine

from .conftest import log_in

URL = "/lillehammer-regionen/budsjett/2026/"


def test_secretariat_edits_a_line_amount_and_the_remainder_follows(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    page.evaluate("window.sameDocument = true")
    expect(page.locator("#unallocated-figure")).to_have_text("610\u202f000")
    line = BudgetLine.objects.get(title="Filmsatsing")
    row = page.locator(f"#line-{line.pk}")
    row.get_by_role("link", name="Endre").click()
    edit = page.locator(f"#line-{line.pk}")
    edit.get_by_label("Nytt beløp (kr)").fill("kr 250 000")
    edit.get_by_role("button", name="Lagre").click()
    expect(page.locator("#unallocated-figure")).to_have_text("510\u202f000")
    expect(page.locator(f"#line-{line.pk}")).to_contain_text("250\u202f000")
    expect(page.locator("#unallocated-row")).to_contain_text("510\u202f000")
    assert page.evaluate("window.sameDocument") is True
    page.reload()
    expect(page.locator("#unallocated-figure")).to_have_text("510\u202f000")


def test_bad_amount_shows_a_message_in_place(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    line = BudgetLine.objects.get(title="Filmsatsing")
    page.locator(f"#line-{line.pk}").get_by_role("link", name="Endre").click()
    edit = page.locator(f"#line-{line.pk}")
    edit.get_by_label("Nytt beløp (kr)").fill("-5")
    edit.get_by_role("button", name="Lagre").click()
    expect(page.locator(f"#line-{line.pk} .field-error")).to_contain_text("negativt")
    expect(page.locator("#unallocated-figure")).to_have_text("610\u202f000")


def test_budget_page_for_the_secretariat_has_no_serious_accessibility_violations(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()


def test_secretariat_adds_moves_and_archives_a_line_in_place(page, site):
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Legg til en linje i Øvrige prioriteringer").click()
    form = page.locator("form[hx-post$='/linje/ny/']")
    form.get_by_label("Tittel").fill("Ungdomsfestival")
    form.get_by_label("Nytt beløp (kr)").fill("60 000")
    form.get_by_role("button", name="Legg til").click()
    expect(page.locator("#unallocated-figure")).to_have_text("550\u202f000")
    line = BudgetLine.objects.get(title="Ungdomsfestival")
    row = page.locator(f"#line-{line.pk}")
    expect(row).to_contain_text("60\u202f000")

    up = page.locator(f"#move-up-line-{line.pk}")
    up.click()
    expect(row.locator("xpath=preceding-sibling::tr[1]")).to_contain_text("Fellessatsinger")
    expect(up).to_be_focused()  # pressing again moves it another place
    page.keyboard.press("Enter")
    expect(row.locator("xpath=preceding-sibling::tr[1]")).to_contain_text("World Union")

    row.get_by_role("button", name="Arkiver").click()
    expect(page.locator("#unallocated-figure")).to_have_text("610\u202f000")
    expect(page.locator(f"#line-{line.pk}")).to_have_count(0)
    expect(page.locator("#archived-items")).to_contain_text("Ungdomsfestival")
    expect(page.locator("#flash")).to_contain_text("arkivert")
    assert page.evaluate("window.sameDocument") is True


# Enter on a focused button is a click. This presses the focused button at the first moment a
# user's key can be handled after htmx has inserted the new tables: the task right after the
# swap (htmx:afterSwap fires inside the swap itself, when no input can come in).
PRESS_FOCUSED_BUTTON_RIGHT_AFTER_THE_SWAP = """() => {
  let armed = true;
  document.addEventListener("htmx:afterSwap", (event) => {
    if (!armed || event.target.id !== "budget-tables") return;
    armed = false;
    setTimeout(() => {
      window.pressedAfterSwap = document.activeElement.id;
      document.activeElement.click();
    });
  });
}"""


def test_a_move_pressed_right_after_the_swap_stays_in_place(page, site):
    """Issue 21: htmx put the focus back on the new move button as soon as it swapped the
    tables in, but wired up its form only when settling 20 ms later; Enter in between submitted
    the form natively and reloaded the page."""
    log_in(page, site, "lillehammer-regionen-sekretariat")
    page.goto(site + URL)
    page.evaluate("window.sameDocument = true")
    page.evaluate(PRESS_FOCUSED_BUTTON_RIGHT_AFTER_THE_SWAP)
    line = BudgetLine.objects.get(title__startswith="Fellessatsinger")
    row = page.locator(f"#line-{line.pk}")
    up = page.locator(f"#move-up-line-{line.pk}")
    up.click()  # and, as the tables come back, up again
    expect(row.locator("xpath=preceding-sibling::tr[1]")).to_contain_text("Ung i Lillehammer")
    assert page.evaluate("window.sameDocument") is True, f"the page reloaded: {page.url}"
    assert page.evaluate("window.pressedAfterSwap") == f"move-up-line-{line.pk}"
    expect(up).to_be_focused()
