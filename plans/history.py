"""A measure's timeline, and a plan's recent changes: status history and audit trail merged."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from measures.models import Measure, StatusChange

from .models import ChangeRecord, Plan


@dataclass
class Event:
    at: datetime
    user: object
    status_change: StatusChange | None = None
    change: ChangeRecord | None = None
    # Set for an event of the same measure in an earlier version of the plan (revisions/).
    earlier_version: int | None = None

    @property
    def measure(self):
        return self.status_change.measure if self.status_change else self.change.measure


def lineage(measure):
    """The measure and the same measure in each earlier version of its plan, newest first."""
    chain = [measure]
    while chain[-1].predecessor_id:
        chain.append(
            Measure.all_objects.select_related("goal__focus_area__plan").get(
                pk=chain[-1].predecessor_id
            )
        )
    return chain


def plan_versions(plan):
    """The plan and its earlier versions (revisions/), newest first."""
    chain = [plan]
    while earlier := Plan.objects.filter(superseded_by=chain[-1]).first():
        chain.append(earlier)
    return chain


def plan_lineage(plan):
    """{measure id: id of the plan's measure it is, or continues as}, for the plan's measures
    and the same measures in earlier versions. One query per version."""
    rows = Measure.objects.filter(goal__focus_area__plan=plan).values_list("pk", "predecessor_id")
    owner = {pk: pk for pk, _predecessor in rows}
    frontier = {predecessor: pk for pk, predecessor in rows if predecessor}
    while frontier:
        owner.update(frontier)
        rows = Measure.all_objects.filter(pk__in=frontier, predecessor__isnull=False)
        frontier = {
            predecessor: owner[pk] for pk, predecessor in rows.values_list("pk", "predecessor_id")
        }
    return owner


def measure_timeline(measure):
    """Newest first, across the plan's versions: a carried measure's history goes on."""
    chain = lineage(measure)
    earlier = {m.pk: m.goal.focus_area.plan.version_number for m in chain[1:]}
    ids = [m.pk for m in chain]
    events = [
        Event(
            c.changed_at, c.changed_by, status_change=c, earlier_version=earlier.get(c.measure_id)
        )
        for c in StatusChange.objects.filter(measure__in=ids).select_related("changed_by")
    ] + [
        Event(c.changed_at, c.changed_by, change=c, earlier_version=earlier.get(c.measure_id))
        for c in ChangeRecord.objects.filter(measure__in=ids).select_related(
            "changed_by", "plan_import"
        )
    ]
    return sorted(events, key=lambda e: e.at, reverse=True)


def plan_events(plan, since=None, *, include_internal=False, limit=300):
    """Status changes and edits of a plan, newest first, optionally since a moment."""
    statuses = StatusChange.objects.filter(measure__goal__focus_area__plan=plan).select_related(
        "changed_by", "measure"
    )
    changes = ChangeRecord.objects.filter(plan=plan).select_related(
        "changed_by", "measure", "plan_import"
    )
    if not include_internal:
        changes = changes.exclude(field="internal_note")
    if since:
        statuses = statuses.filter(changed_at__gte=since)
        changes = changes.filter(changed_at__gte=since)
    events = [
        Event(c.changed_at, c.changed_by, status_change=c)
        for c in statuses.order_by("-changed_at")[:limit]
    ] + [Event(c.changed_at, c.changed_by, change=c) for c in changes[:limit]]
    return sorted(events, key=lambda e: e.at, reverse=True)[:limit]


@dataclass
class SincePreset:
    """A ready-made "changed since" date: `kind` is "meeting", "report" or "days"."""

    kind: str
    date: date


def since_presets(plan, today=None):
    """The dates a politician asks "what changed since": the last meeting a status report was
    made for, the last finalised report, and 30 days back. Two queries."""
    today = today or timezone.localdate()
    reports = plan.status_reports
    meeting = (
        reports.filter(meeting_date__lte=today)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
    finalised = (
        reports.filter(finalised_at__isnull=False)
        .order_by("-finalised_at")
        .values_list("finalised_at", flat=True)
        .first()
    )
    presets = [SincePreset("meeting", meeting)] if meeting else []
    if finalised:
        presets.append(SincePreset("report", timezone.localdate(finalised)))
    return [*presets, SincePreset("days", today - timedelta(days=30))]
