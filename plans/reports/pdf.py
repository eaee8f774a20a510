"""A status report as the agenda PDF, and as its archive copy (PDF/A-3a).

A finalised report carries its finalisation time as its creation date and nothing else that
changes, so rendering it again gives the same bytes. The archive copy is the same document as
PDF/A-3a, with the report's snapshot (snapshot.py) attached as JSON and the council, item number
and date in its XMP metadata: the file to send to the host municipality's Noark archive.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone, translation

from measures.status import legend
from regionplan.lib.pdf import (
    Attached,
    document_to_archive_pdf,
    document_to_pdf,
    dublin_core_xmp,
    html_to_pdf,
    render,
)

from ..rows import group_by_area
from .snapshot import snapshot_json


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


def archive_name(report, extension):
    return f"{report.plan.council.slug}-sak-{report.item_number}-v{report.version}{extension}"


def report_archive_pdf(report, lines, previous, document=None):
    """The finalised report as PDF/A-3a with its snapshot inside. Only for a final report: its
    dates come from the finalisation, so the bytes never change. `document`: the report already
    rendered (report_html), to write it without laying it out again."""
    moment = timezone.localtime(report.finalised_at)
    identifier = report.item_number + (f" v{report.version}" if report.version > 1 else "")
    xmp = dublin_core_xmp(
        identifier=identifier,
        date=(report.date or moment.date()).isoformat(),
        publisher=report.plan.council.name,
        language=report.plan.council.language,
    )
    snapshot = Attached(
        name=archive_name(report, ".json"),
        content=snapshot_json(report, lines, previous),
        description=f"Sak {identifier}: snapshot (regionplan/report-snapshot)",
        moment=report.finalised_at.astimezone(dt.UTC),
    )
    document = document or render(report_html(report, lines, previous))
    return document_to_archive_pdf(document, attachments=[snapshot], xmp=xmp)


def report_pdfs(report, lines, previous):
    """(agenda PDF, archive copy) of a report being finalised, laid out once."""
    document = render(report_html(report, lines, previous))
    return document_to_pdf(document), report_archive_pdf(report, lines, previous, document)
