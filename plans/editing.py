"""Changing a plan: every write is one transaction, checked against concurrent edits, audited.

Edits carry the version the editor saw. The write is a compare-and-set on that version, so if
someone saved in between, nothing is written and EditConflict carries the current values for
the editor to compare with theirs. Status changes are not versioned: each is appended to the
history in commit order (Measure.change_status).
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from measures.models import Measure

from .models import ChangeRecord, FocusArea, Goal, Plan

AUDITED_FIELDS = {
    Measure: ["text", "due", "responsible", "involvement", "comment", "internal_note"],
    Goal: ["code", "text"],
    FocusArea: ["number", "title", "description"],
}


class EditConflict(Exception):
    def __init__(self, current):
        super().__init__("The object was changed by someone else.")
        self.current = current


class Archived(Exception):
    def __init__(self, measure):
        super().__init__("The measure is archived.")
        self.measure = measure


def plan_id_of(obj):
    if isinstance(obj, Measure):
        return obj.goal.focus_area.plan_id
    if isinstance(obj, Goal):
        return obj.focus_area.plan_id
    return obj.plan_id


def label_of(obj):
    if isinstance(obj, FocusArea):
        return str(obj)[:200]
    return f"{obj.code} {obj.text}".strip()[:200]


def record(obj, action, user, field="", old="", new=""):
    return ChangeRecord(
        plan_id=plan_id_of(obj),
        measure=obj if isinstance(obj, Measure) else None,
        subject_type=type(obj)._meta.model_name,
        subject_id=obj.pk,
        subject_label=label_of(obj),
        action=action,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        changed_by=user,
    )


@transaction.atomic
def update_fields(obj, values, *, expected_version, user, audit=None):
    """Apply `values` if the object is still at `expected_version`; returns the saved object.

    `audit(current, field, old, new)` makes the record of each changed field; by default a
    plan's ChangeRecord.
    """
    model = type(obj)
    manager = model._base_manager
    if isinstance(obj, Measure) and manager.get(pk=obj.pk).archived_at:
        raise Archived(obj)
    claimed = manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(manager.get(pk=obj.pk))
    current = manager.select_for_update().get(pk=obj.pk)
    before = {field: getattr(current, field) for field in values}
    for field, value in values.items():
        setattr(current, field, value)
    current.save()  # normalises text and derived fields before we compare
    if audit is None:

        def audit(current, field, old, new):
            return record(current, ChangeRecord.Action.UPDATED, user, field, old, new)

    records = [
        audit(current, field, before[field], getattr(current, field))
        for field in values
        if getattr(current, field) != before[field]
    ]
    if records:
        type(records[0]).objects.bulk_create(records)
    return current


def next_order(queryset):
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def create_measure(goal, values, *, user):
    order = next_order(Measure.all_objects.filter(goal=goal))
    measure = Measure.objects.create(goal=goal, order=order, **values)
    ChangeRecord.objects.bulk_create([record(measure, ChangeRecord.Action.CREATED, user)])
    return measure


@transaction.atomic
def create_goal(area, values, *, user):
    goal = Goal.objects.create(focus_area=area, order=next_order(area.goals.all()), **values)
    ChangeRecord.objects.bulk_create([record(goal, ChangeRecord.Action.CREATED, user)])
    return goal


@transaction.atomic
def create_focus_area(plan, values, *, user):
    area = FocusArea.objects.create(plan=plan, order=next_order(plan.focus_areas.all()), **values)
    ChangeRecord.objects.bulk_create([record(area, ChangeRecord.Action.CREATED, user)])
    return area


@transaction.atomic
def set_archived(measure, archived, *, user):
    current = Measure.all_objects.select_for_update().get(pk=measure.pk)
    if bool(current.archived_at) == archived:
        return current
    current.archived_at = timezone.now() if archived else None
    current.version += 1
    current.save()
    action = ChangeRecord.Action.ARCHIVED if archived else ChangeRecord.Action.RESTORED
    ChangeRecord.objects.bulk_create([record(current, action, user)])
    return current


def siblings_of(obj):
    if isinstance(obj, Measure):
        return Measure.objects.filter(goal_id=obj.goal_id)
    if isinstance(obj, Goal):
        return Goal.objects.filter(focus_area_id=obj.focus_area_id)
    return FocusArea.objects.filter(plan_id=obj.plan_id)


@transaction.atomic
def move(obj, step, *, user):
    """Move one place up (step -1) or down (+1) among its siblings; renumbers them 1..n."""
    Plan.objects.select_for_update().filter(pk=plan_id_of(obj)).first()  # serialise reorders
    siblings = list(siblings_of(obj).order_by("order", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return obj
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            type(sibling)._base_manager.filter(pk=sibling.pk).update(order=position)
    Plan.objects.filter(pk=plan_id_of(obj)).bump_revision()
    ChangeRecord.objects.bulk_create(
        [record(obj, ChangeRecord.Action.MOVED, user, "order", index + 1, target + 1)]
    )
    return obj
