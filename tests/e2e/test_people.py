"""A new council runs itself, in the browser, with no admin and no shell: the superuser
creates Valdres regionråd and invites its secretariat head, who sets a password, turns on
two-factor (the council requires it), imports a plan from the blank template, publishes it and
invites a politician, who signs in and reads it. axe checks each new page on the way."""

import re

import pyotp
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from plans.models import Council, CouncilChange, Membership, Plan, Role

from .conftest import log_in

ROWS = [
    [
        "1 Næring",
        "1.1",
        "Fleire arbeidsplassar",
        "1.1.1",
        "Etablere ein næringshage",
        "2027",
        "Valdres Næringshage",
        "",
        "",
        "",
    ],
    [
        "1 Næring",
        "1.1",
        "Fleire arbeidsplassar",
        "1.1.2",
        "Felles marknadsføring",
        "2028",
        "Valdres Destinasjon",
        "",
        "",
        "",
    ],
    [
        "2 Samferdsel",
        "2.1",
        "Betre vegar",
        "2.1.1",
        "Utbetre E16 over Filefjell",
        "2029",
        "Regionrådet",
        "",
        "",
        "",
    ],
]


def assert_accessible(page):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()


def last_invitation_link():
    return re.search(r"https?://\S+/invitasjon/\S+/", mail.outbox[-1].body)[0]


def log_out(page):
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()


def accept_invitation(page, link, first, last, password):
    page.goto(link)
    assert_accessible(page)
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.get_by_role("button", name="Takk ja og logg inn").click()


def test_a_new_council_runs_itself_from_creation_to_a_politician_reading_its_plan(
    page, site, tmp_path
):
    # The superuser creates the council and invites its secretariat head.
    log_in(page, site, "admin")
    page.get_by_role("link", name="Nytt råd").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Valdres regionråd")
    page.locator("#id_short_name").fill("Valdres")
    page.locator("#id_county").select_option(label="Innlandet fylkeskommune")
    page.locator("#id_municipalities").fill(
        "3449 Sør-Aurdal\n3450 Etnedal\n3451 Nord-Aurdal\n3452 Vestre Slidre\n"
        "3453 Øystre Slidre\n3454 Vang"
    )
    page.locator("#id_secretariat_head_name").fill("Kari Nordmann")
    page.locator("#id_secretariat_head_title").fill("Regionrådsleiar")
    page.locator("#id_require_two_factor").check()
    page.locator("#id_head_email").fill("kari@valdres.example")
    page.get_by_role("button", name="Opprett rådet").click()
    page.wait_for_url(f"{site}/valdres/tilgang/")
    expect(page.get_by_role("cell", name="kari@valdres.example")).to_be_visible()
    assert_accessible(page)
    head_link = last_invitation_link()
    log_out(page)

    # The head accepts, chooses a password and is asked to turn on two-factor at once.
    accept_invitation(page, head_link, "Kari", "Nordmann", "Filefjell i februar 2027")
    page.wait_for_url(f"{site}/konto/tofaktor/app/")
    expect(page.locator(".alert--warning")).to_contain_text("Valdres krev tofaktorinnlogging")
    assert_accessible(page)
    secret = page.locator("#authenticator-secret").input_value()
    page.get_by_label("Den sekssifra koden appen viser no").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("heading", name="Reservekodar")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)

    # From now on signing in asks for a code from the app.
    log_out(page)
    page.goto(f"{site}/logg-inn/")
    page.get_by_label("Brukarnamn").fill("kari@valdres.example")
    page.get_by_label("Passord").fill("Filefjell i februar 2027")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", name="Kode frå appen din")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kode frå appen, eller ein reservekode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url(f"{site}/valdres/")

    # A plan from the blank template.
    page.goto(f"{site}/valdres/")
    page.get_by_role("link", name="Importer ein plan frå Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned den tomme malen (med rettleiing)").click()
    template = tmp_path / "mal.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    for row in ROWS:
        book.worksheets[0].append(row)
    book.save(template)
    page.locator("#id_title").fill("Handlingsplan 2027")
    page.locator("#id_first_year").fill("2027")
    page.locator("#id_last_year").fill("2027")
    page.locator("#id_file").set_input_files(template)
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#preview-heading")).to_contain_text("mal.xlsx")
    page.locator("#preview button[type=submit]").click()
    page.wait_for_url(f"{site}/valdres/handlingsplan-2027/")
    expect(page.locator("h1")).to_contain_text("Handlingsplan 2027")

    # Published after a confirmation that says who will see it.
    page.get_by_role("link", name="Publiser").click()
    expect(page.locator("main")).to_contain_text("internett")
    assert_accessible(page)
    page.get_by_role("button", name="Publiser").click()
    expect(page.locator(".alert--success")).to_contain_text("publisert")
    assert Plan.objects.get(council__slug="valdres").published

    # The politician is invited as a reader.
    page.goto(f"{site}/valdres/tilgang/")
    page.get_by_label("E-postadresse").fill("ola.politikar@valdres.example")
    page.get_by_label("Lesar").check()
    page.get_by_role("button", name="Send invitasjonen").click()
    expect(page.locator(".alert--success")).to_contain_text("ola.politikar@valdres.example")
    reader_link = last_invitation_link()
    log_out(page)

    accept_invitation(page, reader_link, "Ola", "Politikar", "Vangsmjøse om sommaren")
    page.wait_for_url(f"{site}/valdres/")
    log_out(page)

    # The politician signs in with the e-mail address and reads the plan.
    page.goto(f"{site}/logg-inn/")
    page.get_by_label("Brukarnamn").fill("ola.politikar@valdres.example")
    page.get_by_label("Passord").fill("Vangsmjøse om sommaren")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url(f"{site}/valdres/")
    page.goto(f"{site}/valdres/")
    page.get_by_role("link", name="Handlingsplan 2027").click()
    expect(page.get_by_text("Utbetre E16 over Filefjell", exact=True)).to_be_visible()

    council = Council.objects.get(slug="valdres")
    assert Membership.objects.get(user__email="ola.politikar@valdres.example").role == Role.READER
    assert set(CouncilChange.objects.filter(council=council).values_list("action", flat=True)) == {
        "created",
        "invited",
        "accepted",
        "published",
    }
