"""Status over time: how many measures of a plan, and of each focus area, were green, yellow,
red or not assessed at each finalised status report, and now.

At a report, a measure it covered counts with the status the report froze (what the council
was told); any other measure with the status its history (measures.StatusChange) gives for
that moment. Five queries whatever the plan's size.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from measures.models import Measure, StatusChange
from measures.status import status_segments
from measures.summary import StatusSummary
from regionplan.lib.charts import stacked_columns_svg

from .models import ChangeRecord, ReportItem


@dataclass
class Sample:
    """One moment: a finalised report (`report` set) or now."""

    at: object
    report: object = None
    summary: StatusSummary = field(default_factory=StatusSummary)

    @property
    def is_now(self):
        return self.report is None

    @property
    def day(self):
        return timezone.localdate(self.at)

    def chart_label(self):
        if self.is_now:
            return _("Now")
        return f"{self.report.item_number}\n{date_format(self.day, 'SHORT_DATE_FORMAT')}"


def trend_chart(samples, title):
    """The samples as stacked columns (SVG), one per report and one for now."""
    return stacked_columns_svg(
        [(sample.chart_label(), status_segments(sample.summary)) for sample in samples],
        title=title,
    )


@dataclass
class Trend:
    samples: list  # the whole plan, oldest first, now last
    by_area: dict  # focus area id → samples like the plan's

    @property
    def has_history(self):
        return len(self.samples) > 1


def report_moments(plan):
    """The latest finalised version of each of the plan's reports, oldest first."""
    latest = {}
    finalised = plan.status_reports.filter(finalised_at__isnull=False).order_by("finalised_at")
    for report in finalised:
        latest[report.item_number] = report  # a later version replaces an earlier one
    return sorted(latest.values(), key=lambda r: r.finalised_at)


def status_trend(plan, now=None):
    now = now or timezone.now()
    reports = report_moments(plan)
    moments = [(r.finalised_at, r) for r in reports]
    measures = list(
        Measure.all_objects.filter(goal__focus_area__plan=plan).values_list(
            "pk", "goal__focus_area", "status", "archived_at"
        )
    )
    history = defaultdict(list)  # measure id → [(changed_at, from, to)], oldest first
    changes = StatusChange.objects.filter(measure__goal__focus_area__plan=plan).order_by(
        "changed_at", "pk"
    )
    for measure_id, at, before, after in changes.values_list(
        "measure", "changed_at", "from_status", "to_status"
    ):
        history[measure_id].append((at, before, after))
    created = dict(
        ChangeRecord.objects.filter(
            plan=plan, subject_type="measure", action=ChangeRecord.Action.CREATED
        ).values_list("subject_id", "changed_at")
    )

    frozen = {
        (report, measure): status
        for report, measure, status in ReportItem.objects.filter(
            report__in=[report for _, report in moments]
        ).values_list("report", "measure", "status")
    }

    samples = [Sample(at, report) for at, report in moments]
    by_area = defaultdict(lambda: [Sample(at, report) for at, report in moments])
    for pk, area, current, archived_at in measures:
        changes_of = history.get(pk, [])
        times = [at for at, _, _ in changes_of]
        for index, (at, report) in enumerate(moments):
            status = frozen.get((report.pk, pk))
            if status is None:
                if (pk in created and created[pk] > at) or (archived_at and archived_at <= at):
                    continue  # not part of the plan at that moment
                status = status_at(changes_of, times, at, current)
            samples[index].summary.counts[status] += 1
            by_area[area][index].summary.counts[status] += 1
        if archived_at is None:  # now: exactly what the status overview counts
            if not by_area[area] or not by_area[area][-1].is_now:
                by_area[area].append(Sample(now))
            by_area[area][-1].summary.counts[current] += 1
    samples.append(Sample(now))
    for area_samples in by_area.values():
        if not area_samples[-1].is_now:
            area_samples.append(Sample(now))
        samples[-1].summary.counts.update(area_samples[-1].summary.counts)
    return Trend(samples, dict(by_area))


def status_at(changes, times, moment, current):
    """A measure's status at `moment`: set by its last change until then; before its first
    change, what that change changed from; with no changes at all, what it is now."""
    index = bisect.bisect_right(times, moment)
    if index:
        return changes[index - 1][2]
    return changes[0][1] if changes else current
