"""Status counts for plans and focus areas, each from one aggregate query.

A plan's overview (counts per focus area) is also kept in the shared cache per plan revision
(`plan_overview`): every reader of a revision shares it, and a status change derives the next
revision's overview from the one it replaces instead of counting again (`after_status_change`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from plans.models import FocusArea

from .models import Measure
from .status import STATUS_ORDER, Status

OVERVIEW_TIMEOUT = 60 * 60


@dataclass
class StatusCount:
    status: Status
    count: int
    percent: float
    # Where its segment starts in a bar of 100: the percents of the statuses before it.
    offset: float = 0.0


@dataclass
class StatusSummary:
    counts: Counter = field(default_factory=Counter)

    @classmethod
    def _grouped(cls, measures, key):
        summaries = defaultdict(cls)
        rows = measures.values(key, "status").annotate(n=Count("id")).order_by()
        for row in rows:
            summaries[row[key]].counts[row["status"]] += row["n"]
        return summaries

    @classmethod
    def of(cls, measures):
        """One summary for a set of measures."""
        summary = cls()
        for row in measures.values("status").annotate(n=Count("id")).order_by():
            summary.counts[row["status"]] += row["n"]
        return summary

    @classmethod
    def for_plans(cls, plans):
        """{plan id: summary} for several plans."""
        measures = Measure.objects.filter(goal__focus_area__plan__in=plans)
        return cls._grouped(measures, "goal__focus_area__plan")

    @classmethod
    def for_focus_areas(cls, plan):
        """(whole-plan summary, {focus area id: summary})."""
        measures = Measure.objects.filter(goal__focus_area__plan=plan)
        by_area = cls._grouped(measures, "goal__focus_area")
        total = cls()
        for summary in by_area.values():
            total.counts.update(summary.counts)
        return total, by_area

    @property
    def total(self):
        return sum(self.counts.values())

    def __iter__(self):
        total = self.total
        offset = 0.0
        for status in STATUS_ORDER:
            count = self.counts.get(status, 0)
            percent = round(100 * count / total, 2) if total else 0
            yield StatusCount(status, count, percent, offset)
            offset += percent


@dataclass
class AreaOverview:
    """A focus area as the overview shows it: a link to its section, its name, its counts."""

    pk: int
    label: str
    summary: StatusSummary

    def __str__(self):
        return self.label


def overview_key(plan_id, revision):
    return f"overview:{plan_id}:{revision}"


def count_overview(plan_id):
    """{"areas": [(id, label)], "counts": {id: {status: n}}}: two queries, plain data to cache."""
    areas = [(area.pk, str(area)) for area in FocusArea.objects.filter(plan=plan_id)]
    counts = {pk: {} for pk, _label in areas}
    rows = (
        Measure.objects.filter(goal__focus_area__plan=plan_id)
        .values("goal__focus_area", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["goal__focus_area"]][row["status"]] = row["n"]
    return {"areas": areas, "counts": counts}


def overview_from(data):
    """(whole-plan summary, [AreaOverview] in the plan's order) from `count_overview` data."""
    total = StatusSummary()
    areas = []
    for pk, label in data["areas"]:
        summary = StatusSummary(Counter(data["counts"].get(pk, {})))
        total.counts.update(summary.counts)
        areas.append(AreaOverview(pk, label, summary))
    return total, areas


def plan_overview(plan):
    """The plan's overview at its revision, counted once per revision for every reader."""
    key = overview_key(plan.pk, plan.revision)
    data = cache.get(key)
    if data is None:
        data = count_overview(plan.pk)
        cache.set(key, data, OVERVIEW_TIMEOUT)
    return overview_from(data)


def after_status_change(plan_id, revision, area_id, old, new):
    """The overview at `revision`, made by one status change (old → new) in `area_id` while
    holding the plan's lock, from the previous revision's overview when it is cached.

    Stored only once the change is committed: a rolled-back change must not leave an overview
    under a revision number the next change will reuse.
    """
    data = cache.get(overview_key(plan_id, revision - 1))
    if data is None:
        data = count_overview(plan_id)  # under the lock: exactly this revision's counts
    else:
        counts = data["counts"].setdefault(area_id, {})
        counts[old] = counts.get(old, 0) - 1
        counts[new] = counts.get(new, 0) + 1
    transaction.on_commit(
        lambda: cache.set(overview_key(plan_id, revision), data, OVERVIEW_TIMEOUT)
    )
    return overview_from(data)
