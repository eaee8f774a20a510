"""Status counts for plans and focus areas, each from one aggregate query."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from .models import Measure
from .status import STATUS_ORDER, Status


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
