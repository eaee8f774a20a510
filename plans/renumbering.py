"""Renumbering a plan's codes to follow its order, only when the secretariat asks for it.

Moving never changes a code (a code is what a council's papers refer to), so after moves 1.4.4
may stand above 1.4.3. `proposal` says what renumbering would change: focus areas numbered
1..n, goals <area>.1..n, measures <goal>.1..n, in the order the plan shows them (archived
measures keep theirs). The page shows it as old → new; `renumber` saves exactly that proposal,
or refuses with `ProposalChanged` when the plan changed since it was shown, and records every
changed code in the plan's history.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from measures.models import Measure
from regionplan.lib.transactions import retry_deadlocks

from .editing import lock_plan
from .models import ChangeRecord, FocusArea, Goal


class ProposalChanged(Exception):
    """The plan changed since the proposal was shown: show the new one instead of saving."""


@dataclass
class CodeChange:
    obj: object  # a FocusArea, Goal or Measure
    kind: str  # "area", "goal" or "measure"
    field: str  # "number" for focus areas, "code" otherwise
    old: str
    new: str

    @property
    def label(self):
        return self.obj.title if self.kind == "area" else self.obj.text


def proposal(plan):
    """Every code that renumbering would change, in plan order (three queries)."""
    areas = list(FocusArea.objects.filter(plan=plan).order_by("order", "id"))
    goals = list(
        Goal.objects.filter(focus_area__plan=plan)
        .select_related("focus_area")
        .order_by("order", "id")
    )
    measures = list(
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by("order", "id")
    )
    goals_of, measures_of = {}, {}
    for goal in goals:
        goals_of.setdefault(goal.focus_area_id, []).append(goal)
    for measure in measures:
        measures_of.setdefault(measure.goal_id, []).append(measure)
    changes = []
    for a, area in enumerate(areas, start=1):
        if area.number != a:
            old = "" if area.number is None else str(area.number)
            changes.append(CodeChange(area, "area", "number", old, str(a)))
        for g, goal in enumerate(goals_of.get(area.pk, []), start=1):
            goal_code = f"{a}.{g}"
            if goal.code != goal_code:
                changes.append(CodeChange(goal, "goal", "code", goal.code, goal_code))
            for m, measure in enumerate(measures_of.get(goal.pk, []), start=1):
                code = f"{goal_code}.{m}"
                if measure.code != code:
                    changes.append(CodeChange(measure, "measure", "code", measure.code, code))
    return changes


def digest(changes):
    """Names a proposal, so that saving can tell it is still the one that was shown."""
    text = "\n".join(f"{c.kind}:{c.obj.pk}:{c.old}>{c.new}" for c in changes)
    return hashlib.sha256(text.encode()).hexdigest()


@retry_deadlocks
@transaction.atomic
def renumber(plan, expected, *, user):
    """Save the proposal whose digest is `expected`; returns the changes saved."""
    lock_plan(plan.pk)
    changes = proposal(plan)
    if not changes or digest(changes) != expected:
        raise ProposalChanged
    records, now = [], timezone.now()
    for change in changes:
        model = type(change.obj)
        values = {change.field: change.new}
        if change.kind == "measure":
            values["updated_at"] = now
        # A new version, so an editor open on the old code gets a conflict, not a silent undo.
        model._base_manager.filter(pk=change.obj.pk).update(**values, version=F("version") + 1)
        setattr(change.obj, change.field, change.new)
        records.append(
            ChangeRecord.of(
                change.obj, ChangeRecord.Action.UPDATED, user, change.field, change.old, change.new
            )
        )
    ChangeRecord.objects.bulk_create(records)
    return changes
