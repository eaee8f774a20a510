"""Status counts for a plan or a focus area, computed from measures already in memory."""

from collections import Counter
from dataclasses import dataclass, field

from measures.models import Status


@dataclass
class StatusCount:
    status: Status
    count: int
    percent: float


@dataclass
class StatusSummary:
    counts: Counter = field(default_factory=Counter)

    @classmethod
    def of_measures(cls, measures):
        return cls(Counter(m.status for m in measures))

    @classmethod
    def of_focus_areas(cls, focus_areas):
        """Whole-plan summary; also sets `.summary` on each focus area for the template."""
        total = cls()
        for area in focus_areas:
            measures = (m for goal in area.goals.all() for m in goal.measures.all())
            area.summary = cls.of_measures(measures)
            total.counts.update(area.summary.counts)
        return total

    @property
    def total(self):
        return sum(self.counts.values())

    def __iter__(self):
        total = self.total
        for status in (Status.GREEN, Status.YELLOW, Status.RED, Status.NOT_ASSESSED):
            count = self.counts.get(status, 0)
            yield StatusCount(status, count, 100 * count / total if total else 0)
