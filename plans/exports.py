"""The plan as a document and as data: PDF, Excel for the secretariat, JSON and CSV as open
data.

All write the same rows, one per measure, in plan order, with the column headers and status
words in the council's language form. Exports never include internal notes. The Excel columns
are the ones the import reads back. `EXPORTS` is what the download view and `export_plan`
offer.
"""

import csv
import io
import json

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from measures.status import STATUS_COLOURS, STATUS_ORDER, Status, legend, status_segments
from measures.summary import StatusSummary
from regionplan.lib.charts import stacked_bars_svg
from regionplan.lib.pdf import html_to_pdf
from regionplan.lib.spreadsheets import inert, safe_cell

from .models import Goal, Plan
from .rows import group_by_area, plan_lines, plan_measures
from .trend import status_trend, trend_chart

JSON_SCHEMA_VERSION = 2


def columns():
    """(key, header, width) in export order; headers in the active language."""
    return [
        ("focus_area", _("Focus area"), 28),
        ("goal_code", _("Goal code"), 9),
        ("goal", _("Goal"), 40),
        ("code", _("Measure code"), 10),
        ("text", _("Measure"), 60),
        ("due", _("Due"), 12),
        ("responsible", _("Responsible"), 22),
        ("involvement", _("Involvement"), 28),
        ("comment", _("Comment"), 40),
        ("status", _("Status"), 14),
    ]


def measure_rows(plan):
    """One dict per measure, streamed from the database in chunks."""
    for m in plan_measures(plan).iterator(chunk_size=2000):
        yield {
            "focus_area": str(m.goal.focus_area),
            "goal_code": m.goal.code,
            "goal": m.goal.text,
            "code": m.code,
            "text": m.text,
            "due": m.due,
            "responsible": m.responsible,
            "involvement": m.involvement,
            "comment": m.comment,
            "status": str(Status(m.status).label),
            "_status": m.status,
            "_measure": m,
        }


def add_named_styles(workbook):
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook.add_named_style(NamedStyle(name="rp-text", alignment=wrap))
    for status, (background, text) in STATUS_COLOURS.items():
        workbook.add_named_style(
            NamedStyle(
                name=f"rp-{status.value}",
                alignment=wrap,
                fill=PatternFill("solid", fgColor=background),
                font=Font(color=text, bold=True),
            )
        )


def write_xlsx(plan, stream):
    """Streams the plan to an .xlsx: memory stays flat however many measures there are."""
    with translation.override(plan.council.language):
        workbook = Workbook(write_only=True)
        workbook.properties.title = plan.title
        workbook.properties.creator = plan.council.name
        workbook.properties.subject = f"{plan.get_kind_display()} {plan.period}"
        workbook.properties.version = str(plan.version_number)
        workbook.properties.language = plan.council.language
        add_named_styles(workbook)
        sheet = workbook.create_sheet(_("Measures")[:31])
        cols = columns()
        for index, (_key, _header, width) in enumerate(cols, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_fill = PatternFill("solid", fgColor="E8EEF4")
        sheet.append(
            [safe_cell(sheet, header, font=bold, fill=header_fill) for _k, header, _w in cols]
        )
        count = 0
        for row in measure_rows(plan):
            cells = [safe_cell(sheet, row[key] or None, "rp-text") for key, _h, _w in cols[:-1]]
            cells.append(safe_cell(sheet, row["status"], f"rp-{row['_status']}"))
            sheet.append(cells)
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
        write_summary(workbook, plan, sheet.title, count)
        workbook.save(stream)


def write_summary(workbook, plan, data_sheet, rows):
    """Counts per focus area and status, as formulas over the measures sheet."""
    sheet = workbook.create_sheet(_("Summary")[:31])
    sheet.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    statuses = [str(s.label) for s in STATUS_ORDER]
    sheet.append([safe_cell(sheet, v, font=bold) for v in [_("Focus area"), *statuses, _("Total")]])
    last = rows + 1
    quoted = f"'{data_sheet}'"
    areas = list(plan.focus_areas.order_by("order", "id"))
    first_row = 2
    for line, area in enumerate(areas, start=first_row):
        cells = [safe_cell(sheet, str(area))]
        for col in range(2, len(statuses) + 2):
            letter = get_column_letter(col)
            cells.append(
                f"=COUNTIFS({quoted}!$A$2:$A${last},$A{line},{quoted}!$J$2:$J${last},{letter}$1)"
            )
        cells.append(f"=SUM(B{line}:{get_column_letter(len(statuses) + 1)}{line})")
        sheet.append(cells)
    end = first_row + len(areas) - 1
    totals = [safe_cell(sheet, _("Total"), font=bold)]
    for col in range(2, len(statuses) + 3):
        letter = get_column_letter(col)
        totals.append(f"=SUM({letter}{first_row}:{letter}{end})")
    sheet.append(totals)


def write_csv(plan, stream):
    """UTF-8 CSV with a header row. A cell that would start a spreadsheet formula gets a
    leading apostrophe (regionplan/lib/spreadsheets.py); the JSON has the exact text."""
    with translation.override(plan.council.language):
        cols = columns()
        writer = csv.writer(stream)
        writer.writerow([header for _k, header, _w in cols])
        for row in measure_rows(plan):
            writer.writerow([inert(row[key]) for key, _h, _w in cols])


def plan_data(plan, base_url=""):
    """The plan as JSON-ready data, following plans/schemas/plan-2.schema.json
    (version 2 added the plan's version and each measure's predecessor)."""
    council = plan.council
    areas = {
        area.pk: {
            "number": area.number,
            "title": area.title,
            "description": area.description,
            "goals": [],
        }
        for area in plan.focus_areas.order_by("order", "id")
    }
    goals = {}
    for goal in Goal.objects.filter(focus_area__plan=plan).order_by("order", "id"):
        goals[goal.pk] = {"code": goal.code, "text": goal.text, "measures": []}
        areas[goal.focus_area_id]["goals"].append(goals[goal.pk])
    for row in measure_rows(plan):
        m = row["_measure"]
        goals[m.goal_id]["measures"].append(
            {
                "id": m.pk,
                "code": m.code,
                "text": m.text,
                "due": {
                    "text": m.due,
                    "first_year": m.due_first_year,
                    "last_year": m.due_last_year,
                },
                "responsible": m.responsible,
                "involvement": m.involvement,
                "comment": m.comment,
                "status": m.status,
                "url": base_url + m.get_absolute_url() if base_url else None,
                "predecessor_id": m.predecessor_id,
            }
        )
    return {
        "schema": "regionplan/plan",
        "schema_version": JSON_SCHEMA_VERSION,
        "council": {
            "slug": council.slug,
            "name": council.name,
            "language": council.language,
            "municipalities": [
                {"name": m.name, "number": m.number} for m in council.municipalities.all()
            ],
        },
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "kind": plan.kind,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
            "adopted_by": plan.adopted_by,
            "intro": plan.intro,
            "version": version_data(plan),
        },
        "focus_areas": list(areas.values()),
    }


def version_data(plan):
    previous = Plan.objects.filter(superseded_by=plan).values_list("slug", flat=True).first()
    return {
        "number": plan.version_number,
        "adopted_case": plan.adoption_case,
        "supersedes": previous,
        "superseded_by": plan.superseded_by.slug if plan.superseded_by_id else None,
    }


def csv_bytes(plan):
    buffer = io.StringIO()
    write_csv(plan, buffer)
    return buffer.getvalue().encode()


def xlsx_bytes(plan):
    buffer = io.BytesIO()
    write_xlsx(plan, buffer)
    return buffer.getvalue()


def json_bytes(plan, base_url=""):
    return json.dumps(plan_data(plan, base_url), ensure_ascii=False, indent=2).encode()


def plan_pdf(plan):
    """The plan as a tagged PDF: a cover with the status chart, then every measure."""
    with translation.override(plan.council.language):
        summary, by_area = StatusSummary.for_focus_areas(plan)
        areas = list(plan.focus_areas.order_by("order", "id"))
        rows = [(str(area), by_area[area.pk]) for area in areas]
        descriptions = {area.pk: area.description for area in areas}
        chart_rows = [(label, status_segments(counts)) for label, counts in rows]
        trend = status_trend(plan)
        for area in areas:
            area.trend = trend.by_area.get(area.pk, [])
            area.trend_chart = trend_chart(area.trend, str(area)) if trend.has_history else ""
        html = render_to_string(
            "plans/plan_pdf.html",
            {
                "plan": plan,
                "council": plan.council,
                "summary": summary,
                "legend": legend(plan.council.legend_words()),
                "area_summaries": rows,
                "chart": stacked_bars_svg(chart_rows, title=plan.title),
                "areas": group_by_area(plan_lines(plan), descriptions),
                "trend": trend,
                "trend_chart": trend_chart(trend.samples, plan.title) if trend.has_history else "",
                "focus_areas": areas,
            },
        )
        return html_to_pdf(html)


def pdf_bytes(plan, base_url=""):
    # Seconds for a long plan: the download view keeps it per revision (renderings/).
    return plan_pdf(plan)


# format: (content type, renderer(plan, base_url) -> bytes)
EXPORTS = {
    "pdf": ("application/pdf", pdf_bytes),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda plan, base_url="": xlsx_bytes(plan),
    ),
    "json": ("application/json", json_bytes),
    "csv": ("text/csv; charset=utf-8", lambda plan, base_url="": csv_bytes(plan)),
}
