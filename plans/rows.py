"""A plan's measures as rows for documents: exports, PDFs and status reports.

A Line is a measure's row, live (from the measure) or frozen (from a finalised report's
ReportItem); documents group them by focus area and goal.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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


@dataclass
class GoalGroup:
    code: str
    text: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class AreaGroup:
    """A focus area's rows in a document, by goal.

    `fourth_column` says what the column after "Responsible" holds, so it is titled as the data
    says (sak 03-26 has "Kommentar" in one area and "Involvering" in the others): "comment" when
    no line has an involvement text, "involvement" when no line has a comment, "both" when some
    have each (then every part in it is labelled).
    """

    key: int
    title: str
    description: str = ""
    goals: list[GoalGroup] = field(default_factory=list)

    @property
    def lines(self):
        return [line for goal in self.goals for line in goal.lines]

    @property
    def fourth_column(self):
        involvement = any(line.involvement for line in self.lines)
        comment = any(line.comment for line in self.lines)
        if involvement and comment:
            return "both"
        return "involvement" if involvement else "comment"

    @property
    def fourth_column_title(self):
        """The column's title in the active language."""
        return {
            "both": _("Involvement and comment"),
            "involvement": _("Involvement"),
            "comment": _("Comment"),
        }[self.fourth_column]


def group_by_area(lines, descriptions=None):
    """[AreaGroup] in the order given; `descriptions` {focus area key: text} for documents
    that print them."""
    descriptions = descriptions or {}
    areas = []
    for line in lines:
        if not areas or areas[-1].key != line.focus_area_key:
            areas.append(
                AreaGroup(
                    line.focus_area_key,
                    line.focus_area,
                    descriptions.get(line.focus_area_key, ""),
                )
            )
        goals = areas[-1].goals
        if not goals or (goals[-1].code, goals[-1].text) != (line.goal_code, line.goal):
            goals.append(GoalGroup(line.goal_code, line.goal))
        goals[-1].lines.append(line)
    return areas
