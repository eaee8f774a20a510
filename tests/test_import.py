"""Importing plans from Excel: bad files, round-trips with the export, updates, the CLI."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from helpers import exported
from openpyxl import Workbook

from measures.models import Measure, StatusChange
from measures.status import Status
from plans.exports import csv_bytes
from plans.importing import (
    MAX_ROWS,
    ImportBlocked,
    Kind,
    NewPlan,
    PreviewOutdated,
    apply_import,
    build_preview,
    read_xlsx,
)
from plans.models import ChangeRecord, FocusArea, Goal, Plan, PlanImport

pytestmark = pytest.mark.django_db

NN = ["Satsingsområde", "Målkode", "Mål", "Tiltakskode", "Tiltak", "Tid", "Ansvar"]
NN += ["Involvering", "Kommentar", "Status"]
DEMO_PLANS = [
    ("hallingdal", "regionplan"),
    ("nord-gudbrandsdal", "handlingsplan-2026"),
    ("lillehammer-regionen", "handlings-og-okonomiplan-2026"),
    ("lillehammer-regionen", "strategisk-handlingsplan-2021-2025"),
]


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; exports still use the council's language form."""
    with translation.override("en"):
        yield


# Building files ---------------------------------------------------------------------------


def xlsx(rows, header=NN, *, title="Tiltak", before=(), setup=None) -> bytes:
    """An .xlsx with `before` rows, the header and the rows on its first sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [*before, header, *rows]:
        sheet.append(list(row))
    if setup:
        setup(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(area="1. Næring", goal="Mål ein", code="1.1.1", text="Tiltak ein", status="Grøn", **more):
    values = {
        "Satsingsområde": area,
        "Målkode": "1.1",
        "Mål": goal,
        "Tiltakskode": code,
        "Tiltak": text,
        "Tid": "2026",
        "Ansvar": "Regionråd",
        "Involvering": None,
        "Kommentar": None,
        "Status": status,
        **more,
    }
    return [values[name] for name in NN]


def with_cached_result(data: bytes, cell: str, result: str) -> bytes:
    """Gives a formula cell the cached text result Excel stores (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>'.encode(),
                    rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{result}</v>'.encode(),
                    content,
                )
            target.writestr(item, content)
    return out.getvalue()


def zip_of(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Oversized(io.BytesIO):
    """An upload that says it is 11 MB, as Django's UploadedFile reports `size`."""

    size = 11 * 2**20


def too_many_rows():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tiltak")
    sheet.append(["Satsingsområde", "Tiltak"])
    for number in range(MAX_ROWS + 1):
        sheet.append(["1. Næring", f"Tiltak {number}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def hide_row(number):
    def setup(book, sheet):
        sheet.row_dimensions[number].hidden = True

    return setup


def counts():
    models = [Plan, FocusArea, Goal, ChangeRecord, StatusChange, PlanImport]
    found = {model.__name__: model.objects.count() for model in models}
    found["Measure"] = Measure.all_objects.count()
    return found


# Bad files --------------------------------------------------------------------------------

BAD_FILES = [
    # (id, file, kind, words in the message, row, column heading)
    ("empty", lambda: b"", Kind.EMPTY, "empty", None, ""),
    ("csv", lambda: "Satsingsområde;Tiltak\n1;Ein\n".encode(), Kind.NOT_XLSX, "CSV", None, ""),
    ("pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", Kind.NOT_XLSX, "PDF", None, ""),
    ("corrupt zip", lambda: b"PK\x03\x04" + b"\x00" * 200, Kind.DAMAGED, "damaged", None, ""),
    (
        "truncated xlsx",
        lambda: xlsx([row()])[:-400],
        Kind.DAMAGED,
        "damaged",
        None,
        "",
    ),
    (
        "password protected",
        lambda: OLE + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100,
        Kind.PASSWORD,
        "password",
        None,
        "",
    ),
    ("old xls", lambda: OLE + b"\x00" * 1000, Kind.OLD_XLS, ".xls", None, ""),
    (
        "ods",
        lambda: zip_of({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        Kind.NOT_XLSX,
        ".ods",
        None,
        "",
    ),
    ("other zip", lambda: zip_of({"notes.txt": "hei"}), Kind.NOT_XLSX, "zip", None, ""),
    ("says over 10 MB", lambda: Oversized(xlsx([row()])), Kind.TOO_LARGE, "10 MB", None, ""),
    (
        "padded over 10 MB",
        lambda: xlsx([row()]) + b"\0" * 10 * 2**20,
        Kind.TOO_LARGE,
        "up to 10 MB",
        None,
        "",
    ),
    ("too many rows", too_many_rows, Kind.TOO_MANY_ROWS, "20 000", 20_002, ""),
    (
        "no heading row",
        lambda: xlsx([row()], header=["Eitt", "To", "Tre"]),
        Kind.NO_HEADER,
        "column headings",
        None,
        "",
    ),
    (
        "no measure column",
        lambda: xlsx([["1. Næring", "Mål", "2026"]], header=["Satsingsområde", "Mål", "Tid"]),
        Kind.MISSING_COLUMN,
        "“Measure” is missing",
        1,
        "",
    ),
    (
        "no focus area column",
        lambda: xlsx([["Mål", "Tiltak ein"]], header=["Mål", "Tiltak"]),
        Kind.MISSING_COLUMN,
        "“Focus area” is missing",
        1,
        "",
    ),
    (
        "measure without focus area",
        lambda: xlsx([row(), row(area=None, code="1.1.2", text="Tiltak to")]),
        Kind.NO_FOCUS_AREA,
        "no focus area",
        3,
        "Satsingsområde",
    ),
    (
        "unknown status",
        lambda: xlsx([row(status="Lilla")]),
        Kind.UNKNOWN_STATUS,
        "“Lilla”",
        2,
        "Status",
    ),
    (
        "formula without result",
        lambda: xlsx([row(text='="Tiltak "&"ein"')]),
        Kind.FORMULA_WITHOUT_VALUE,
        "formula without a saved result",
        2,
        "Tiltak",
    ),
    ("error cell", lambda: xlsx([row(text="#REF!")]), Kind.CELL_ERROR, "#REF!", 2, "Tiltak"),
    (
        "code too long",
        lambda: xlsx([row(code="1.1.1.1.1.1.1.1.1.1.1.1")]),
        Kind.TOO_LONG,
        "at most 20",
        2,
        "Tiltakskode",
    ),
    (
        "status without measure",
        lambda: xlsx([row(), row(text=None, code="1.1.2")]),
        Kind.NO_TEXT,
        "no measure text",
        3,
        "Tiltak",
    ),
    ("no rows", lambda: xlsx([]), Kind.EMPTY, "no rows with measures", 1, ""),
    (
        "bad focus area number",
        lambda: xlsx([["1.1.1", "Næring", "Tiltak"]], header=["Nr", "Satsingsområde", "Tiltak"]),
        Kind.BAD_NUMBER,
        "Measure code",
        2,
        "Nr",
    ),
]


@pytest.mark.parametrize(
    ("make", "kind", "words", "row_number", "column"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_a_bad_file_says_what_is_wrong_and_writes_nothing(
    make,
    kind,
    words,
    row_number,
    column,
    hallingdal_council,
    hallingdal_plan,
    hallingdal_secretariat,
):
    data = make()
    source = data if isinstance(data, io.BytesIO) else io.BytesIO(data)
    before = counts()
    parsed = read_xlsx(source, filename="plan.xlsx")
    assert parsed.blocking
    problem = next(p for p in parsed.problems if p.kind == kind)
    assert problem.blocking
    assert words in problem.message
    assert (problem.row, problem.column) == (row_number, column)
    if row_number and kind not in (Kind.MISSING_COLUMN, Kind.TOO_MANY_ROWS, Kind.EMPTY):
        assert problem.sheet == "Tiltak" and problem.column_letter
    new = NewPlan(hallingdal_council, "Importert", "handlingsplan", 2026, 2026)
    with pytest.raises(ImportBlocked) as blocked:
        apply_import(parsed, user=hallingdal_secretariat, new_plan=new)
    assert blocked.value.preview.blocking_problems
    with pytest.raises(ImportBlocked):
        apply_import(parsed, user=hallingdal_secretariat, plan=hallingdal_plan, add_new=True)
    assert counts() == before


def test_a_failure_while_writing_leaves_nothing_behind(
    hallingdal_council, hallingdal_secretariat, monkeypatch
):
    """All or nothing: a failure after the plan and its areas were written leaves nothing."""
    from plans.importing import apply as applying

    parsed = read_xlsx(io.BytesIO(xlsx([row(), row(code="1.1.2", text="To")])))
    before = counts()

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(applying._Writer, "save_records", fail)
    with pytest.raises(RuntimeError):
        apply_import(
            parsed,
            user=hallingdal_secretariat,
            new_plan=NewPlan(hallingdal_council, "Halvveges", "handlingsplan", 2026, 2026),
        )
    assert counts() == before


# Round-trips ------------------------------------------------------------------------------


def structure(plan):
    """Focus areas, goals and measures in plan order, with everything the export carries
    (focus area descriptions and internal notes are not in the file)."""
    measures = {}
    for m in Measure.objects.filter(goal__focus_area__plan=plan).order_by("order", "id"):
        measures.setdefault(m.goal_id, []).append(
            (
                m.code,
                m.text,
                m.due,
                m.due_first_year,
                m.due_last_year,
                m.responsible,
                m.parties,
                m.involvement,
                m.comment,
                m.status,
            )
        )
    return [
        (
            area.number,
            area.title,
            [
                (goal.code, goal.text, measures.get(goal.pk, []))
                for goal in area.goals.order_by("order", "id")
            ],
        )
        for area in plan.focus_areas.order_by("order", "id")
    ]


@pytest.mark.parametrize(("council", "slug"), DEMO_PLANS)
def test_an_exported_plan_imports_as_an_identical_new_plan(council, slug, hallingdal_secretariat):
    original = Plan.objects.get(council__slug=council, slug=slug)
    parsed = read_xlsx(io.BytesIO(exported(original)), filename=f"{slug}.xlsx")
    assert not parsed.blocking, [str(p) for p in parsed.blocking_problems]
    assert parsed.sheet == "Tiltak"
    new = NewPlan(original.council, original.title, original.kind, *original.years)
    result = apply_import(parsed, user=hallingdal_secretariat, new_plan=new)

    copy = result.plan
    assert copy.pk != original.pk and copy.council == original.council
    assert copy.slug != original.slug and not copy.published
    assert structure(copy) == structure(original)
    assert csv_bytes(copy).decode() == csv_bytes(original).decode()
    # Every status that is set came in through the history, linked to the import.
    assessed = Measure.objects.filter(goal__focus_area__plan=copy).exclude(
        status=Status.NOT_ASSESSED
    )
    history = StatusChange.objects.filter(measure__goal__focus_area__plan=copy)
    assert history.count() == assessed.count()
    assert set(result.record.status_changes.all()) == set(history)
    assert {c.changed_by for c in history} <= {hallingdal_secretariat}
    assert result.record.mode == PlanImport.Mode.NEW_PLAN
    assert (
        result.record.measures_created
        == Measure.objects.filter(goal__focus_area__plan=copy).count()
    )
    created = result.record.changes.get()
    assert (created.subject_type, created.action) == ("plan", ChangeRecord.Action.CREATED)


@pytest.mark.parametrize(("council", "slug"), DEMO_PLANS)
def test_an_exported_plan_read_back_as_an_update_changes_nothing(council, slug):
    plan = Plan.objects.get(council__slug=council, slug=slug)
    preview = build_preview(read_xlsx(io.BytesIO(exported(plan))), plan)
    assert preview.counts["measures_changed"] == 0
    assert preview.counts["measures_new"] == 0
    assert preview.unchanged == Measure.objects.filter(goal__focus_area__plan=plan).count()
    assert preview.not_in_file == 0


# Updates ----------------------------------------------------------------------------------


def status_cells(sheet, code, occurrence=0):
    """The status cell of the `occurrence`th row with this measure code."""
    rows = [r for r in sheet.iter_rows(min_row=2) if r[3].value == code]
    return rows[occurrence][9]


def statuses(plan):
    return dict(Measure.objects.filter(goal__focus_area__plan=plan).values_list("pk", "status"))


def test_changing_three_statuses_in_the_file_changes_exactly_those_three(
    hallingdal_plan, hallingdal_secretariat
):
    plan = hallingdal_plan
    second_541 = Measure.objects.get(
        goal__focus_area__plan=plan, text="Styrke Hallingdal som merkevare"
    )
    targets = {
        Measure.objects.get(goal__focus_area__plan=plan, code="1.1.1").pk: Status.RED,
        Measure.objects.get(goal__focus_area__plan=plan, code="2.1.1").pk: Status.GREEN,
        second_541.pk: Status.YELLOW,
    }

    def edit(sheet):
        status_cells(sheet, "1.1.1").value = "Raud"
        status_cells(sheet, "2.1.1").value = "grønn"  # bokmål, lower case
        status_cells(sheet, "5.4.1", 1).value = "Y"

    before, revision = statuses(plan), plan.revision
    history_before = StatusChange.objects.count()
    parsed = read_xlsx(io.BytesIO(exported(plan, edit)), filename="status.xlsx")
    preview = build_preview(parsed, plan)
    assert preview.counts["measures_changed"] == 3
    assert preview.counts["status_changes"] == 3
    assert preview.unchanged == len(before) - 3
    assert {c.measure.pk: c.changes["status"][1] for c in preview.changed} == targets

    result = apply_import(
        parsed, user=hallingdal_secretariat, plan=plan, expected=preview.fingerprint
    )

    after = statuses(plan)
    assert {pk for pk in after if after[pk] != before[pk]} == set(targets)
    assert all(after[pk] == status for pk, status in targets.items())
    record = result.record
    assert record.changed_by == hallingdal_secretariat and record.filename == "status.xlsx"
    assert record.measures_changed == 3 and record.measures_created == 0
    changes = list(record.status_changes.all())
    assert StatusChange.objects.count() == history_before + 3
    assert {(c.measure_id, c.from_status, c.to_status) for c in changes} == {
        (pk, before[pk], status) for pk, status in targets.items()
    }
    assert {c.changed_by for c in changes} == {hallingdal_secretariat}
    assert not record.changes.exists()  # statuses are history, not audit trail
    plan.refresh_from_db()
    assert plan.revision > revision


def test_field_changes_are_one_change_set_by_the_importing_user(
    hallingdal_plan, hallingdal_secretariat
):
    plan = hallingdal_plan
    measure = Measure.objects.get(goal__focus_area__plan=plan, code="1.1.1")
    old_due, old_responsible, old_version = measure.due, measure.responsible, measure.version

    def edit(sheet):
        cells = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "1.1.1")
        cells[5].value = "2027–2028"
        cells[6].value = "Næringshagen"
        cells[8].value = "<p>Starta opp.</p><ul><li>Møte i mars</li></ul>"
        cells[9].value = "Gul"

    parsed = read_xlsx(io.BytesIO(exported(plan, edit)))
    preview = build_preview(parsed, plan)
    (change,) = preview.changed
    assert change.changes == {
        "due": (old_due, "2027–2028"),
        "responsible": (measure.responsible, "Næringshagen"),
        "comment": (measure.comment, "Starta opp.\n\n- Møte i mars"),
        "status": (measure.status, "yellow"),
    }
    result = apply_import(parsed, user=hallingdal_secretariat, plan=plan)

    measure.refresh_from_db()
    assert (measure.due_first_year, measure.due_last_year) == (2027, 2028)
    assert measure.parties == "|Næringshage|"
    assert measure.comment == "Starta opp.\n\n- Møte i mars"
    assert measure.status == Status.YELLOW and measure.version == old_version + 1
    records = ChangeRecord.objects.filter(plan_import=result.record)
    assert {(r.field, r.old_value, r.new_value) for r in records} == {
        ("due", old_due, "2027–2028"),
        ("responsible", old_responsible, "Næringshagen"),
    }
    assert {(r.changed_by, r.measure_id, r.action) for r in records} == {
        (hallingdal_secretariat, measure.pk, ChangeRecord.Action.UPDATED)
    }
    # The comment on a row whose status changes goes with the status change, as in the form.
    status_change = result.record.status_changes.get()
    assert (status_change.measure, status_change.comment) == (
        measure,
        "Starta opp.\n\n- Møte i mars",
    )


def test_rows_matching_no_measure_are_new_and_added_only_when_asked(
    hallingdal_plan, hallingdal_secretariat
):
    plan = hallingdal_plan

    def edit(sheet):
        sheet.append(["1. Næringsutvikling og arbeidsplassar", "1.1", None, "1.1.9", "Nytt tiltak"])
        sheet.append(["7. Ny satsing", None, "Nytt mål", None, "Tiltak i ny satsing", "2027"])

    data = exported(plan, edit)
    parsed = read_xlsx(io.BytesIO(data))
    preview = build_preview(parsed, plan)
    assert [n.row.text for n in preview.new_measures] == ["Nytt tiltak", "Tiltak i ny satsing"]
    assert [str(a) for a in preview.new_focus_areas] == ["7. Ny satsing"]
    assert [g.text for g in preview.new_goals] == ["Nytt mål"]
    existing_goal = preview.new_measures[0].goal.existing
    assert existing_goal is not None and existing_goal.code == "1.1"

    before = counts()
    apply_import(parsed, user=hallingdal_secretariat, plan=plan)
    after = counts()
    assert after["Measure"] == before["Measure"] and after["FocusArea"] == before["FocusArea"]

    result = apply_import(
        read_xlsx(io.BytesIO(data)), user=hallingdal_secretariat, plan=plan, add_new=True
    )
    assert result.record.measures_created == 2
    added = Measure.objects.get(goal__focus_area__plan=plan, code="1.1.9")
    assert added.goal == existing_goal
    assert added.order == existing_goal.measures.count()  # after the goal's measures
    assert added.status == Status.NOT_ASSESSED  # an empty status cell
    area = plan.focus_areas.get(number=7)
    assert area.title == "Ny satsing" and area.order == 7
    measure = Measure.objects.get(goal__focus_area=area)
    assert (measure.text, measure.due_first_year, measure.goal.text) == (
        "Tiltak i ny satsing",
        2027,
        "Nytt mål",
    )
    created = result.record.changes.filter(action=ChangeRecord.Action.CREATED)
    assert sorted(created.values_list("subject_type", flat=True)) == [
        "focusarea",
        "goal",
        "measure",
        "measure",
    ]


def test_hallingdals_repeated_code_is_matched_by_text(hallingdal_plan, hallingdal_secretariat):
    plan = hallingdal_plan
    first, second = Measure.objects.filter(goal__focus_area__plan=plan, code="5.4.1").order_by(
        "order"
    )

    def swap_and_edit(sheet):
        rows = [r for r in sheet.iter_rows(min_row=2) if r[3].value == "5.4.1"]
        a, b = ([c.value for c in r] for r in rows)
        for cell, value in zip(rows[0], b, strict=True):
            cell.value = value
        for cell, value in zip(rows[1], a, strict=True):
            cell.value = value
        rows[1][9].value = "Grøn"  # now the first measure's row

    preview = build_preview(read_xlsx(io.BytesIO(exported(plan, swap_and_edit))), plan)
    (change,) = preview.changed
    assert change.measure.pk == first.pk
    assert change.changes == {"status": (first.status, "green")}

    def reword_second(sheet):
        status_cells(sheet, "5.4.1", 0).value = "Raud"
        row = [r for r in sheet.iter_rows(min_row=2) if r[3].value == "5.4.1"][1]
        row[4].value = "Styrke Hallingdal som merkevare og reisemål"

    parsed = read_xlsx(io.BytesIO(exported(plan, reword_second)))
    preview = build_preview(parsed, plan)
    changes = {c.measure.pk: c.changes for c in preview.changed}
    assert changes == {
        first.pk: {"status": (first.status, "red")},
        second.pk: {
            "text": (second.text, "Styrke Hallingdal som merkevare og reisemål"),
        },
    }
    assert not preview.new_measures
    assert any(p.kind == Kind.REPEATED_CODE and p.row for p in preview.warnings)
    apply_import(parsed, user=hallingdal_secretariat, plan=plan)
    second.refresh_from_db()
    assert second.text.endswith("og reisemål") and second.code == "5.4.1"


def test_a_preview_that_is_no_longer_true_is_refused(hallingdal_plan, hallingdal_secretariat):
    plan = hallingdal_plan

    def edit(sheet):
        status_cells(sheet, "1.1.1").value = "Raud"

    parsed = read_xlsx(io.BytesIO(exported(plan, edit)))
    preview = build_preview(parsed, plan)
    Measure.objects.get(goal__focus_area__plan=plan, code="1.1.1").change_status(Status.RED)
    before = counts()
    with pytest.raises(PreviewOutdated) as outdated:
        apply_import(parsed, user=hallingdal_secretariat, plan=plan, expected=preview.fingerprint)
    assert outdated.value.preview.counts["measures_changed"] == 0
    assert counts() == before


# The format -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["Satsingsområde", "Målkode", "Mål", "Tiltakskode", "Tiltak", "Tid", "Ansvar", "Status"],
        [
            "Focus area",
            "Goal code",
            "Goal",
            "Measure code",
            "Measure",
            "Due",
            "Responsible",
            "Status",
        ],
        [
            "  SATSINGSOMRÅDE ",
            "mål nr",
            "Målsetting",
            "Kode",
            "Tiltak:",
            "Frist",
            "Ansvarlig",
            "STATUS",
        ],
    ],
    ids=["nynorsk/bokmål", "english", "variants"],
)
def test_headings_in_any_language_and_order(header):
    values = ["2. Samferdsel", "2.1", "Betre vegar", "2.1.1", "Rassikring", "2026", "Kommunane"]
    values.append("gul")
    order = [4, 7, 0, 6, 2, 5, 1, 3]  # shuffled
    data = xlsx(
        [[values[i] for i in order] + ["120 000"]], [header[i] for i in order] + ["Budsjett"]
    )
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking
    (row,) = parsed.rows
    assert (row.focus_area_number, row.focus_area, row.goal_code, row.goal) == (
        2,
        "Samferdsel",
        "2.1",
        "Betre vegar",
    )
    assert (row.code, row.text, row.due, row.responsible, row.status) == (
        "2.1.1",
        "Rassikring",
        "2026",
        "Kommunane",
        Status.YELLOW,
    )
    (extra,) = [p for p in parsed.problems if p.kind == Kind.EXTRA_COLUMN]
    assert not extra.blocking and (extra.column, extra.column_letter, extra.row) == (
        "Budsjett",
        "I",
        1,
    )


def test_headings_below_a_title_and_a_focus_area_number_column(
    hallingdal_council, hallingdal_secretariat
):
    data = xlsx(
        [[1, "Utdanning", "Kompetanseløft"], [2, "2. Næring", "Næringsareal"]],
        ["Nr.", "Satsingsområde", "Tiltak"],
        before=[["Handlingsplan 2026"], []],
    )
    parsed = read_xlsx(io.BytesIO(data))
    assert parsed.heading_row == 3
    assert [(r.number, r.focus_area_number, r.focus_area) for r in parsed.rows] == [
        (4, 1, "Utdanning"),
        (5, 2, "Næring"),
    ]
    result = apply_import(
        parsed,
        user=hallingdal_secretariat,
        new_plan=NewPlan(hallingdal_council, "Frå mal", "handlingsplan", 2026, 2026),
    )
    assert [str(a) for a in result.plan.focus_areas.all()] == ["1. Utdanning", "2. Næring"]
    # no goal column: each focus area's measures go into a goal named like the area
    assert list(
        Goal.objects.filter(focus_area__plan=result.plan).values_list("text", flat=True)
    ) == [
        "Utdanning",
        "Næring",
    ]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Grøn", Status.GREEN),
        ("grønn", Status.GREEN),
        ("GREEN", Status.GREEN),
        ("g", Status.GREEN),
        ("Gul", Status.YELLOW),
        ("yellow", Status.YELLOW),
        ("Y", Status.YELLOW),
        ("Raud", Status.RED),
        ("rød", Status.RED),
        ("Red", Status.RED),
        (" R ", Status.RED),
        ("Ikkje vurdert", Status.NOT_ASSESSED),
        ("ikke vurdert", Status.NOT_ASSESSED),
        ("Not assessed", Status.NOT_ASSESSED),
        (None, Status.NOT_ASSESSED),
    ],
)
def test_status_words(word, status):
    parsed = read_xlsx(io.BytesIO(xlsx([row(status=word)])))
    assert not parsed.blocking
    assert parsed.rows[0].status == status


def test_html_remnants_and_line_breaks_become_clean_text():
    text = (
        "<p>Første avsnitt</p><ul><li>punkt <b>ein</b></li><li>punkt to</li></ul><script>x</script>"
    )
    data = xlsx(
        [row(text=text, Involvering="Kommunane\r\nNæringshagen", Ansvar="<b>Regionråd</b>")]
    )
    (parsed_row,) = read_xlsx(io.BytesIO(data)).rows
    assert parsed_row.text == "Første avsnitt\n\n- punkt ein\n- punkt to"
    assert parsed_row.involvement == "Kommunane\nNæringshagen"
    assert parsed_row.responsible == "Regionråd"


def test_a_formula_imports_its_result_with_a_warning():
    data = with_cached_result(xlsx([row(Ansvar='="Region"&"råd"')]), "G2", "Regionråd")
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking
    assert parsed.rows[0].responsible == "Regionråd"
    (warning,) = [p for p in parsed.problems if p.kind == Kind.FORMULA]
    assert (warning.row, warning.column, warning.cell) == (2, "Ansvar", "G2")
    assert "“Regionråd” is imported as text" in warning.message


def test_warnings_do_not_block():
    data = xlsx(
        [
            row(),
            row(code="1.1.1", text="Eit anna tiltak"),
            row(code="1.1.3", text="tiltak  EIN", Ansvar=None, Tid=None),
            row(code="1.1.4", text="Gøymd"),
            [None] * len(NN),
        ],
        setup=hide_row(5),
    )
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking
    found = {(p.kind, p.row) for p in parsed.problems}
    assert found == {
        (Kind.REPEATED_CODE, 3),
        (Kind.REPEATED_TEXT, 4),
        (Kind.NO_RESPONSIBLE, 4),
        (Kind.NO_DUE, 4),
        (Kind.HIDDEN_ROWS, None),
    }
    assert [r.number for r in parsed.rows] == [2, 3, 4]


def test_merged_focus_area_cells_count_for_every_row_they_span():
    def merge(book, sheet):
        sheet.merge_cells("A2:A3")

    data = xlsx([row(), row(area=None, code="1.1.2", text="Tiltak to")], setup=merge)
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking
    assert [(r.focus_area_number, r.focus_area) for r in parsed.rows] == [(1, "Næring")] * 2


def test_the_first_sheet_with_known_headings_is_read():
    def add_sheets(book, sheet):
        cover = book.create_sheet("Forside", 0)
        cover.append(["Handlingsplan"])

    parsed = read_xlsx(io.BytesIO(xlsx([row()], setup=add_sheets)))
    assert parsed.sheet == "Tiltak" and not parsed.blocking
    assert any(p.kind == Kind.SHEET_USED for p in parsed.problems)


def test_an_uploaded_file_is_read_with_its_name():
    upload = SimpleUploadedFile("handlingsplan.xlsx", xlsx([row()]))
    parsed = read_xlsx(upload)
    assert parsed.filename == "handlingsplan.xlsx" and len(parsed.rows) == 1


def test_new_plan_slugs_are_unique_within_the_council(hallingdal_council, hallingdal_secretariat):
    data = xlsx([row()])
    slugs = [
        apply_import(
            read_xlsx(io.BytesIO(data)),
            user=hallingdal_secretariat,
            new_plan=NewPlan(
                hallingdal_council, "Økonomiplan 2027–2030", "handlingsplan", 2027, 2030
            ),
        ).plan.slug
        for _ in range(2)
    ]
    assert slugs == ["okonomiplan-2027-2030", "okonomiplan-2027-2030-2"]


# The command ------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_plan", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def hallingdal_file(tmp_path, hallingdal_plan):
    def edit(sheet):
        status_cells(sheet, "1.1.1").value = "Raud"

    path = tmp_path / "hallingdal.xlsx"
    path.write_bytes(exported(hallingdal_plan, edit))
    return path


def test_command_updates_a_plan(hallingdal_file, hallingdal_plan, hallingdal_secretariat):
    code, out = run(
        str(hallingdal_file),
        "--council",
        "hallingdal",
        "--plan",
        "regionplan",
        "--user",
        hallingdal_secretariat.username,
    )
    assert code == 0, out
    assert "measures changed: 1 (status changes: 1)" in out
    assert "status: " in out and "Imported into hallingdal/regionplan" in out
    measure = Measure.objects.get(goal__focus_area__plan=hallingdal_plan, code="1.1.1")
    assert measure.status == Status.RED
    assert measure.status_changes.last().changed_by == hallingdal_secretariat


def test_command_creates_a_plan(hallingdal_file):
    code, out = run(
        str(hallingdal_file),
        "--council",
        "nord-gudbrandsdal",
        "--new-plan",
        "Kopi",
        "--kind",
        "handlingsplan",
        "--years",
        "2025-2028",
    )
    assert code == 0, out
    plan = Plan.objects.get(council__slug="nord-gudbrandsdal", slug="kopi")
    assert plan.years == (2025, 2028)
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 69


def test_command_dry_run_writes_nothing(hallingdal_file):
    before = counts()
    code, out = run(
        str(hallingdal_file),
        "--council",
        "hallingdal",
        "--new-plan",
        "Kopi",
        "--kind",
        "regionplan",
        "--years",
        "2026",
        "--dry-run",
    )
    assert code == 0, out
    assert "measures: 69" in out and "Dry run: nothing written." in out
    assert counts() == before


def test_command_exits_1_when_problems_block(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([row(status="Lilla")]))
    before = counts()
    code, out = run(str(path), "--council", "hallingdal", "--plan", "regionplan")
    assert code == 1
    assert "BLOCKS" in out and "Tiltak, row 2, column J “Status”" in out and "Lilla" in out
    assert counts() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--council", "nowhere", "--plan", "regionplan"],
        ["--council", "hallingdal", "--plan", "nowhere"],
        ["--council", "hallingdal"],
        ["--council", "hallingdal", "--plan", "regionplan", "--new-plan", "X"],
        ["--council", "hallingdal", "--new-plan", "X", "--kind", "handlingsplan"],
        ["--council", "hallingdal", "--new-plan", "X", "--kind", "plan", "--years", "2026"],
        [
            "--council",
            "hallingdal",
            "--new-plan",
            "X",
            "--kind",
            "handlingsplan",
            "--years",
            "2028-2025",
        ],
        ["--council", "hallingdal", "--plan", "regionplan", "--user", "nobody"],
        ["--plan", "regionplan"],
        ["--council", "hallingdal", "--plan", "regionplan", "--no-such-option"],
    ],
)
def test_command_exits_2_on_usage_errors(hallingdal_file, args):
    before = counts()
    code, out = run(str(hallingdal_file), *args)
    assert code == 2, out
    assert counts() == before


def test_command_exits_2_for_a_missing_file(tmp_path):
    code, out = run(
        str(tmp_path / "nowhere.xlsx"), "--council", "hallingdal", "--plan", "regionplan"
    )
    assert code == 2 and "No file" in out
