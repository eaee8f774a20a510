"""What an import would do, computed without writing anything.

For a new plan every focus area, goal and measure in the file is new. For an update the file's
rows are matched to the plan's measures:

1. a row with a code matches the measure with that code; where the plan repeats a code
   (Hallingdal has two 5.4.1), the one with the same text;
2. a row without a code matches a measure with the same text (case and spacing aside);
3. rows whose code is repeated and whose text changed are paired with the measures left over
   with that code, in plan order.

A matched measure changes in the fields whose columns the file has and whose values differ (an
empty cell empties the field; an empty status cell means not assessed). The comment follows the
status form's rule: on a row whose status changes, the comment goes with the status change and
an empty comment cell keeps the current comment; on a row whose status stays, a changed comment
cell is an edit of the comment (empty removes it). Rows that match nothing
are new measures; their focus area and goal are found by number, code or title, or are new too.
Which focus area and goal a matched measure belongs to, and the order, are not changed by an
update.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from measures.models import Measure

from ..models import FocusArea, Goal, Plan
from .parsed import ParsedFile, Row, match_key
from .problems import Problem

# The measure fields an update compares, in the order they are shown.
FIELDS = ["text", "due", "responsible", "involvement", "comment", "status"]


@dataclass(eq=False)
class AreaTarget:
    """A focus area the file's rows go into: an existing one, or one to create."""

    number: int | None
    title: str
    row: int  # the first row naming it
    existing: FocusArea | None = None
    goals: dict = field(default_factory=dict, repr=False)

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(eq=False)
class GoalTarget:
    """A goal the file's rows go into: an existing one, or one to create."""

    area: AreaTarget
    code: str
    text: str
    row: int
    existing: Goal | None = None

    def __str__(self):
        return f"{self.code} {self.text}".strip()


@dataclass(eq=False)
class NewMeasure:
    row: Row
    goal: GoalTarget


@dataclass(eq=False)
class MeasureChange:
    """A matched measure whose values differ: field -> (old, new), in FIELDS order.

    Status values are measures.Status values ("green"); every other value is text.
    """

    measure: Measure
    row: Row
    changes: dict[str, tuple[str, str]]

    @property
    def status_change(self) -> tuple[str, str] | None:
        return self.changes.get("status")


@dataclass(eq=False)
class Preview:
    parsed: ParsedFile
    plan: Plan | None  # None: the file becomes a new plan
    new_focus_areas: list[AreaTarget] = field(default_factory=list)
    new_goals: list[GoalTarget] = field(default_factory=list)
    new_measures: list[NewMeasure] = field(default_factory=list)
    changed: list[MeasureChange] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0  # the plan's measures no row matched; an import leaves them alone
    fingerprint: str = ""

    @property
    def mode(self) -> str:
        return "new" if self.plan is None else "update"

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems

    @property
    def blocking(self) -> bool:
        return self.parsed.blocking

    @property
    def blocking_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.parsed.measure_rows),
            "focus_areas_new": len(self.new_focus_areas),
            "goals_new": len(self.new_goals),
            "measures_new": len(self.new_measures),
            "measures_changed": len(self.changed),
            "measures_unchanged": self.unchanged,
            "measures_not_in_file": self.not_in_file,
            "status_changes": sum(1 for c in self.changed if c.status_change),
        }


def build_preview(parsed: ParsedFile, plan: Plan | None = None, *, lock=False) -> Preview:
    """What importing `parsed` would do: into a new plan (plan=None), or as an update of `plan`.

    `lock` (inside a transaction) locks the plan's measures until it commits; apply_import
    uses it so nothing changes between this comparison and the writes.
    """
    preview = Preview(parsed, plan)
    if parsed.heading_row is None:
        return preview
    if plan is None:
        targets = _Targets(preview, [], [])
        for row in parsed.rows:
            goal = targets.goal_for(row)
            if goal and row.is_measure:
                preview.new_measures.append(NewMeasure(row, goal))
    else:
        _compare(preview, plan, lock)
    preview.fingerprint = _fingerprint(preview)
    return preview


class _Targets:
    """Finds or plans the focus area and goal of each row."""

    def __init__(self, preview, areas, goals):
        self.preview = preview
        self.areas = {}
        self.by_number = {a.number: a for a in reversed(areas) if a.number is not None}
        self.by_title = {match_key(a.title): a for a in reversed(areas)}
        self.goals = defaultdict(list)
        for goal in goals:
            self.goals[goal.focus_area_id].append(goal)

    def area_for(self, row) -> AreaTarget | None:
        if not row.focus_area:
            return None
        key = (row.focus_area_number, match_key(row.focus_area))
        target = self.areas.get(key)
        if target is None:
            existing = self.by_number.get(row.focus_area_number) if row.focus_area_number else None
            existing = existing or self.by_title.get(key[1])
            target = AreaTarget(row.focus_area_number, row.focus_area, row.number, existing)
            if existing is None:
                self.preview.new_focus_areas.append(target)
            self.areas[key] = target
        return target

    def goal_for(self, row) -> GoalTarget | None:
        area = self.area_for(row)
        if area is None:
            return None
        # A row without a goal goes into a goal named like its focus area (as Lillehammer's).
        text = row.goal or ("" if row.goal_code else area.title)
        key = (row.goal_code, match_key(text))
        target = area.goals.get(key)
        if target is None:
            existing = self.existing_goal(area, row.goal_code, text)
            target = GoalTarget(area, row.goal_code, text, row.number, existing)
            if existing is None:
                self.preview.new_goals.append(target)
            area.goals[key] = target
        return target

    def existing_goal(self, area, code, text):
        if area.existing is None:
            return None
        goals = self.goals[area.existing.pk]
        if code:
            found = next((g for g in goals if g.code == code), None)
            if found:
                return found
        wanted = match_key(text)
        return next((g for g in goals if match_key(g.text) == wanted), None)


def _compare(preview, plan, lock):
    parsed = preview.parsed
    areas = list(plan.focus_areas.order_by("order", "id"))
    goals = list(Goal.objects.filter(focus_area__plan=plan).order_by("order", "id"))
    measures = Measure.objects.filter(goal__focus_area__plan=plan).order_by(
        "goal__focus_area__order", "goal__focus_area_id", "goal__order", "goal_id", "order", "id"
    )
    if lock:
        measures = measures.select_for_update(of=("self",))
    # The goal and focus area come from the lists above: no query per measure for labels.
    goals_by_id = {g.pk: g for g in goals}
    areas_by_id = {a.pk: a for a in areas}
    for goal in goals:
        goal.focus_area = areas_by_id[goal.focus_area_id]
    measures = list(measures)
    for measure in measures:
        measure.goal = goals_by_id[measure.goal_id]
    matches = _match(parsed.measure_rows, measures)
    fields = [f for f in FIELDS if parsed.has_column(f)]
    targets = _Targets(preview, areas, goals)
    for row in parsed.rows:
        measure = matches.get(row.number)
        if measure is None:
            goal = targets.goal_for(row)
            if goal and row.is_measure:
                preview.new_measures.append(NewMeasure(row, goal))
            continue
        changes = {}
        for name in fields:
            new = row.status if name == "status" else getattr(row, name)
            if new is None:
                continue  # an unknown status word: a blocking problem already
            old = getattr(measure, name)
            if new != old:
                changes[name] = (str(old), str(new))
        if "status" in changes and changes.get("comment", ("", "x"))[1] == "":
            # As with the status form: a new status without a comment keeps the current one.
            del changes["comment"]
        if changes:
            preview.changed.append(MeasureChange(measure, row, changes))
        else:
            preview.unchanged += 1
    preview.not_in_file = len(measures) - len(matches)


def _match(rows, measures) -> dict[int, Measure]:
    """row number -> the measure it updates (see the module docstring)."""
    by_code, by_text = defaultdict(list), defaultdict(list)
    for measure in measures:
        if measure.code:
            by_code[measure.code].append(measure)
        by_text[match_key(measure.text)].append(measure)
    matches, taken, leftovers = {}, set(), []

    def take(row, measure):
        matches[row.number] = measure
        taken.add(measure.pk)

    for row in rows:
        if row.code:
            candidates = by_code.get(row.code, [])
            if len(candidates) > 1:
                wanted = match_key(row.text)
                candidates = [m for m in candidates if match_key(m.text) == wanted] or [None]
                if candidates[0] is None:
                    leftovers.append(row)
                    continue
        else:
            candidates = by_text.get(match_key(row.text), [])
        found = next((m for m in candidates if m.pk not in taken), None)
        if found:
            take(row, found)
    for row in leftovers:
        found = next((m for m in by_code[row.code] if m.pk not in taken), None)
        if found:
            take(row, found)
    return matches


def _fingerprint(preview) -> str:
    """Identifies what the import would do, so a stale preview is noticed before writing."""
    changes = [(c.measure.pk, c.row.number, sorted(c.changes.items())) for c in preview.changed]
    new = [
        (n.row.number, n.goal.existing.pk if n.goal.existing else str(n.goal))
        for n in preview.new_measures
    ]
    data = [preview.plan.pk if preview.plan else None, changes, new, preview.unchanged]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]
