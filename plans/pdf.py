"""PDFs with WeasyPrint: tagged (PDF/UA-1), fonts embedded, A4, reproducible.

A finalised report carries its finalisation time as its creation date and nothing else that
changes, so rendering it again gives the same bytes.
"""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .charts import status_bars_svg
from .reports import plan_lines, report_lines
from .summary import STATUS_ORDER, StatusSummary


def render_html(template, context):
    return render_to_string(template, {**context, "legend": STATUS_ORDER})


def html_to_pdf(html):
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def group_by_area(lines):
    """[(focus area, [(goal code, goal, [lines])])], keeping the order given."""
    areas = []
    for line in lines:
        if not areas or areas[-1][0] != line.focus_area:
            areas.append((line.focus_area, []))
        goals = areas[-1][1]
        if not goals or goals[-1][1] != line.goal:
            goals.append((line.goal_code, line.goal, []))
        goals[-1][2].append(line)
    return areas


def report_pdf(report):
    return html_to_pdf(report_html(report))


def report_html(report):
    with translation.override(report.plan.council.language):
        lines, previous = report_lines(report)
        return render_html(
            "pdf/report.html",
            {
                "report": report,
                "plan": report.plan,
                "council": report.plan.council,
                "areas": group_by_area(lines),
                "previous": previous,
            },
        )


def plan_pdf(plan):
    with translation.override(plan.council.language):
        total, by_area = StatusSummary.for_focus_areas(plan)
        areas = list(plan.focus_areas.order_by("order", "id"))
        rows = [(str(area), by_area[area.pk]) for area in areas]
        return html_to_pdf(
            render_html(
                "pdf/plan.html",
                {
                    "plan": plan,
                    "council": plan.council,
                    "summary": total,
                    "area_summaries": rows,
                    "chart": status_bars_svg(rows, title=plan.title),
                    "areas": group_by_area(plan_lines(plan)),
                },
            )
        )
