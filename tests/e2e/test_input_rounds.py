"""The municipalities' input round in the browser: the secretariat opens it, Gol answers
through the link in its mail on a phone, Hol's letter is entered, the results sort; axe on the
answer page and the results page."""

import io
import os
import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from helpers import measure_by_code
from playwright.sync_api import expect

from rounds.models import Invitation

from .conftest import log_in

# Set SHOTS=/tmp/shots-owners-b to keep screenshots of the pages (README: looking at the UI).
SHOTS = os.environ.get("SHOTS")


def heading(code):
    """How the answer form's select names a measure."""
    return measure_by_code(code).heading


def serious_violations(page):
    results = Axe().run(page)
    violations = results.response["violations"]
    return [v for v in violations if v["impact"] in ("serious", "critical")], results


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_round_from_opening_to_sorted_results(browser, page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    page.get_by_role("link", name="Innspelsrundar").click()
    page.get_by_role("link", name="Opne ein innspelsrunde").click()
    page.get_by_label("Tittel").fill("Innspel før Hallingtinget 2027")
    page.get_by_label("Gol").fill("post@gol.kommune.no")
    shoot(page, "round-open-1280")
    page.get_by_role("button", name="Opne runden og send lenkjene").click()
    expect(page.get_by_role("heading", name="Innspel før Hallingtinget 2027")).to_be_visible()
    expect(page.get_by_text("E-posten ventar på å bli sendt.")).to_be_visible()

    # The worker sends Gol its link.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    [message] = mail.outbox
    link = re.search(r"https?://\S+/innspel/\S+/", message.body)[0]
    page.reload()
    expect(page.get_by_text("Lenkja sendt til post@gol.kommune.no")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    shoot(page, "round-detail-1280")

    # Gol's contact answers on a phone, without an account.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nn-NO")
    gol = phone.new_page()
    gol.goto(link)
    expect(gol.get_by_role("heading", name="Innspel før Hallingtinget 2027")).to_be_visible()
    bad, results = serious_violations(gol)
    assert not bad, results.generate_report()
    assert gol.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(gol, "answer-390")
    prioritise = gol.get_by_role("group", name="Prioritere sterkare")
    prioritise.get_by_label("Tiltak 1", exact=True).select_option(label=heading("1.1.1"))
    prioritise.get_by_label("Grunngjeving for tiltak 1").fill("Gol har ventande etableringar.")
    remove = gol.get_by_role("group", name="Trekkje ut")
    remove.get_by_label("Tiltak 1", exact=True).select_option(label=heading("3.1.1"))
    # A reason forgotten: the form says so and keeps what was typed.
    gol.get_by_role("button", name="Send svaret frå Gol").click()
    expect(gol.get_by_text("Grunngje valet av dette tiltaket.")).to_be_visible()
    expect(prioritise.get_by_label("Grunngjeving for tiltak 1")).to_have_value(
        "Gol har ventande etableringar."
    )
    remove.get_by_label("Grunngjeving for tiltak 1").fill("Ikkje regionrådet si oppgåve.")
    gol.get_by_role("button", name="Send svaret frå Gol").click()
    expect(gol.get_by_role("heading", name="Svaret frå Gol er registrert")).to_be_visible()
    phone.close()

    # Hol's answer came by letter.
    page.get_by_role("link", name="Legg inn svaret frå Hol motteke per brev").click()
    page.get_by_label("Brevet kom").fill("2026-11-20")
    group = page.get_by_role("group", name="Trekkje ut")
    group.get_by_label("Tiltak 1", exact=True).select_option(label=heading("3.1.1"))
    group.get_by_label("Grunngjeving for tiltak 1").fill("Kan gå ut.")
    page.get_by_role("button", name="Lagre svaret").click()
    expect(
        page.get_by_text("Svaret frå Hol er registrert, merkt som motteke per brev.")
    ).to_be_visible()

    page.get_by_role("link", name="Resultat", exact=True).click()
    expect(page.get_by_text("2 av 6 kommunar har svart.")).to_be_visible()
    row = page.locator("tr", has=page.get_by_role("rowheader", name=re.compile(r"^3\.1\.1 ")))
    expect(row.locator("td")).to_have_text(["0", "2", "0", "2"])
    expect(page.get_by_text("Hol (per brev): Kan gå ut.")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    page.get_by_role("link", name="Trekkje ut").click()
    expect(page.get_by_role("columnheader", name="Trekkje ut")).to_have_attribute(
        "aria-sort", "descending"
    )
    first = page.locator("tbody tr").first.get_by_role("rowheader")
    expect(first).to_have_text(re.compile(r"^\s*3\.1\.1 "))
    shoot(page, "results-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "results-390")


def test_the_demo_results_and_answer_page_read_at_320_px(browser, site):
    context = browser.new_context(viewport={"width": 320, "height": 900}, locale="nn-NO")
    page = context.new_page()
    log_in(page, site, "hallingdal-politikar")
    page.goto(f"{site}/hallingdal/regionplan/innspelsrundar/")
    page.get_by_role("link", name="Resultat").first.click()
    expect(page.get_by_text("4 av 6 kommunar har svart.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    shoot(page, "results-demo-320")
    context.close()


def test_the_demo_links_answer_page_and_receipt(page, site):
    """Nesbyen has not answered the demo round: its form; Gol has: the receipt, at 1280 px."""
    page.set_viewport_size({"width": 1280, "height": 900})
    invitations = Invitation.objects.filter(round__title__startswith="Innspel frå kommunane")
    nesbyen = invitations.get(name="Nesbyen")
    page.goto(site + nesbyen.answer_path())
    expect(page.get_by_role("button", name="Send svaret frå Nesbyen")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    shoot(page, "answer-1280")
    page.goto(site + invitations.get(name="Gol").answer_path())
    expect(page.get_by_role("heading", name="Svaret frå Gol er registrert")).to_be_visible()
    bad, results = serious_violations(page)
    assert not bad, results.generate_report()
    shoot(page, "answer-receipt-1280")
