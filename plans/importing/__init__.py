"""Importing a plan from an Excel file (.xlsx): read, preview, then apply in one transaction.

The file has the columns the Excel export writes (plans.exports.columns()): focus area, goal
code, goal, measure code, measure, due, responsible, involvement, comment, status, with headings
in nynorsk, bokmål or English in any order (plus common variants, and an optional focus-area
number column). Only focus area and measure are required. An exported plan reads back unchanged.

Use::

    from plans.importing import read_xlsx, build_preview, apply_import, NewPlan

    parsed = read_xlsx(upload)              # a path or a binary file (Django UploadedFile)
    preview = build_preview(parsed)         # into a new plan; or build_preview(parsed, plan)
    if not preview.blocking:
        result = apply_import(
            parsed, user=request.user,
            new_plan=NewPlan(council, "Handlingsplan 2027", "handlingsplan", 2027, 2027),
        )                                   # or plan=plan, add_new=..., expected=fingerprint
        result.plan, result.record          # the Plan, and the PlanImport (the change set)

read_xlsx(source, *, filename=None) -> ParsedFile
    Never raises for a bad file: every problem is a Problem in `parsed.problems`. Messages are
    translated into the active language, so read in the user's language. A file that cannot be
    read at all (past the limits of limits.py, damaged, not a workbook) has no rows and one
    problem, `parsed.refusal`; the upload form refuses it, and it is never stored (a file of
    1 MB or more is read by the background worker instead, tasks.py, and its refusal shown).
    ParsedFile: filename, sheet, heading_row, columns {key: (heading, letter)}, rows [Row],
    problems [Problem], hidden_rows; .blocking, .refusal, .measure_rows, .has_column(key).
    parsed.dumps(parsed) -> str and parsed.loads(text) -> ParsedFile: its stored form (JSON), as
    an upload keeps it (ImportUpload.parsed, uploads.py).
    Row: number (spreadsheet row), focus_area_number, focus_area, goal_code, goal, code, text,
    due, responsible, involvement, comment, status_word (as written), status (a Status; an
    empty cell is NOT_ASSESSED; None when the file has no status column); texts are cleaned
    as the models store them (normalise_text; HTML remnants as plain text, remnants.py).

Problem(kind, message, blocking, sheet, row, column, column_letter); .cell ("J12"),
    .location() ("Tiltak, row 12, column J “Status”"); str() is location and message.
    kind is a Kind (problems.py): blocking are empty, too_large, too_many_rows, not_xlsx, old_xls,
    password, damaged, no_header, missing_column, no_focus_area, no_text, unknown_status,
    bad_number, too_long, formula_without_value, cell_error; warnings are formula, repeated_code,
    repeated_text, no_responsible, no_due, extra_column, duplicate_column, hidden_rows,
    sheet_used.

build_preview(parsed, plan=None) -> Preview
    Writes nothing. Preview: mode ("new" | "update"), plan, problems, blocking,
    blocking_problems, warnings, new_focus_areas [AreaTarget], new_goals [GoalTarget],
    new_measures [NewMeasure(row, goal)], changed [MeasureChange(measure, row, changes)] where
    changes is {field: (old, new)} for text, due, responsible, involvement, comment, status
    (status as Status values), unchanged (count), not_in_file (count), counts (a dict of all the
    counts) and fingerprint. How rows are matched in an update: see preview.py.

apply_import(parsed, *, user, plan=None | new_plan=None, add_new=False, expected=None)
    -> ImportResult(plan, record, preview)
    One transaction. Raises ImportBlocked(preview) for blocking problems, PreviewOutdated(preview)
    when `expected` (the confirmed preview's fingerprint) no longer matches, and
    django.core.exceptions.ValidationError for an invalid NewPlan; nothing is written then.
    Every change is recorded against one PlanImport (plans.models) authored by `user`: its
    ChangeRecords (`record.changes`) and status history entries (`record.status_changes`).
    New rows of an update are added only with add_new=True.

NewPlan(council, title, kind, first_year, last_year, slug="") -> .build() validates the Plan;
    the slug is made from the title, unique within the council (plan_slug()).

The blank template with its instructions sheet is plans/import_template.py.

Modules: container.py (is it an .xlsx we may open), limits.py (how much it may hold, counted
while each member streams past), workbook.py (opening it with only what a plan needs),
reading.py (one streaming pass over the sheet), checks.py (checks over all rows), vocabulary.py
(headings and status words), parsed.py (ParsedFile, Row, the stored form), problems.py,
preview.py, apply.py, uploads.py (uploads waiting for confirmation). bench/import_plan.py times
a 5,000-row import; bench/import_hostile.py shows hostile files refused within 10 s and 300 MB.
"""

from .apply import (
    ImportBlocked,
    ImportResult,
    NewPlan,
    PreviewOutdated,
    apply_import,
    plan_slug,
)
from .container import MAX_BYTES
from .parsed import ParsedFile, Row
from .preview import AreaTarget, GoalTarget, MeasureChange, NewMeasure, Preview, build_preview
from .problems import Kind, Problem
from .reading import MAX_ROWS, read_xlsx

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "AreaTarget",
    "GoalTarget",
    "ImportBlocked",
    "ImportResult",
    "Kind",
    "MeasureChange",
    "NewMeasure",
    "NewPlan",
    "ParsedFile",
    "Preview",
    "PreviewOutdated",
    "Problem",
    "Row",
    "apply_import",
    "build_preview",
    "plan_slug",
    "read_xlsx",
]
