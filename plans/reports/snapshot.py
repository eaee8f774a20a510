"""A status report as data: what its archive copy carries as a JSON attachment.

Everything the agenda document shows, as stored: the texts as typed (Markdown source), every
covered measure as it was frozen, and the status each had in the report compared with. Built
only from the report and its frozen lines, so it is the same whenever it is made.
"""

import json

from django.utils import timezone

SNAPSHOT_SCHEMA = "regionplan/report-snapshot"
SNAPSHOT_VERSION = 1


def _date(value):
    return value.isoformat() if value else None


def snapshot_data(report, lines, previous):
    plan, council = report.plan, report.plan.council
    finalised_at = report.finalised_at
    return {
        "schema": SNAPSHOT_SCHEMA,
        "schema_version": SNAPSHOT_VERSION,
        "council": {"slug": council.slug, "name": council.name, "language": council.language},
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
        },
        "report": {
            "item_number": report.item_number,
            "version": report.version,
            "supersedes_version": report.supersedes.version if report.supersedes_id else None,
            "title": report.title,
            "body": report.body,
            "meeting_date": _date(report.meeting_date),
            "date": _date(report.date),
            "place": report.place,
            "signatory_name": report.signatory_name,
            "signatory_title": report.signatory_title,
            "background": report.background,
            "assessment": report.assessment,
            "proposed_resolution": report.proposed_resolution,
            "text_format": "markdown",
            "finalised_at": (
                timezone.localtime(finalised_at).isoformat() if finalised_at else None
            ),
            "finalised_by": report.finalised_by.get_username() if report.finalised_by else None,
            "compared_with": previous.item_number if previous else None,
        },
        "measures": [
            {
                "measure_id": line.measure_id,
                "focus_area": line.focus_area,
                "goal_code": line.goal_code,
                "goal": line.goal,
                "code": line.code,
                "text": line.text,
                "due": line.due,
                "responsible": line.responsible,
                "involvement": line.involvement,
                "comment": line.comment,
                "status": line.status,
                "previous_status": line.previous_status,
            }
            for line in lines
        ],
    }


def snapshot_json(report, lines, previous) -> bytes:
    data = snapshot_data(report, lines, previous)
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
