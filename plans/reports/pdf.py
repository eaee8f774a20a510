"""A status report as the agenda PDF.

A finalised report carries its finalisation time as its creation date and nothing else that
changes, so rendering it again gives the same bytes.
"""

from django.template.loader import render_to_string
from django.utils import translation

from measures.status import legend
from regionplan.lib.pdf import html_to_pdf

from ..rows import group_by_area


def report_html(report, lines, previous):
    with translation.override(report.plan.council.language):
        return render_to_string(
            "plans/reports/report_pdf.html",
            {
                "report": report,
                "plan": report.plan,
                "council": report.plan.council,
                "areas": group_by_area(lines),
                "previous": previous,
                "legend": legend(report.plan.council.legend_words()),
            },
        )


def report_pdf(report, lines, previous):
    return html_to_pdf(report_html(report, lines, previous))
