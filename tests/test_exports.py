import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from measures.models import Measure
from measures.status import Status
from plans.exports import csv_bytes, plan_data, write_xlsx
from plans.models import Plan

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "plans" / "schemas" / "plan-2.schema.json").read_text()
)


def xlsx_of(plan):
    buffer = io.BytesIO()
    write_xlsx(plan, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def test_excel_has_a_row_per_measure_with_status_words_and_fills(hallingdal_plan):
    book = xlsx_of(hallingdal_plan)
    sheet = book["Tiltak"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Satsingsområde",
        "Målkode",
        "Mål",
        "Tiltakskode",
        "Tiltak",
        "Tid",
        "Ansvar",
        "Involvering",
        "Kommentar",
        "Status",
    )
    assert len(rows) == 70
    red = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "1.2.2")
    assert red[9].value == "Raud"
    assert red[9].fill.fgColor.rgb.endswith("C01B1B")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J70"
    assert sheet.column_dimensions["E"].width == 60
    assert book.properties.creator == "Hallingdal regionråd"
    assert [r[3] for r in rows[1:]].count("5.4.1") == 2


def test_excel_summary_counts_are_formulas_over_the_data_sheet(hallingdal_plan):
    sheet = xlsx_of(hallingdal_plan)["Samandrag"]
    header = [c.value for c in sheet[1]]
    assert header == ["Satsingsområde", "Grøn", "Gul", "Raud", "Ikkje vurdert", "Totalt"]
    first = [c.value for c in sheet[2]]
    assert first[0] == "1. Næringsutvikling og arbeidsplassar"
    assert first[1].startswith("=COUNTIFS('Tiltak'!$A$2:$A$70,$A2,'Tiltak'!$J$2:$J$70,B$1)")
    assert sheet.cell(row=8, column=6).value == "=SUM(F2:F7)"


def test_excel_never_turns_text_into_a_formula(hallingdal_plan, measure):
    Measure.objects.filter(pk=measure.pk).update(text="=SUM(A1:A9)", comment="+47 999", due="-1")
    sheet = xlsx_of(hallingdal_plan)["Tiltak"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "1.1.1")
    assert row[4].value == "=SUM(A1:A9)" and row[4].data_type == "s"
    assert row[8].data_type == "s" and row[5].data_type == "s"


def test_excel_uses_the_councils_language_form():
    plan = Plan.objects.get(slug="handlings-og-okonomiplan-2026")
    sheet = xlsx_of(plan)["Tiltak"]
    assert [c.value for c in sheet[1]][9] == "Status"
    assert sheet.cell(row=2, column=10).value == "Ikke vurdert"


@pytest.mark.parametrize(
    "slug", ["regionplan", "handlingsplan-2026", "handlings-og-okonomiplan-2026"]
)
def test_json_validates_against_its_schema(slug):
    data = plan_data(Plan.objects.get(slug=slug), "https://regionplan.example")
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    measures = [m for a in data["focus_areas"] for g in a["goals"] for m in g["measures"]]
    assert len(measures) == Measure.objects.filter(goal__focus_area__plan__slug=slug).count()


def test_json_carries_parsed_years_and_status(hallingdal_plan):
    data = plan_data(hallingdal_plan)
    measures = {
        m["due"]["text"]: m for a in data["focus_areas"] for g in a["goals"] for m in g["measures"]
    }
    assert measures["2025.- 2026"]["due"] == {
        "text": "2025.- 2026",
        "first_year": 2025,
        "last_year": 2026,
    }
    assert len(data["focus_areas"]) == 6
    assert sum(len(a["goals"]) for a in data["focus_areas"]) == 26


def test_csv_round_trips_through_the_csv_module(hallingdal_plan):
    text = csv_bytes(hallingdal_plan).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 70
    assert rows[0][0] == "Satsingsområde"
    texts = [r[4] for r in rows[1:]]
    assert set(texts) == set(
        Measure.objects.filter(goal__focus_area__plan=hallingdal_plan).values_list(
            "text", flat=True
        )
    )
    multi = next(r for r in rows if "\n" in r[4])  # paragraphs and bullets survive quoting
    assert multi[4].count("\n- ") >= 2


def test_exports_never_include_internal_notes(hallingdal_plan):
    Measure.objects.filter(goal__focus_area__plan=hallingdal_plan).update(internal_note="HEMMELEG")
    assert "HEMMELEG" not in csv_bytes(hallingdal_plan).decode()
    assert "HEMMELEG" not in json.dumps(plan_data(hallingdal_plan))


def test_download_views_follow_reading_permissions(client):
    response = client.get("/hallingdal/regionplan/eksport.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="hallingdal-regionplan.xlsx"'
    assert client.get("/hallingdal/regionplan/eksport.exe").status_code == 404
    Plan.objects.filter(slug="regionplan").update(published=False)
    assert client.get("/hallingdal/regionplan/eksport.json").status_code == 404


def test_download_sets_the_cookie_the_page_waits_for(client):
    response = client.get("/hallingdal/regionplan/eksport.csv", {"token": "abc123"})
    assert response.cookies["download"].value == "abc123"
    response = client.get("/hallingdal/regionplan/eksport.csv", {"token": "<script>"})
    assert "download" not in response.cookies


def test_export_plan_command_writes_each_format(tmp_path):
    for fmt in ("xlsx", "json", "csv"):
        out = tmp_path / f"plan.{fmt}"
        call_command(
            "export_plan", "hallingdal", "regionplan", format=fmt, output=out, stdout=io.StringIO()
        )
        assert out.stat().st_size > 1000
    assert json.loads((tmp_path / "plan.json").read_text())["plan"]["slug"] == "regionplan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "regionplan"], "No plan 'regionplan' in council 'nowhere'"),
        (["hallingdal", "nope"], "Plans of hallingdal: regionplan"),
    ],
)
def test_export_plan_command_errors_exit_2_with_a_message(tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("export_plan", *args, format="csv", output=tmp_path / "x.csv")
    assert message in str(error.value) and error.value.returncode == 2


def test_export_plan_command_rejects_an_unknown_format_with_exit_2(tmp_path, capsys):
    # As manage.py runs it: argparse exits 2 only on the command line (call_command would raise
    # a CommandError with 1), so this goes through run_from_argv, like execute_from_command_line.
    argv = ["manage.py", "export_plan", "hallingdal", "regionplan", "--format", "doc"]
    argv += ["--output", str(tmp_path / "x")]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(argv).fetch_command("export_plan").run_from_argv(argv)
    assert exited.value.code == 2
    assert "invalid choice: 'doc'" in capsys.readouterr().err


def test_status_change_shows_in_the_next_export(hallingdal_plan, measure):
    measure.change_status(Status.GREEN)
    assert ",Grøn" in csv_bytes(hallingdal_plan).decode().splitlines()[1]


def test_excel_summary_formulas_compute_the_same_counts_as_the_plan_page(hallingdal_plan):
    """Evaluates each COUNTIFS over the data sheet and compares with the database."""
    import re

    from measures.status import STATUS_ORDER
    from measures.summary import StatusSummary

    book = xlsx_of(hallingdal_plan)
    data = list(book["Tiltak"].iter_rows(min_row=2, values_only=True))
    summary = book["Samandrag"]
    labels = [c.value for c in summary[1]]
    _, by_area = StatusSummary.for_focus_areas(hallingdal_plan)
    areas = list(hallingdal_plan.focus_areas.order_by("order"))
    pattern = re.compile(
        r"=COUNTIFS\('Tiltak'!\$A\$2:\$A\$(\d+),\$A(\d+),'Tiltak'!\$J\$2:\$J\$\1,(\w)\$1\)"
    )
    for line, area in enumerate(areas, start=2):
        for col, status in enumerate(STATUS_ORDER, start=2):
            last, row, letter = pattern.match(summary.cell(line, col).value).groups()
            area_name = summary.cell(int(row), 1).value
            label = labels[ord(letter) - ord("A")]
            computed = sum(1 for r in data[: int(last) - 1] if r[0] == area_name and r[9] == label)
            assert computed == by_area[area.pk].counts.get(status, 0), (area, status)
