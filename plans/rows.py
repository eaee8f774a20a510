"""A plan's measures as rows for documents: exports, PDFs and status reports.

A Line is a measure's row, live (from the measure) or frozen (from a finalised report's
ReportItem); documents group them by focus area and goal.
"""

from dataclasses import dataclass

from measures.models import Measure
from measures.status import Status


@dataclass
class Line:
    measure_id: int
    focus_area_key: int
    focus_area: str
    goal_code: str
    goal: str
    code: str
    text: str
    due: str
    responsible: str
    involvement: str
    comment: str
    status: str
    previous_status: str | None = None

    @property
    def changed(self):
        return self.previous_status is not None and self.previous_status != self.status

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def previous_status_label(self):
        return Status(self.previous_status).label if self.previous_status else ""


def plan_measures(plan):
    """The plan's measures in reading order, with their goal and focus area."""
    return (
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by(
            "goal__focus_area__order",
            "goal__focus_area_id",
            "goal__order",
            "goal_id",
            "order",
            "id",
        )
    )


def line_of(measure):
    return Line(
        measure_id=measure.pk,
        focus_area_key=measure.goal.focus_area_id,
        focus_area=str(measure.goal.focus_area),
        goal_code=measure.goal.code,
        goal=measure.goal.text,
        code=measure.code,
        text=measure.text,
        due=measure.due,
        responsible=measure.responsible,
        involvement=measure.involvement,
        comment=measure.comment,
        status=measure.status,
    )


def plan_lines(plan):
    return [line_of(measure) for measure in plan_measures(plan)]


def group_by_area(lines):
    """[(focus area, [(goal code, goal, [lines])])], keeping the order given."""
    areas = []
    for line in lines:
        if not areas or areas[-1][0] != line.focus_area:
            areas.append((line.focus_area, []))
        goals = areas[-1][1]
        if not goals or goals[-1][1] != line.goal:
            goals.append((line.goal_code, line.goal, []))
        goals[-1][2].append(line)
    return areas
