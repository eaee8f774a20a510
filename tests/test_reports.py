import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from measures.models import Measure
from measures.status import Status
from plans.exports import plan_pdf
from plans.models import StatusReport
from plans.reports.services import (
    AlreadyFinal,
    finalise,
    new_version,
    render_report_pdf,
    report_lines,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sak_03_26():
    return StatusReport.objects.get(plan__slug="regionplan", item_number="03-26")


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_report_pdf_holds_every_code_the_legend_item_number_and_resolution(sak_03_26):
    reader, text = pdf_text(bytes(sak_03_26.pdf))
    codes = Measure.objects.filter(goal__focus_area__plan__slug="regionplan").values_list(
        "code", flat=True
    )
    for code in codes:
        assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", text), code
    assert len(re.findall(r"(?<![\d.])5\.4\.1(?!\d)", text)) >= 2
    for words in (
        "Grøn",
        "Gul",
        "Raud",
        "Ferdig, gjennomført",
        "Påstarta- i rute",  # the legend in Hallingdal's own words (seed 001)
        "Ikkje gjennomført – ikkje i rute",
    ):
        assert words in text
    assert "Sak 03-26" in text
    assert "Saka blir lagt fram utan forslag til vedtak." in text
    assert "Side 1 av" in text
    assert 5 <= len(reader.pages) <= 20
    assert reader.metadata.title == "Sak 03-26 Regionplan – status og vegen vidare"
    assert reader.metadata.author == "Hallingdal regionråd"
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged
    assert catalog["/Lang"] == "nn"


def test_finalised_pdf_is_reproducible_from_its_snapshot(sak_03_26):
    assert render_report_pdf(sak_03_26) == bytes(sak_03_26.pdf)
    assert render_report_pdf(sak_03_26) == render_report_pdf(sak_03_26)


def test_finalised_report_does_not_change_when_statuses_do(client, sak_03_26):
    before = bytes(sak_03_26.pdf)
    for measure in Measure.objects.filter(goal__focus_area__plan__slug="regionplan")[:5]:
        measure.change_status(Status.GREEN)
    assert render_report_pdf(sak_03_26) == before
    response = client.get("/hallingdal/regionplan/sak/03-26/pdf/")
    assert response.status_code == 200 and response.content == before
    lines, _ = report_lines(sak_03_26)
    assert Status.GREEN not in {line.status for line in lines}


def test_draft_shows_live_statuses_and_deltas_since_the_last_report(sak_03_26):
    plan = sak_03_26.plan
    measure = Measure.objects.get(code="1.1.1", goal__focus_area__plan=plan)
    measure.change_status(Status.GREEN)
    draft = StatusReport.objects.create(plan=plan, item_number="09-26", title="Status hausten")
    lines, previous = report_lines(draft)
    assert previous == sak_03_26
    changed = [line for line in lines if line.changed]
    assert [(line.code, line.previous_status, line.status) for line in changed] == [
        ("1.1.1", "not_assessed", "green")
    ]
    _, text = pdf_text(render_report_pdf(draft))
    assert "sak 03-26" in text.lower()


def test_covered_focus_areas_limit_the_report(sak_03_26):
    plan = sak_03_26.plan
    draft = StatusReport.objects.create(plan=plan, item_number="10-26", title="Berre klima")
    draft.covered_areas.set(plan.focus_areas.filter(number=4))
    lines, _ = report_lines(draft)
    assert {line.code.split(".")[0] for line in lines} == {"4"}


def test_finalising_twice_is_refused_and_a_new_version_supersedes(sak_03_26):
    with pytest.raises(AlreadyFinal):
        finalise(sak_03_26, None)
    draft = new_version(sak_03_26, None)
    assert (draft.version, draft.supersedes, draft.is_final) == (2, sak_03_26, False)
    assert draft.proposed_resolution == sak_03_26.proposed_resolution
    assert new_version(sak_03_26, None) == draft  # one successor only
    finalise(draft, None)
    sak_03_26.refresh_from_db()
    assert sak_03_26.items.count() == 69 and sak_03_26.superseded_by == draft


def test_secretariat_writes_a_draft_and_finalises_it(hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.post(
        "/hallingdal/regionplan/saker/ny/",
        {
            "item_number": "11-26",
            "title": "Status før sommaren",
            "proposed_resolution": "Hallingtinget tek saka til orientering.",
            "signatory_name": "Jan Olav Helling",
            "signatory_title": "Dagleg leiar",
        },
    )
    assert response.status_code == 302
    assert hallingdal_secretariat_client.get("/hallingdal/regionplan/sak/11-26/").status_code == 200
    response = hallingdal_secretariat_client.post(
        "/hallingdal/regionplan/sak/11-26/",
        {
            "item_number": "11-26",
            "title": "Status før sommaren",
            "background": "<p>Ny</p>",
            "proposed_resolution": "Teke til orientering.",
        },
    )
    assert response.status_code == 302
    hallingdal_secretariat_client.post("/hallingdal/regionplan/sak/11-26/ferdigstill/")
    report = StatusReport.objects.get(item_number="11-26")
    assert report.is_final and report.finalised_by.username == "hallingdal-sekretariat"
    assert report.background == "<p>Ny</p>" and report.items.count() == 69  # as typed
    response = hallingdal_secretariat_client.post(
        "/hallingdal/regionplan/sak/11-26/", {"title": "Endra etterpå"}
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.title == "Status før sommaren"


def test_duplicate_item_number_is_refused(hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.post(
        "/hallingdal/regionplan/saker/ny/", {"item_number": "03-26", "title": "Dobbel"}
    )
    assert response.status_code == 400
    assert "Det finst alt ei sak med dette nummeret" in response.content.decode()


def test_drafts_are_for_the_council_only(client, hallingdal_reader_client, sak_03_26):
    StatusReport.objects.create(plan=sak_03_26.plan, item_number="12-26", title="Utkast")
    assert client.get("/hallingdal/regionplan/sak/12-26/").status_code == 404
    assert "Utkast" not in client.get("/hallingdal/regionplan/saker/").content.decode()
    assert hallingdal_reader_client.get("/hallingdal/regionplan/sak/12-26/").status_code == 200


def test_plan_pdf_has_cover_chart_and_every_measure(hallingdal_plan):
    reader, text = pdf_text(plan_pdf(hallingdal_plan))
    assert "Status for 69 tiltak" in text
    for code in ("1.1.1", "3.3.2", "6.4.3"):
        assert code in text
    assert reader.metadata.title.startswith("Regionplan")
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_export_report_command(tmp_path, sak_03_26):
    out = tmp_path / "sak.pdf"
    call_command(
        "export_report", "hallingdal", "regionplan", "03-26", output=out, stdout=io.StringIO()
    )
    assert out.read_bytes() == bytes(sak_03_26.pdf)
    with pytest.raises(CommandError) as error:
        call_command("export_report", "hallingdal", "regionplan", "99-99", output=out)
    assert error.value.returncode == 2 and "No agenda item '99-99'" in str(error.value)


def test_export_plan_command_writes_a_pdf(tmp_path):
    out = tmp_path / "plan.pdf"
    call_command(
        "export_plan",
        "nord-gudbrandsdal",
        "handlingsplan-2026",
        format="pdf",
        output=out,
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF-1.7")


def test_plan_pdf_download_is_rendered_once_per_plan_revision(client, hallingdal_plan):
    from unittest import mock

    with mock.patch("plans.exports.plan_pdf", return_value=b"%PDF-first") as render:
        assert client.get("/hallingdal/regionplan/eksport.pdf").content == b"%PDF-first"
        assert client.get("/hallingdal/regionplan/eksport.pdf").content == b"%PDF-first"
        assert render.call_count == 1
        Measure.objects.filter(goal__focus_area__plan=hallingdal_plan)[0].change_status("red")
        client.get("/hallingdal/regionplan/eksport.pdf")
        assert render.call_count == 2
