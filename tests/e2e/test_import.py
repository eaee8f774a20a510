import io

from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import expect

from plans.exports import write_xlsx
from plans.models import Plan

from .conftest import log_in


def exported_file(tmp_path, name, status):
    stream = io.BytesIO()
    write_xlsx(Plan.objects.get(council__slug="hallingdal", slug="regionplan"), stream)
    book = load_workbook(io.BytesIO(stream.getvalue()))
    book.worksheets[0]["J5"] = status
    path = tmp_path / name
    book.save(path)
    return path


def test_secretariat_fixes_a_bad_file_and_imports_it_as_a_new_plan(page, site, tmp_path):
    # Both files first: exporting reads the database, which the live server shares.
    bad_file = exported_file(tmp_path, "plan.xlsx", "Blå")
    fixed_file = exported_file(tmp_path, "fixed.xlsx", "Gul")
    log_in(page, site, "hallingdal-sekretariat")
    page.goto(site + "/hallingdal/")
    page.locator("a[href='/hallingdal/importer/']").click()
    # Mark the import page, not the one being left: wait until its script has hidden the
    # update-only fields (only the new-plan fields are shown).
    expect(page.locator(".field[data-mode=update]")).to_have_attribute("hidden", "")
    page.evaluate("window.sameDocument = true")
    page.locator("#id_title").fill("Regionplan 2027–2030")
    page.locator("#id_first_year").fill("2027")
    page.locator("#id_last_year").fill("2030")
    expect(page.locator("#id_plan")).to_be_hidden()  # only the new-plan fields are shown

    page.locator("#id_file").set_input_files(bad_file)
    page.locator("#upload-form button[type=submit]").click()
    problems = page.locator(".problem--blocking")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("Blå")
    expect(problems).to_contain_text("5")
    expect(page.locator("#preview button[type=submit]")).to_have_count(0)

    page.locator("#id_file").set_input_files(fixed_file)
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#preview-heading")).to_contain_text("fixed.xlsx")
    expect(page.locator(".problem--blocking")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
    page.locator("#preview button[type=submit]").click()

    expect(page).to_have_url(site + "/hallingdal/regionplan-2027-2030/")
    expect(page.locator("h1")).to_contain_text("Regionplan 2027–2030")
    plan = Plan.objects.get(title="Regionplan 2027–2030")
    assert plan.focus_areas.count() == 6
