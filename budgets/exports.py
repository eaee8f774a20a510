"""A budget as Excel (with real SUM formulas), JSON and PDF. The figures come from
BudgetOverview, so every format shows what the budget page shows. `EXPORTS` is what the
download view and `export_budget` offer."""

import io
import json

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from regionplan.lib.charts import share_bars_svg
from regionplan.lib.pdf import html_to_pdf
from regionplan.lib.spreadsheets import is_formula_like

from .overview import BudgetOverview

# A real thousands separator: Excel and LibreOffice show it in the reader's locale (a space in
# Norwegian). A literal space ("# ##0") is not a separator and shows a space-padded number.
KRONER_FORMAT = "#,##0"


def budget_xlsx(budget):
    overview = BudgetOverview(budget)
    with translation.override(budget.council.language):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Budget %(year)s") % {"year": budget.year}
        book.properties.title = sheet.title
        book.properties.creator = budget.council.name
        sheet.column_dimensions["A"].width = 58
        for column in "BCD":
            sheet.column_dimensions[column].width = 16
        bold = Font(bold=True)
        sheet.append([_("Contributions"), _("Kroner")])
        first = sheet.max_row + 1
        for c in overview.contributions:
            sheet.append([(c.source), c.amount])
        frame_row = sheet.max_row + 1
        sheet.append([_("Frame"), f"=SUM(B{first}:B{frame_row - 1})"])
        sheet.append([])
        sheet.append([_("Line"), _("New"), _("Carried over"), _("Total")])
        subtotal_rows = []
        for group in overview.groups:
            sheet.append([(group.group.title)])
            start = sheet.max_row + 1
            for view in group.lines:
                row = sheet.max_row + 1
                amount = view.line.amount if view.line.amount is not None else None
                title = view.line.title + (f" {view.marker}" if view.marker else "")
                if amount is None:
                    title += f" ({view.line.pending_text})"
                sheet.append(
                    [
                        (title),
                        amount,
                        view.line.carried_over or None,
                        f"=SUM(B{row}:C{row})",
                    ]
                )
            end = sheet.max_row
            sum_row = end + 1
            sheet.append(
                [
                    _("Sum %(group)s") % {"group": group.group.title},
                    f"=SUM(B{start}:B{end})",
                    f"=SUM(C{start}:C{end})",
                    f"=SUM(D{start}:D{end})",
                ]
            )
            subtotal_rows.append(sum_row)
        allocated_row = sheet.max_row + 1
        allocated = "=" + "+".join(f"B{r}" for r in subtotal_rows) if subtotal_rows else 0
        sheet.append([_("Allocated"), allocated])
        sheet.append([_("Unallocated"), f"=B{frame_row}-B{allocated_row}"])
        # The page's and the PDF's last row: the frame, what was carried over, and both.
        total_row = sheet.max_row + 1
        sheet.append(
            [
                _("Total (the frame)"),
                f"=B{frame_row}",
                "=" + "+".join(f"C{r}" for r in subtotal_rows) if subtotal_rows else 0,
                f"=B{total_row}+C{total_row}",
            ]
        )
        if overview.footnotes:
            sheet.append([])
            for marker, text in overview.footnotes:
                sheet.append([(f"{marker} {text}")])
        if overview.strategy:
            sheet.append([])
            sheet.append([overview.strategy_text])
        for row in sheet.iter_rows():
            if is_formula_like(row[0].value):
                row[0].data_type = "s"  # titles are text, never formulas (column A has none)
            for cell in row[1:]:
                cell.number_format = KRONER_FORMAT
            if row[0].value in (_("Frame"), _("Allocated"), _("Unallocated")) or row[0].row in (
                total_row,
                1,
                frame_row + 2,
                *subtotal_rows,
            ):
                for cell in row:
                    cell.font = bold
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def link_data(link):
    if link is None:
        return None
    kind = type(link)._meta.model_name
    text = link.heading if kind == "measure" else str(link)
    return {"kind": {"focusarea": "focus_area"}.get(kind, kind), "id": link.pk, "text": text}


def strategy_data(strategy):
    """The strategy the budget's targets come from, and whether it is in force that year."""
    if strategy is None:
        return None
    plan = strategy.plan
    return {
        "plan": plan.slug,
        "title": plan.title,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "in_force": strategy.in_force,
    }


def budget_data(budget):
    overview = BudgetOverview(budget)
    return {
        "schema": "regionplan/budget",
        "schema_version": 1,
        "council": budget.council.slug,
        "year": budget.year,
        "plan": budget.plan.slug if budget.plan else None,
        "strategy": strategy_data(overview.strategy),
        "frame": overview.frame,
        "allocated": overview.allocated,
        "carried_over": overview.carried_over,
        "unallocated": overview.unallocated,
        "contributions": [{"source": c.source, "amount": c.amount} for c in overview.contributions],
        "groups": [
            {
                "title": g.group.title,
                "allocated": g.allocated,
                "lines": [
                    {
                        "title": v.line.title,
                        "amount": v.line.amount,
                        "carried_over": v.line.carried_over,
                        "pending": v.line.pending_text or None,
                        "category": v.line.category or g.group.category or None,
                        "footnote": v.line.footnote or None,
                        "finances": link_data(v.line.link),
                    }
                    for v in g.lines
                ],
            }
            for g in overview.groups
        ],
        "shares": [
            {"category": s.label, "amount": s.amount, "percent": s.percent, "target": s.target}
            for s in overview.category_shares
        ],
    }


def budget_pdf(budget):
    overview = BudgetOverview(budget)
    with translation.override(budget.council.language):
        shares = overview.category_shares
        chart = share_bars_svg(
            shares, title=_("Distribution against the target"), target_label=_("target")
        )
        return html_to_pdf(
            render_to_string(
                "budgets/budget_pdf.html",
                {
                    "budget": budget,
                    "council": budget.council,
                    "overview": overview,
                    "shares": shares,
                    "chart": chart,
                },
            )
        )


def budget_json(budget):
    return json.dumps(budget_data(budget), ensure_ascii=False, indent=2).encode()


# format: (content type, renderer(budget) -> bytes)
EXPORTS = {
    "pdf": ("application/pdf", budget_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", budget_xlsx),
    "json": ("application/json", budget_json),
}
