"""The agenda document (issue 14): the status comment is the measure's comment everywhere,
formatted texts, the PDF's layout, the report page, finalising and the PDF/A archive copy."""

import io
import json
import re
import subprocess

import pytest
from django.urls import reverse
from helpers import exported, measure_by_code
from openpyxl import load_workbook
from pypdf import PdfReader

from measures.models import Measure
from measures.status import Status
from plans.exports import EXPORTS, plan_pdf
from plans.importing import apply_import, build_preview, read_xlsx
from plans.models import ChangeRecord, StatusReport
from plans.reports.services import finalise, render_archive_pdf, report_lines
from plans.rows import group_by_area, plan_lines
from regionplan.lib.markdown import markdown_to_html

pytestmark = pytest.mark.django_db

PLAN = "/hallingdal/regionplan/"
NEW_COMMENT = "Fondet er under etablering, søknad sendt."
OLD_COMMENT = "Arbeidet står litt i stampe"  # 1.2.1's comment in seed 001


def pdftotext(data, *options):
    """The PDF's text as poppler's pdftotext reads it (what the issue's checks use)."""
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def flat(text):
    """Text with the lines a column wrapped joined again: hyphens added at line ends gone,
    every run of spaces and line breaks one space."""
    return re.sub(r"\s+", " ", re.sub("\u2010\n", "", text))


def pdf_phrases(data):
    return flat(pdftotext(data))


def set_status(client, measure, **data):
    url = reverse("measures:status", args=["hallingdal", "regionplan", measure.pk])
    return client.post(url, data)


def new_report(plan, number="09-26", **fields):
    return StatusReport.objects.create(plan=plan, item_number=number, title="Status", **fields)


# The status comment is the measure's current comment -------------------------------------


def test_a_status_comment_shows_in_every_output(
    hallingdal_secretariat_client, hallingdal_secretariat, client
):
    measure = measure_by_code("1.2.1")
    response = set_status(
        hallingdal_secretariat_client, measure, status="yellow", comment=NEW_COMMENT
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.comment) == (Status.YELLOW, NEW_COMMENT)
    plan = measure.goal.focus_area.plan

    body = client.get(PLAN).content.decode()
    assert NEW_COMMENT in body and OLD_COMMENT not in body
    body = client.get(measure.get_absolute_url()).content.decode()
    assert re.search(r"Kommentar</dt>\s*<dd[^>]*><p>" + NEW_COMMENT, body)
    plan_text = pdf_phrases(plan_pdf(plan))
    assert NEW_COMMENT in plan_text and OLD_COMMENT not in plan_text
    sheet = load_workbook(io.BytesIO(EXPORTS["xlsx"][1](plan))).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[3] == "1.2.1")
    assert row[8] == NEW_COMMENT and row[9] == "Gul"
    data = json.loads(EXPORTS["json"][1](plan))
    (item,) = [
        m
        for area in data["focus_areas"]
        for goal in area["goals"]
        for m in goal["measures"]
        if m["code"] == "1.2.1"
    ]
    assert item["comment"] == NEW_COMMENT

    report = new_report(plan)
    page = hallingdal_secretariat_client.get(report.get_absolute_url()).content.decode()
    assert NEW_COMMENT in page and OLD_COMMENT not in page
    finalise(report, hallingdal_secretariat)
    report.refresh_from_db()
    assert report.items.get(code="1.2.1").comment == NEW_COMMENT  # the snapshot
    assert NEW_COMMENT in pdf_phrases(bytes(report.pdf))

    # The history keeps who set it and when, and the text it replaced.
    change = measure.status_changes.last()
    assert (change.comment, change.changed_by) == (NEW_COMMENT, hallingdal_secretariat)
    replaced = ChangeRecord.objects.get(measure=measure, field="comment")
    assert (replaced.old_value, replaced.new_value) == (OLD_COMMENT, NEW_COMMENT)
    assert replaced.changed_by == hallingdal_secretariat


def test_a_status_without_a_comment_keeps_the_current_one(hallingdal_secretariat_client):
    measure = measure_by_code("1.2.1")
    version = measure.version
    set_status(hallingdal_secretariat_client, measure, status="green", comment="")
    measure.refresh_from_db()
    assert (measure.status, measure.comment, measure.version) == ("green", OLD_COMMENT, version)
    assert not ChangeRecord.objects.filter(measure=measure, field="comment").exists()


def test_the_comment_can_be_cleared_on_purpose_and_the_history_keeps_it(
    hallingdal_secretariat_client,
):
    measure = measure_by_code("1.2.1")
    form = hallingdal_secretariat_client.get(
        reverse("measures:edit", args=["hallingdal", "regionplan", measure.pk])
    ).content.decode()
    assert 'name="clear_comment"' in form and "Fjern den gjeldande kommentaren" in form
    set_status(hallingdal_secretariat_client, measure, status="red", clear_comment="on")
    measure.refresh_from_db()
    assert (measure.status, measure.comment) == ("red", "")
    cleared = ChangeRecord.objects.get(measure=measure, field="comment")
    assert (cleared.old_value, cleared.new_value) == (OLD_COMMENT, "")


def test_a_new_comment_and_clearing_at_once_is_refused_and_nothing_is_written(
    hallingdal_secretariat_client,
):
    measure = measure_by_code("1.2.1")
    before = measure.status_changes.count()
    response = set_status(
        hallingdal_secretariat_client, measure, status="red", comment="Ny", clear_comment="on"
    )
    assert response.status_code == 400
    assert "ikkje begge delar" in response.content.decode()
    measure.refresh_from_db()
    assert (measure.comment, measure.status_changes.count()) == (OLD_COMMENT, before)


def test_an_editor_opened_before_a_status_comment_gets_a_conflict(
    hallingdal_secretariat_client,
):
    measure = measure_by_code("1.2.1")
    seen = measure.version
    set_status(hallingdal_secretariat_client, measure, status="yellow", comment=NEW_COMMENT)
    response = hallingdal_secretariat_client.post(
        reverse("measures:edit", args=["hallingdal", "regionplan", measure.pk]),
        {"version": seen, "code": measure.code, "text": measure.text, "comment": OLD_COMMENT},
    )
    assert response.status_code == 409
    measure.refresh_from_db()
    assert measure.comment == NEW_COMMENT


def test_the_import_kommentar_column_follows_the_status_comment_rule(
    hallingdal_plan, hallingdal_secretariat
):
    def edit(sheet):
        for cells in sheet.iter_rows(min_row=2):
            if cells[3].value == "1.2.1":  # new status, Kommentar emptied: the comment stays
                cells[8].value = None
                cells[9].value = "Grøn"
            if cells[3].value == "1.2.2":  # new status with a comment: it goes with the status
                cells[8].value = NEW_COMMENT
                cells[9].value = "Gul"
            if cells[3].value == "1.1.3":  # status kept, comment changed: an edit of it
                cells[8].value = "Gruppa har møtt"

    parsed = read_xlsx(io.BytesIO(exported(hallingdal_plan, edit)))
    changes = {c.measure.code: c.changes for c in build_preview(parsed, hallingdal_plan).changed}
    assert changes["1.2.1"] == {"status": ("not_assessed", "green")}
    result = apply_import(parsed, user=hallingdal_secretariat, plan=hallingdal_plan)
    kept, replaced, edited = (measure_by_code(c) for c in ("1.2.1", "1.2.2", "1.1.3"))
    assert (kept.status, kept.comment) == ("green", OLD_COMMENT)
    assert (replaced.status, replaced.comment) == ("yellow", NEW_COMMENT)
    assert replaced.status_changes.last().comment == NEW_COMMENT
    assert edited.comment == "Gruppa har møtt"
    records = {
        (r.measure.code, r.old_value, r.new_value)
        for r in ChangeRecord.objects.filter(plan_import=result.record, field="comment")
    }
    assert records == {
        ("1.2.2", "Dette blir det ikkje jobba med", NEW_COMMENT),
        ("1.1.3", "Arbeidsgruppe er sett ned", "Gruppa har møtt"),
    }


# Formatted texts ---------------------------------------------------------------------------

HOSTILE = (
    "## Overskrift\n\n**Kultur:** feit\n\n- ein\n- to\n\n1. første\n2. andre\n\n"
    "<script>alert(1)</script> <b>rå</b> <img src=x onerror=alert(2)> "
    "[lenkje](javascript:alert(3)) [heim](https://hallingdal.no)"
)


def test_markdown_renders_headings_bold_lists_and_links_and_nothing_else():
    html = markdown_to_html(HOSTILE)
    assert "<h3>Overskrift</h3>" in html
    assert "<strong>Kultur:</strong>" in html
    assert "<ul>" in html and "<ol>" in html and "<li>første</li>" in html
    assert '<a href="https://hallingdal.no" rel="noopener noreferrer nofollow">heim</a>' in html
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    assert "javascript:" not in re.sub(r"\[lenkje\]\(javascript:alert\(3\)\)", "", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as typed, inert
    assert markdown_to_html("a &lt; b <post@hallingdal.no>") == (
        "<p>a &amp;lt; b &lt;post@hallingdal.no&gt;</p>"
    )


def test_report_texts_render_in_html_and_pdf_and_raw_html_never_survives(
    hallingdal_secretariat_client, hallingdal_plan
):
    report = new_report(hallingdal_plan, background=HOSTILE, proposed_resolution="**Vedtak**")
    page = hallingdal_secretariat_client.get(report.get_absolute_url()).content.decode()
    hallingdal_secretariat_client.post(
        report.get_absolute_url(),
        {"item_number": "09-26", "title": "Status", "background": HOSTILE},
    )
    report.refresh_from_db()
    assert report.background == HOSTILE  # stored as typed
    public = StatusReport.objects.get(pk=report.pk)
    finalise(public, None)
    page = hallingdal_secretariat_client.get(report.get_absolute_url()).content.decode()
    assert "<h3>Overskrift</h3>" in page and "<strong>Kultur:</strong>" in page
    assert "<script>alert(1)" not in page and "<b>rå</b>" not in page and "<img src=x" not in page
    pdf = bytes(StatusReport.objects.get(pk=report.pk).pdf)
    text = pdftotext(pdf, "-layout")
    assert "Overskrift" in text and "**" not in text and "##" not in text
    assert "• ein" in text or "•\tein" in text or re.search(r"•\s+ein", text)
    assert "<script>alert(1)</script>" in text  # the characters typed, never markup
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "Bold" in fonts  # the bold lead-in is set in bold


def test_the_demo_assessment_has_the_seeds_headings_and_bold_lead_ins(client):
    page = client.get(f"{PLAN}sak/03-26/").content.decode()
    assert "<h3>KOMPETANSE OG UTDANNING</h3>" in page
    assert "<h4>Administrative leiarnettverk.</h4>" in page
    assert "<strong>Kultur:</strong>" in page and "<strong>Hallinghelse:</strong>" in page


def test_preview_shows_the_formatting_and_saves_nothing(hallingdal_secretariat_client):
    area = measure_by_code("1.1.1").goal.focus_area
    url = reverse("plans:focus_area_edit", args=["hallingdal", "regionplan", area.pk])
    form = hallingdal_secretariat_client.get(url).content.decode()
    assert "## Overskrift" in form and "Førehandsvis formateringa" in form  # hint and button
    response = hallingdal_secretariat_client.post(
        url,
        {
            "version": area.version,
            "number": 1,
            "title": area.title,
            "description": "**Viktig**",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert "<strong>Viktig</strong>" in response.content.decode()
    area.refresh_from_db()
    assert area.description == ""


# The PDF's layout ----------------------------------------------------------------------------


def test_the_widest_table_stays_inside_the_page_and_long_words_are_hyphenated(hallingdal_plan):
    measure = measure_by_code("3.3.2")
    Measure.objects.filter(pk=measure.pk).update(
        responsible="Samferdselsutvalet Klimakoordinatoren Opplysningskontoret",
        comment="Fylkeskommunesamferdselsavdelingsleiarane " * 3,
        text="Ein svært lang tekst " * 40,
    )
    bbox = pdftotext(plan_pdf(hallingdal_plan), "-bbox")
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    right_margin = 16 / 25.4 * 72  # templates/pdf/style.css
    assert max(right_edges) <= page_width - right_margin + 0.5
    words = re.findall(r">([^<]+)</word>", bbox)
    assert any(word.endswith("\u2010") for word in words)  # hyphenated at a syllable


def test_a_goal_heading_is_never_the_last_row_on_a_page(hallingdal_plan):
    pages = pdftotext(plan_pdf(hallingdal_plan), "-layout").split("\f")
    for number, page in enumerate(pages, start=1):
        starts = re.findall(r"^\s*(Mål \d|\d+\.\d+\.\d+)", page, re.MULTILINE)
        if starts:
            assert not starts[-1].startswith("Mål"), f"page {number} ends with a goal"


def test_the_fourth_column_is_titled_by_the_data(hallingdal_plan, hallingdal_secretariat):
    areas = group_by_area(plan_lines(hallingdal_plan))
    assert [area.fourth_column for area in areas] == ["comment"] + ["involvement"] * 5
    text = pdf_phrases(plan_pdf(hallingdal_plan))
    assert "Ansvar Kommentar Status" in text and "Ansvar Involvering Status" in text
    measure_by_code("2.1.1").change_status("yellow", comment="Ny kommentar")
    areas = group_by_area(plan_lines(hallingdal_plan))
    assert areas[1].fourth_column == "both"
    text = pdf_phrases(plan_pdf(hallingdal_plan))
    assert re.search("Ansvar Involvering og (Status )?kommentar", text)
    assert "Involvering: Må ein justere målet?" in text and "Kommentar: Ny kommentar" in text


def test_the_report_pdf_has_one_legend_in_the_councils_words(hallingdal_plan):
    report = StatusReport.objects.get(item_number="03-26")
    text = pdftotext(bytes(report.pdf), "-layout")
    assert text.count("Påstarta- i rute") == 1
    assert text.count("Ikkje gjennomført – ikkje i rute") == 1


# The report page ----------------------------------------------------------------------------


def test_the_report_page_shows_areas_goals_every_column_and_what_changed(
    hallingdal_secretariat_client, hallingdal_plan
):
    measure_by_code("1.2.2").change_status("yellow", comment=NEW_COMMENT)
    report = new_report(hallingdal_plan)
    response = hallingdal_secretariat_client.get(report.get_absolute_url())
    page = response.content.decode()
    assert "1. Næringsutvikling og arbeidsplassar" in page
    assert "Mål 1.2: Regionen har auke i talet" in page
    assert page.count('<th scope="col">Ansvar</th>') == 6
    assert '<th scope="col">Kommentar</th>' in page
    assert '<th scope="col">Involvering</th>' in page
    assert "Næringshagen Kommunane" in page and "Må ein justere målet?" in page
    assert NEW_COMMENT in page
    assert "Endra sidan sak 03-26: var Raud" in page
    assert page.count('data-label="Tid"') == 69


def test_the_report_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(f"{PLAN}sak/03-26/").status_code == 200


# Report workflow -----------------------------------------------------------------------------


def test_finalising_asks_first_and_says_it_cannot_be_undone(
    hallingdal_secretariat_client, hallingdal_plan
):
    report = new_report(hallingdal_plan)
    page = hallingdal_secretariat_client.get(report.get_absolute_url()).content.decode()
    finalise_url = reverse("reports:finalise", args=["hallingdal", "regionplan", "09-26"])
    assert f'action="{finalise_url}"' not in page  # no one-click finalising on the page
    assert f'href="{finalise_url}"' in page
    confirm = hallingdal_secretariat_client.get(finalise_url)
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Ferdigstillinga kan ikkje gjerast om." in body
    assert f'method="post" action="{finalise_url}"' in body
    report.refresh_from_db()
    assert not report.is_final  # asking wrote nothing
    assert hallingdal_secretariat_client.post(finalise_url).status_code == 302
    report.refresh_from_db()
    assert report.is_final and report.archive_pdf


def test_a_new_draft_starts_from_the_latest_report(hallingdal_secretariat_client, hallingdal_plan):
    latest = StatusReport.objects.get(item_number="03-26")
    latest_areas = set(hallingdal_plan.focus_areas.filter(number__in=[1, 4]))
    latest.covered_areas.set(latest_areas)
    response = hallingdal_secretariat_client.get(f"{PLAN}saker/ny/")
    form = response.context["form"]
    assert form["body"].value() == "Hallingtinget"
    assert form["place"].value() == "Hallingdal"
    assert (form["signatory_name"].value(), form["signatory_title"].value()) == (
        "Jan Olav Helling",
        "Dagleg leiar",
    )
    assert set(form["covered_areas"].value()) == {area.pk for area in latest_areas}
    assert "er henta frå sak 03-26" in response.content.decode()


# The archive copy ----------------------------------------------------------------------------


def test_the_archive_copy_is_pdfa_3a_with_metadata_and_the_snapshot_attached(
    hallingdal_secretariat_client, hallingdal_secretariat, hallingdal_plan
):
    measure_by_code("1.2.1").change_status("yellow", comment=NEW_COMMENT)
    report = finalise(new_report(hallingdal_plan), hallingdal_secretariat)
    archive = bytes(report.archive_pdf)
    reader = PdfReader(io.BytesIO(archive))
    xmp = reader.xmp_metadata
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in raw and 'pdfaid:conformance="A"' in raw
    assert xmp.dc_title["x-default"] == "Sak 09-26 Status"
    assert xmp.dc_creator == ["Hallingdal regionråd"]
    assert xmp.dc_publisher == ["Hallingdal regionråd"]
    assert xmp.dc_identifier == "09-26"
    assert xmp.dc_date[0].date() == report.finalised_at.date()
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    (name,) = reader.attachments
    assert name == "hallingdal-sak-09-26-v1.json"
    snapshot = json.loads(reader.attachments[name][0])
    assert snapshot["report"]["item_number"] == "09-26"
    assert snapshot["report"]["finalised_by"] == "hallingdal-sekretariat"
    (line,) = [m for m in snapshot["measures"] if m["code"] == "1.2.1"]
    assert (line["status"], line["comment"]) == ("yellow", NEW_COMMENT)
    assert len(snapshot["measures"]) == len(report_lines(report)[0])
    filespec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert filespec["/AFRelationship"] == "/Data"

    # Byte-reproducible, and unchanged when statuses move on.
    measure_by_code("1.2.1").change_status("green")
    assert render_archive_pdf(StatusReport.objects.get(pk=report.pk)) == archive
    StatusReport.objects.filter(pk=report.pk).update(archive_pdf=None)
    assert render_archive_pdf(StatusReport.objects.get(pk=report.pk)) == archive

    response = hallingdal_secretariat_client.get(f"{PLAN}sak/09-26/arkiv/")
    assert response.status_code == 200 and response.content == archive
    assert "hallingdal-sak-09-26-v1-arkiv.pdf" in response["Content-Disposition"]


def test_a_draft_has_no_archive_copy(hallingdal_secretariat_client, hallingdal_plan):
    new_report(hallingdal_plan)
    assert hallingdal_secretariat_client.get(f"{PLAN}sak/09-26/arkiv/").status_code == 404


def test_the_plan_description_is_edited_with_formatting_preview_and_conflicts(
    hallingdal_secretariat_client, hallingdal_plan, client
):
    url = reverse("plans:plan_intro_edit", args=["hallingdal", "regionplan"])
    response = hallingdal_secretariat_client.get(url)
    assert "## Overskrift" in response.content.decode()  # the formatting hint
    # What the editor started from travels in the form as the page renders it.
    was = re.search(r'name="was" value="(\w+)"', response.content.decode()).group(1)
    text = "## Om planen\n\nVedteken av **Hallingtinget**."
    preview = hallingdal_secretariat_client.post(url, {"intro": text, "was": was, "preview": "1"})
    assert "<strong>Hallingtinget</strong>" in preview.content.decode()
    hallingdal_plan.refresh_from_db()
    assert hallingdal_plan.intro == "I oktober 2024 vart ny Regionplan vedtatt i Hallingtinget."
    assert hallingdal_secretariat_client.post(url, {"intro": text, "was": was}).status_code == 302
    hallingdal_plan.refresh_from_db()
    assert hallingdal_plan.intro == text
    record = ChangeRecord.objects.get(plan=hallingdal_plan, field="intro")
    assert record.new_value == text and record.changed_by.username == "hallingdal-sekretariat"
    assert "<h3>Om planen</h3>" in client.get(PLAN).content.decode()
    stale = hallingdal_secretariat_client.post(url, {"intro": "Mitt", "was": was})
    assert stale.status_code == 409
    hallingdal_plan.refresh_from_db()
    assert hallingdal_plan.intro == text
