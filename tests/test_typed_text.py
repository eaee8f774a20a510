"""Every character people type is kept: through the form, the page, the PDF, Excel, JSON and CSV."""

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from test_text import TYPED

from measures.models import Measure
from plans.exports import EXPORTS

pytestmark = pytest.mark.django_db


def squeezed(text):
    return re.sub(r"\s+", "", text)


def unhyphenated(text):
    """PDF text without the hyphens hyphenation added at line ends ("Hal‐\nlingdal")."""
    return re.sub("\u2010\\s*\n", "", text)


def test_typed_text_round_trips_through_form_page_pdf_excel_json_and_csv(
    hallingdal_secretariat_client,
):
    measures = Measure.objects.filter(goal__focus_area__plan__slug="regionplan")[: len(TYPED)]
    for measure, typed in zip(measures, TYPED, strict=True):
        url = reverse("measures:edit", args=["hallingdal", "regionplan", measure.pk])
        values = {"version": measure.version, "code": measure.code, "text": typed, "comment": typed}
        assert hallingdal_secretariat_client.post(url, values).status_code == 302
        measure.refresh_from_db()
        assert (measure.text, measure.comment) == (typed, typed)
        page = hallingdal_secretariat_client.get(measure.get_absolute_url()).content.decode()
        assert html.escape(typed, quote=False) in page
    plan = measures[0].goal.focus_area.plan

    pdf = PdfReader(io.BytesIO(EXPORTS["pdf"][1](plan)))
    pdf_text = squeezed(unhyphenated("\n".join(page.extract_text() for page in pdf.pages)))
    sheet = load_workbook(io.BytesIO(EXPORTS["xlsx"][1](plan))).worksheets[0]
    data = json.loads(EXPORTS["json"][1](plan))
    json_texts = [
        measure["text"]
        for area in data["focus_areas"]
        for goal in area["goals"]
        for measure in goal["measures"]
    ]
    csv_rows = list(csv.reader(io.StringIO(EXPORTS["csv"][1](plan).decode())))
    for typed in TYPED:
        assert squeezed(typed) in pdf_text
        assert typed in [cell.value for cell in sheet["E"]]
        assert typed in json_texts
        assert typed in [row[4] for row in csv_rows]


def test_a_status_comment_is_stored_as_typed(hallingdal_secretariat_client):
    measure = Measure.objects.get(code="1.1.1", goal__focus_area__plan__slug="regionplan")
    url = reverse("measures:status", args=["hallingdal", "regionplan", measure.pk])
    hallingdal_secretariat_client.post(url, {"status": "yellow", "comment": TYPED[0]})
    assert measure.status_changes.last().comment == TYPED[0]


@pytest.mark.parametrize("field", ["code", "due", "responsible"])
def test_a_direction_override_in_a_short_field_is_refused_and_nothing_is_saved(
    hallingdal_secretariat_client, field
):
    measure = Measure.objects.get(code="1.1.1", goal__focus_area__plan__slug="regionplan")
    before = Measure.objects.values().get(pk=measure.pk)
    url = reverse("measures:edit", args=["hallingdal", "regionplan", measure.pk])
    values = {"version": measure.version, "code": "1.1.1", "text": measure.text}
    values[field] = "Gol \u202ekommune"
    response = hallingdal_secretariat_client.post(url, values)
    assert response.status_code == 400
    assert "U+202E" in response.content.decode()
    assert Measure.objects.values().get(pk=measure.pk) == before


def test_an_imported_cell_keeps_typed_angle_brackets_and_converts_only_html_remnants():
    from test_import import row, xlsx

    from plans.importing import Kind, read_xlsx

    data = xlsx([row(text=TYPED[0], Kommentar="<p>Første</p><p>Andre</p>")])
    parsed = read_xlsx(io.BytesIO(data))
    (parsed_row,) = parsed.rows
    assert parsed_row.text == TYPED[0]
    assert parsed_row.comment == "Første\n\nAndre"
    (warning,) = [p for p in parsed.problems if p.kind == Kind.HTML_REMNANTS]
    assert not warning.blocking and warning.row == 2


def test_an_imported_code_with_a_direction_override_blocks_the_import():
    from test_import import row, xlsx

    from plans.importing import Kind, read_xlsx

    parsed = read_xlsx(io.BytesIO(xlsx([row(Ansvar="Gol \u202ekommune")])))
    (problem,) = [p for p in parsed.problems if p.kind == Kind.HIDDEN_CONTROLS]
    assert problem.blocking and "U+202E" in problem.message
