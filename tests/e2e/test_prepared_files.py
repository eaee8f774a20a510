"""A long plan's file made by the background worker while the reader waits (renderings/)."""

import io

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Council
from plans.synthetic import build_synthetic_plan

SHOTS = "/tmp/shots-production-a"


def test_waiting_page_offers_the_file_when_the_worker_has_made_it(page, site):
    plan = build_synthetic_plan(
        Council.objects.get(slug="hallingdal"), slug="lang-plan", measures=250
    )
    page.goto(f"{site}{plan.get_absolute_url()}eksport.xlsx")
    expect(page).to_have_url(f"{site}{plan.get_absolute_url()}eksport.xlsx/klargjering/")
    expect(page.get_by_role("status")).to_contain_text("Fila blir laga")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
    page.screenshot(path=f"{SHOTS}/waiting-pending.png", full_page=True)

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())

    # htmx asks again every two seconds and swaps in the link, without reloading the page.
    link = page.get_by_role("link", name="Last ned Excel-fila")
    expect(link).to_be_visible(timeout=15_000)
    assert page.evaluate("window.sameDocument") is True
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=f"{SHOTS}/waiting-ready-390.png", full_page=True)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "hallingdal-lang-plan.xlsx"
