"""The results of an input round as the PDF appendix for the assembly's agenda (PDF/UA-1)."""

from django.template.loader import render_to_string
from django.utils import translation

from regionplan.lib.pdf import html_to_pdf

from .models import Column


def results_html(results):
    council = results.round.plan.council
    with translation.override(council.language):
        return render_to_string(
            "rounds/results_pdf.html",
            {
                "results": results,
                "round": results.round,
                "plan": results.round.plan,
                "council": council,
                "columns": list(Column),
            },
        )


def results_pdf(results):
    return html_to_pdf(results_html(results))
