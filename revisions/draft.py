"""The draft: the plan as it would be if the revision's proposals were adopted.

Built in memory from the plan in force and the proposals; the draft page shows it and
adoption (services.adopt) writes it as the next version, so both read the same result.
Every draft item knows what it came from (`source`, None for an added one) and the proposal
that shaped it, and `problems` lists proposals that cannot be carried out together (a measure
moved under a goal that is taken out), which adoption refuses.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from measures.models import Measure
from plans.models import FocusArea, Goal

from .models import Proposal

Kind = Proposal.Kind


@dataclass
class DraftMeasure:
    source: Measure | None
    code: str
    text: str
    due: str
    responsible: str
    status: str
    proposal: Proposal | None = None


@dataclass
class DraftGoal:
    source: Goal | None
    code: str
    text: str
    proposal: Proposal | None = None
    measures: list = field(default_factory=list)


@dataclass
class DraftArea:
    source: FocusArea | None
    number: int | None
    title: str
    description: str
    proposal: Proposal | None = None
    goals: list = field(default_factory=list)


@dataclass
class Draft:
    areas: list
    removed: list  # (level, the plan's object) taken out, with what went with them
    problems: list

    @property
    def measure_count(self):
        return sum(len(goal.measures) for area in self.areas for goal in area.goals)


def revision_proposals(revision):
    return list(
        revision.proposals.select_related(
            "focus_area",
            "goal__focus_area",
            "measure__goal__focus_area",
            "to_focus_area",
            "to_goal__focus_area",
            "created_by",
        )
    )


def adjusted(value, new):
    """An "adjust" proposal's new value, or the plan's where it gives none."""
    return new if new else value


def build_draft(revision, proposals=None):
    plan = revision.plan
    proposals = revision_proposals(revision) if proposals is None else proposals
    by_area = {p.focus_area_id: p for p in proposals if p.focus_area_id}
    by_goal = {p.goal_id: p for p in proposals if p.goal_id}
    by_measure = {p.measure_id: p for p in proposals if p.measure_id}
    problems, removed = [], []

    areas, area_of = [], {}
    for area in plan.focus_areas.order_by("order", "id"):
        proposal = by_area.get(area.pk)
        if proposal and proposal.kind == Kind.REMOVE:
            removed.append(("focus_area", area))
            continue
        title = adjusted(area.title, proposal.text) if proposal else area.title
        draft = DraftArea(area, area.number, title, area.description, proposal)
        areas.append(draft)
        area_of[area.pk] = draft
    for proposal in proposals:
        if proposal.level == Proposal.Level.FOCUS_AREA and proposal.kind == Kind.ADD:
            number = int(proposal.code) if proposal.code.isdigit() else None
            areas.append(DraftArea(None, number, proposal.text, "", proposal))

    goals, goal_of = [], {}
    for goal in Goal.objects.filter(focus_area__plan=plan).order_by(
        "focus_area__order", "focus_area_id", "order", "id"
    ):
        proposal = by_goal.get(goal.pk)
        if proposal and proposal.kind == Kind.REMOVE:
            removed.append(("goal", goal))
            continue
        home = goal.focus_area_id
        if proposal and proposal.kind in (Kind.MOVE, Kind.ADJUST) and proposal.to_focus_area_id:
            home = proposal.to_focus_area_id
        code, text = goal.code, goal.text
        if proposal and proposal.kind == Kind.ADJUST:
            code, text = adjusted(goal.code, proposal.code), adjusted(goal.text, proposal.text)
        draft = DraftGoal(goal, code, text, proposal)
        if home not in area_of:
            if goal.focus_area_id in area_of or home != goal.focus_area_id:
                problems.append(
                    _("Goal %(goal)s goes to a focus area that is taken out.") % {"goal": goal}
                )
            else:
                removed.append(("goal", goal))
            continue
        area_of[home].goals.append(draft)
        goal_of[goal.pk] = draft
        goals.append(draft)
    for proposal in proposals:
        if proposal.level == Proposal.Level.GOAL and proposal.kind == Kind.ADD:
            target = area_of.get(proposal.to_focus_area_id)
            if target is None:
                problems.append(
                    _("The new goal %(goal)s goes into a focus area that is taken out.")
                    % {"goal": proposal.subject_label}
                )
                continue
            target.goals.append(DraftGoal(None, proposal.code, proposal.text, proposal))

    measures = Measure.objects.filter(goal__focus_area__plan=plan).select_related("goal")
    for measure in measures.order_by("goal__focus_area__order", "goal__order", "order", "id"):
        proposal = by_measure.get(measure.pk)
        if proposal and proposal.kind == Kind.REMOVE:
            removed.append(("measure", measure))
            continue
        home = measure.goal_id
        if proposal and proposal.kind in (Kind.MOVE, Kind.ADJUST) and proposal.to_goal_id:
            home = proposal.to_goal_id
        values = [measure.code, measure.text, measure.due, measure.responsible]
        if proposal and proposal.kind == Kind.ADJUST:
            news = [proposal.code, proposal.text, proposal.due, proposal.responsible]
            values = [adjusted(old, new) for old, new in zip(values, news, strict=True)]
        draft = DraftMeasure(measure, *values, measure.status, proposal)
        if home not in goal_of:
            if home != measure.goal_id:
                problems.append(
                    _("Measure %(measure)s goes under a goal that is taken out.")
                    % {"measure": measure.heading}
                )
            else:
                removed.append(("measure", measure))
            continue
        goal_of[home].measures.append(draft)
    for proposal in proposals:
        if proposal.level == Proposal.Level.MEASURE and proposal.kind == Kind.ADD:
            target = goal_of.get(proposal.to_goal_id)
            if target is None:
                problems.append(
                    _("The new measure %(measure)s goes under a goal that is taken out.")
                    % {"measure": proposal.subject_label}
                )
                continue
            target.measures.append(
                DraftMeasure(
                    None,
                    proposal.code,
                    proposal.text,
                    proposal.due,
                    proposal.responsible,
                    "not_assessed",
                    proposal,
                )
            )
    return Draft(areas, removed, problems)
