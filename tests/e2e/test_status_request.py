"""A whole status request in the browser: the Hallingdal secretariat asks for status on focus
area 1; Gol and Næringshagen get mails from the worker; Gol's contact proposes two statuses
through the link; with time moved past the deadline the worker reminds Næringshagen (not Gol);
the secretariat accepts one answer and sends the other back; the measure's history names
proposer and accepter. axe checks the request page, the answer page, the queue and the party
page at desktop and phone width."""

import datetime
import re
from unittest import mock

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from measures.models import Measure, StatusChange
from owners.models import OutgoingMail, StatusRequest

from .conftest import log_in


def assert_accessible(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def answer_link(address):
    (message,) = [m for m in mail.outbox if address in m.to[0]]
    return re.search(r"https?://\S+/svar/\S+/", message.body)[0]


def measure(code):
    return Measure.objects.get(goal__focus_area__plan__council__slug="hallingdal", code=code)


def test_a_whole_status_request_from_asking_to_accepting(page, site, browser):
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(f"{site}/hallingdal/regionplan/")
    page.get_by_role("link", name="Statusførespurnader").click()
    page.get_by_role("link", name="Ny statusførespurnad").click()
    assert_accessible(page)
    # Focus area 1 only: untick the others.
    areas = page.get_by_role("group", name="Satsingsområde").get_by_role("checkbox")
    for index in range(1, areas.count()):
        areas.nth(index).uncheck()
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Frist", exact=True).fill(deadline.isoformat())
    page.get_by_label("Melding til dei ansvarlege").fill("Status før Hallingtinget, takk.")
    page.get_by_role("button", name="Send førespurnaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statusførespurnad")
    expect(page.get_by_text("0 av ")).to_be_visible()
    assert_accessible(page)

    # The worker sends the request mails: both of Gol's contacts and Næringshagen.
    run_worker()
    recipients = {m.to[0] for m in mail.outbox}
    assert any("kari.gol@example.org" in to for to in recipients)
    assert any("ola.gol@example.org" in to for to in recipients)
    assert any("naeringshagen@example.org" in to for to in recipients)
    assert not any("ikt@example.org" in to for to in recipients)  # focus area 6 only

    # Gol's contact answers through the link, without an account.
    contact = browser.new_context(locale="nn-NO")
    answer = contact.new_page()
    answer.goto(answer_link("kari.gol@example.org"))
    expect(answer.get_by_role("heading", level=1)).to_have_text("Status for tiltaka til Gol")
    assert_accessible(answer)
    first, second = measure("1.2.3"), measure("1.3.1")
    answer.locator(f"#id_m-{first.pk}-status").select_option("green")
    answer.locator(f"#id_m-{first.pk}-comment").fill("Ferdig i Gol i haust.")
    answer.locator(f"#id_m-{second.pk}-status").select_option("red")
    answer.locator(f"#id_m-{second.pk}-comment").fill("Ikkje starta.")
    answer.get_by_role("button", name="Send svaret").click()
    expect(answer.get_by_text("Takk: svaret ditt er sendt")).to_be_visible()

    # Time moved to the day after the deadline: the worker reminds Næringshagen only.
    mail.outbox.clear()
    status_request = StatusRequest.objects.get()
    after = status_request.at_start_of(deadline + datetime.timedelta(days=1))
    with mock.patch("django.utils.timezone.now", return_value=after + datetime.timedelta(hours=1)):
        run_worker()
    reminded = {m.to[0] for m in mail.outbox}
    assert any("naeringshagen@example.org" in to for to in reminded)
    assert not any("gol@example.org" in to for to in reminded)
    assert all(m.subject.startswith("Påminning") for m in mail.outbox)
    assert OutgoingMail.objects.filter(kind="reminder_after", state="sent").exists()

    # The secretariat works through the queue: accepts one, sends the other back.
    page.reload()
    expect(page.get_by_text("1 av ")).to_be_visible()
    assert_accessible(page)
    accept_section = page.locator("section.proposal").filter(has_text="1.2.3")
    accept_section.get_by_role("button", name="Godkjenn", exact=True).click()
    expect(page.get_by_text("Godkjent for tiltak 1.2.3.")).to_be_visible()
    back_section = page.locator("section.proposal").filter(has_text="1.3.1")
    back_section.get_by_label("Merknad til den ansvarlege (når du sender tilbake)").fill(
        "Kva manglar for å starte?"
    )
    back_section.get_by_role("button", name="Send tilbake").click()
    expect(page.get_by_text("Sendt tilbake til Gol.")).to_be_visible()
    expect(page.get_by_text("Ingen svar ventar.")).to_be_visible()

    change = StatusChange.objects.get(measure=first)
    assert change.to_status == "green"
    assert not StatusChange.objects.filter(measure=second).exists()

    # The history names proposer and accepter.
    page.goto(f"{site}{first.get_absolute_url()}")
    expect(
        page.get_by_text(
            "Føreslått av Kari Gol (oppdikta) (Gol), godkjent av hallingdal-sekretariat"
        )
    ).to_be_visible()

    # Gol's contact sees the note on the sent-back measure.
    answer.reload()
    expect(answer.get_by_text("Kva manglar for å starte?")).to_be_visible()
    contact.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_party_page_is_accessible_and_fits_the_screen(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site}/hallingdal/")
    page.get_by_role("link", name="Gol", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kva Gol har ansvar for")
    page.get_by_label("Status").select_option("not_assessed")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"status=not_assessed"))
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
