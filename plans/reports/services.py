"""Status reports: what a report shows, freezing it, and what changed since the last one."""

from django.db import transaction
from django.utils import timezone

from ..history import plan_lineage, plan_versions
from ..models import ReportItem, StatusReport
from ..rows import Line, line_of, plan_measures
from .pdf import report_archive_pdf, report_pdf, report_pdfs

# What a new version of a report takes over from the one it supersedes.
TEXT_FIELDS = [
    "title",
    "body",
    "meeting_date",
    "background",
    "assessment",
    "proposed_resolution",
    "place",
    "date",
    "signatory_name",
    "signatory_title",
]


class AlreadyFinal(Exception):
    pass


def live_lines(report):
    measures = plan_measures(report.plan)
    covered = list(report.covered_areas.values_list("pk", flat=True)) if report.pk else []
    if covered:
        measures = measures.filter(goal__focus_area__in=covered)
    return [line_of(measure) for measure in measures]


def frozen_lines(report):
    return [
        Line(
            measure_id=item.measure_id,
            focus_area_key=item.focus_area_id_at,
            focus_area=item.focus_area,
            goal_code=item.goal_code,
            goal=item.goal,
            code=item.code,
            text=item.text,
            due=item.due,
            responsible=item.responsible,
            involvement=item.involvement,
            comment=item.comment,
            status=item.status,
        )
        for item in report.items.all()
    ]


def previous_report(report):
    """The last finalised report of the same plan, or of its earlier versions (revisions/),
    before this one (not an earlier version of this same item)."""
    earlier = StatusReport.objects.filter(
        plan__in=plan_versions(report.plan), finalised_at__isnull=False
    ).exclude(plan=report.plan, item_number=report.item_number)
    if report.finalised_at:
        earlier = earlier.filter(finalised_at__lt=report.finalised_at)
    return earlier.order_by("-finalised_at").first()


def last_report_date(plan):
    """The day the plan's latest report was finalised, or None."""
    report = (
        plan.status_reports.filter(finalised_at__isnull=False).order_by("-finalised_at").first()
    )
    return report.finalised_at.date() if report else None


def report_lines(report):
    """The report's lines, with each status it had in the previous report."""
    lines = frozen_lines(report) if report.is_final else live_lines(report)
    previous = previous_report(report)
    if previous:
        # A measure carried into a new version compares with its predecessor's status.
        owner = plan_lineage(report.plan) if previous.plan_id != report.plan_id else {}
        before = {
            owner.get(measure_id, measure_id): status
            for measure_id, status in previous.items.values_list("measure_id", "status")
        }
        for line in lines:
            line.previous_status = before.get(line.measure_id)
    return lines, previous


@transaction.atomic
def finalise(report, user, *, at=None):
    """Freezes every covered measure as it is now, and stores the agenda PDF rendered from the
    frozen lines. Refused for a report already final."""
    locked = StatusReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_final:
        raise AlreadyFinal
    ReportItem.objects.bulk_create(
        ReportItem(
            report=locked,
            measure_id=line.measure_id,
            order=order,
            focus_area_id_at=line.focus_area_key,
            focus_area=line.focus_area,
            goal_code=line.goal_code,
            goal=line.goal,
            code=line.code,
            text=line.text,
            due=line.due,
            responsible=line.responsible,
            involvement=line.involvement,
            comment=line.comment,
            status=line.status,
        )
        for order, line in enumerate(live_lines(locked), start=1)
    )
    locked.finalised_at = at or timezone.now()
    locked.finalised_by = user
    lines, previous = report_lines(locked)
    locked.pdf, locked.archive_pdf = report_pdfs(locked, lines, previous)
    locked.save(update_fields=["finalised_at", "finalised_by", "pdf", "archive_pdf"])
    return locked


@transaction.atomic
def new_version(report, user):
    """A draft that will supersede a finalised report; the finalised one stays as it was."""
    if not report.is_final:
        return report
    if hasattr(report, "superseded_by"):
        return report.superseded_by
    draft = StatusReport.objects.create(
        plan=report.plan,
        item_number=report.item_number,
        version=report.version + 1,
        supersedes=report,
        **{field: getattr(report, field) for field in TEXT_FIELDS},
    )
    draft.covered_areas.set(report.covered_areas.all())
    return draft


def render_report_pdf(report):
    """The report's PDF: for a draft, with the statuses as they are now."""
    return report_pdf(report, *report_lines(report))


def render_archive_pdf(report):
    """The finalised report's archive copy, as stored or (for a report finalised before archive
    copies were kept) rendered from its snapshot: the same bytes either way."""
    if report.archive_pdf:
        return bytes(report.archive_pdf)
    return report_archive_pdf(report, *report_lines(report))


def draft_defaults(plan):
    """What a new report starts from: the latest report's political body, place, signatory and
    covered focus areas (the council's secretariat head signs the first). The latest is the last
    finalised one, or while none is, the last one written."""
    reports = plan.status_reports.all()
    latest = (
        reports.filter(finalised_at__isnull=False).order_by("-finalised_at").first()
        or reports.order_by("-pk").first()
    )
    if latest is None:
        head = plan.council
        return {
            "signatory_name": head.secretariat_head_name,
            "signatory_title": head.secretariat_head_title,
        }, latest
    return {
        "body": latest.body,
        "place": latest.place,
        "signatory_name": latest.signatory_name,
        "signatory_title": latest.signatory_title,
        "covered_areas": list(latest.covered_areas.values_list("pk", flat=True)),
    }, latest
