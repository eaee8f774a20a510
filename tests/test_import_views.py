"""The import pages: upload, preview, confirm; the template download."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from helpers import HTMX, exported, run_worker
from openpyxl import load_workbook

from measures.models import Measure, StatusChange
from measures.status import Status
from plans.exports import columns
from plans.importing import read_xlsx
from plans.importing.template import write_template
from plans.models import ChangeRecord, FocusArea, Goal, ImportUpload, Plan, PlanImport

pytestmark = pytest.mark.django_db
URL = "/hallingdal/importer/"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def new_plan_form(content, name="plan.xlsx", **changes):
    return {
        "mode": "new",
        "title": "Regionplan 2027–2030",
        "kind": "regionplan",
        "first_year": 2027,
        "last_year": 2030,
        "file": upload(name, content),
        **changes,
    }


def counts():
    return tuple(
        model.objects.count()
        for model in (Plan, FocusArea, Goal, Measure, ChangeRecord, StatusChange, PlanImport)
    )


def test_import_page_offers_the_template_and_both_modes(hallingdal_secretariat_client):
    body = hallingdal_secretariat_client.get(URL).content.decode()
    assert "importer/mal.xlsx" in body
    assert 'value="new"' in body and 'value="update"' in body


def test_the_plan_page_links_to_updating_it_from_excel(
    hallingdal_secretariat_client, hallingdal_plan
):
    body = hallingdal_secretariat_client.get(hallingdal_plan.get_absolute_url()).content.decode()
    assert f"{URL}?plan=regionplan" in body
    form = hallingdal_secretariat_client.get(f"{URL}?plan=regionplan").context["form"]
    assert form.initial == {"mode": "update", "plan": hallingdal_plan}


def test_new_plan_from_an_exported_plan_previews_then_creates_it(
    hallingdal_secretariat_client, hallingdal_plan
):
    before = counts()
    response = hallingdal_secretariat_client.post(URL, new_plan_form(exported(hallingdal_plan)))
    upload_row = ImportUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{upload_row.pk}/"
    assert counts() == before  # nothing is written by the upload

    preview = hallingdal_secretariat_client.get(response["Location"])
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Regionplan 2027–2030" in body and ">69<" in body and ">26<" in body
    assert 'name="fingerprint"' in body

    fingerprint = preview.context["preview"].fingerprint
    done = hallingdal_secretariat_client.post(response["Location"], {"fingerprint": fingerprint})
    plan = Plan.objects.get(title="Regionplan 2027–2030")
    assert done["Location"] == plan.get_absolute_url()
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 69
    assert not plan.published  # a new plan is a draft until the secretariat publishes it
    assert not ImportUpload.objects.exists()
    assert PlanImport.objects.get(plan=plan).changed_by.username == "hallingdal-sekretariat"


def test_a_file_with_a_blocking_problem_shows_it_and_cannot_be_confirmed(
    hallingdal_secretariat_client, hallingdal_plan
):
    def unknown_status(sheet):
        sheet["J5"] = "Blå"

    response = hallingdal_secretariat_client.post(
        URL, new_plan_form(exported(hallingdal_plan, unknown_status)), follow=True
    )
    body = response.content.decode()
    assert "row 5" in body.replace("rad 5", "row 5") and "Blå" in body
    assert 'name="fingerprint"' not in body
    before = counts()
    confirm = hallingdal_secretariat_client.post(response.redirect_chain[-1][0], {})
    assert confirm.status_code == 400
    assert counts() == before


def test_update_applies_exactly_the_changed_statuses_as_one_change_set(
    hallingdal_secretariat_client, hallingdal_plan
):
    def three_statuses(sheet):
        sheet["J2"], sheet["J6"], sheet["J7"] = "Grøn", "Gul", "Raud"

    form = {"mode": "update", "plan": hallingdal_plan.pk}
    form["file"] = upload("status.xlsx", exported(hallingdal_plan, three_statuses))
    response = hallingdal_secretariat_client.post(URL, form, follow=True)
    preview = response.context["preview"]
    assert preview.counts["measures_changed"] == 3
    history = StatusChange.objects.count()
    hallingdal_secretariat_client.post(
        response.redirect_chain[-1][0], {"fingerprint": preview.fingerprint}
    )
    assert StatusChange.objects.count() == history + 3
    record = PlanImport.objects.get(plan=hallingdal_plan)
    assert record.status_changes.count() == 3 and record.measures_changed == 3


def test_a_plan_changed_after_the_preview_is_not_overwritten(
    hallingdal_secretariat_client, hallingdal_plan
):
    def green_first(sheet):
        sheet["J2"] = "Grøn"

    form = {"mode": "update", "plan": hallingdal_plan.pk}
    form["file"] = upload("status.xlsx", exported(hallingdal_plan, green_first))
    response = hallingdal_secretariat_client.post(URL, form, follow=True)
    fingerprint = response.context["preview"].fingerprint
    first = Measure.objects.filter(goal__focus_area__plan=hallingdal_plan).order_by(
        "goal__focus_area__order", "goal__order", "order", "id"
    )[0]
    first.change_status(Status.GREEN)  # someone sets it meanwhile
    before = counts()
    again = hallingdal_secretariat_client.post(
        response.redirect_chain[-1][0], {"fingerprint": fingerprint}
    )
    assert again.status_code == 409
    assert "changed by someone else" in again.content.decode() or again.context["note"]
    assert counts() == before


def test_htmx_upload_answers_with_the_preview_and_its_address(
    hallingdal_secretariat_client, hallingdal_plan
):
    response = hallingdal_secretariat_client.post(
        URL, new_plan_form(exported(hallingdal_plan)), headers=HTMX
    )
    assert response.status_code == 200
    assert 'id="preview"' in response.content.decode()
    assert response["HX-Push-Url"].startswith(URL)


def test_htmx_upload_without_a_title_puts_the_message_in_the_form(
    hallingdal_secretariat_client, hallingdal_plan
):
    form = new_plan_form(exported(hallingdal_plan), title="")
    response = hallingdal_secretariat_client.post(URL, form, headers=HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#upload-form"
    assert "field-error" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_update_needs_a_plan_and_years_must_be_in_order(
    hallingdal_secretariat_client, hallingdal_plan
):
    hallingdal_secretariat_client.cookies["django_language"] = "en"
    content = exported(hallingdal_plan)
    response = hallingdal_secretariat_client.post(
        URL, {"mode": "update", "file": upload("a.xlsx", content)}
    )
    assert response.status_code == 400 and not ImportUpload.objects.exists()
    response = hallingdal_secretariat_client.post(
        URL, new_plan_form(content, first_year=2030, last_year=2027)
    )
    assert response.status_code == 400 and not ImportUpload.objects.exists()


def test_someone_elses_upload_is_not_found(
    hallingdal_secretariat_client, hallingdal_plan, superuser_client
):
    hallingdal_secretariat_client.post(URL, new_plan_form(exported(hallingdal_plan)))
    token = ImportUpload.objects.get().pk
    assert superuser_client.get(f"{URL}{token}/").status_code == 404
    assert superuser_client.get(f"{URL}{uuid.uuid4()}/").status_code == 404


def test_template_has_the_export_columns_and_instructions(hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.get(URL + "mal.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    measures, instructions = book.worksheets
    with translation.override("nn"):
        assert [c.value for c in measures[1]] == [header for _k, header, _w in columns()]
    assert instructions.max_row > 5
    assert measures.data_validations.dataValidation  # the status menu


def test_a_filled_in_template_reads_without_problems():
    stream = io.BytesIO()
    write_template(stream, "nb")
    book = load_workbook(io.BytesIO(stream.getvalue()))
    book.worksheets[0].append(
        ["1. Næring", "1.1", "Flere jobber", "1.1.1", "Kartlegge", "2027", "IPR", "", "", "Grønn"]
    )
    filled = io.BytesIO()
    book.save(filled)
    filled.seek(0)
    parsed = read_xlsx(filled, filename="mal.xlsx")
    assert not parsed.blocking
    assert parsed.rows[0].status == Status.GREEN


def test_imported_field_changes_say_which_file_they_came_from(
    hallingdal_secretariat_client, hallingdal_plan
):
    def new_comment(sheet):
        sheet["I2"] = "Drøfta i rådet"

    form = {"mode": "update", "plan": hallingdal_plan.pk}
    form["file"] = upload("frå-kommunane.xlsx", exported(hallingdal_plan, new_comment))
    response = hallingdal_secretariat_client.post(URL, form, follow=True)
    fingerprint = response.context["preview"].fingerprint
    hallingdal_secretariat_client.post(response.redirect_chain[-1][0], {"fingerprint": fingerprint})
    changes = hallingdal_secretariat_client.get(hallingdal_plan.get_absolute_url() + "endringar/")
    assert "importert frå frå-kommunane.xlsx" in changes.content.decode()


def test_an_oversized_upload_is_refused_before_it_is_stored(hallingdal_secretariat_client):
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (10 * 2**20 + 10))
    response = hallingdal_secretariat_client.post(URL, new_plan_form(b"", file=big))
    assert response.status_code == 400
    assert "10.0 MB" in response.content.decode() or "10,0 MB" in response.content.decode()
    assert not ImportUpload.objects.exists()


# Large files read by the background worker ---------------------------------------------------


@pytest.fixture
def read_in_background(monkeypatch):
    """Every file counts as large: the upload leaves it to the worker."""
    monkeypatch.setattr("plans.importing.forms.BACKGROUND_FROM_BYTES", 0)


def test_a_large_upload_returns_at_once_and_the_worker_reads_it_for_the_preview(
    hallingdal_secretariat_client, hallingdal_plan, read_in_background
):
    hallingdal_secretariat_client.cookies["django_language"] = "en"
    content = exported(hallingdal_plan)
    response = hallingdal_secretariat_client.post(URL, new_plan_form(content), headers=HTMX)
    upload_row = ImportUpload.objects.get()
    assert response["HX-Redirect"] == f"{URL}{upload_row.pk}/"
    assert upload_row.state == ImportUpload.State.PENDING and upload_row.task_id
    assert bytes(upload_row.workbook) == content  # kept only until it is read

    waiting = hallingdal_secretariat_client.get(response["HX-Redirect"])
    body = waiting.content.decode()
    assert "plan.xlsx is being read" in body
    assert 'hx-trigger="every 2s"' in body and '<noscript><meta http-equiv="refresh"' in body
    polled = hallingdal_secretariat_client.get(f"{URL}{upload_row.pk}/?waited=1", headers=HTMX)
    assert "is being read" in polled.content.decode() and "HX-Redirect" not in polled
    # Nothing to confirm yet: the confirmation waits for the file too.
    assert hallingdal_secretariat_client.post(response["HX-Redirect"]).status_code == 302
    assert not PlanImport.objects.exists()

    run_worker()
    upload_row.refresh_from_db()
    assert upload_row.state == ImportUpload.State.READY and upload_row.workbook is None
    polled = hallingdal_secretariat_client.get(f"{URL}{upload_row.pk}/?waited=1", headers=HTMX)
    assert polled["HX-Redirect"] == f"{URL}{upload_row.pk}/"
    preview = hallingdal_secretariat_client.get(response["HX-Redirect"])
    body = preview.content.decode()
    assert "Regionplan 2027–2030" in body and ">69<" in body and 'name="fingerprint"' in body
    fingerprint = preview.context["preview"].fingerprint
    done = hallingdal_secretariat_client.post(response["HX-Redirect"], {"fingerprint": fingerprint})
    plan = Plan.objects.get(title="Regionplan 2027–2030")
    assert done["Location"] == plan.get_absolute_url()
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 69


def test_a_large_file_the_worker_cannot_read_is_shown_as_failed_in_the_uploaders_language(
    hallingdal_secretariat_client, read_in_background
):
    # The uploader reads English; the worker runs in the site's language (nynorsk).
    hallingdal_secretariat_client.cookies["django_language"] = "en"
    response = hallingdal_secretariat_client.post(
        URL, new_plan_form(b"not a workbook at all", name="budsjett.xlsx")
    )
    upload_row = ImportUpload.objects.get()
    assert response.status_code == 302 and upload_row.language == "en"
    run_worker()
    upload_row.refresh_from_db()
    assert upload_row.state == ImportUpload.State.FAILED and upload_row.workbook is None

    def refusal_in(language):
        with translation.override(language):
            return read_xlsx(io.BytesIO(b"not a workbook at all"), filename="x.xlsx").refusal

    refusal = refusal_in("en")
    assert upload_row.error == refusal.message != refusal_in("nn").message

    page = hallingdal_secretariat_client.get(response["Location"])
    body = page.content.decode()
    assert "hx-trigger" not in body and "refresh" not in body
    assert refusal.message in body and 'role="alert"' in body
    assert not Plan.objects.filter(title="Regionplan 2027–2030").exists()
