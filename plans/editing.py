"""Changing a plan's structure: focus areas and goals. Measures: measures/editing.py.

Every write is one transaction that first takes the plan's row (`lock_plan`), so all writes
to one plan take their locks in the same order, plan before its contents, and cannot deadlock.
Taking it bumps the plan's revision, which the page cache keys on.
"""

from django.db import transaction

from regionplan.lib import editing
from regionplan.lib.text import normalise_text
from regionplan.lib.transactions import retry_deadlocks

from .models import ChangeRecord, FocusArea, Goal, Plan


def lock_plan(plan_id):
    """Hold the plan's row for the rest of the transaction (and outdate its cached pages)."""
    Plan.objects.filter(pk=plan_id).bump_revision()


@retry_deadlocks
@transaction.atomic
def update_intro(plan, intro, *, expected, user, digest):
    """Save the plan's description if it is still the one the editor started from (`expected`,
    its `digest`), else EditConflict with the plan as saved. Recorded in the audit trail."""
    lock_plan(plan.pk)
    current = Plan.objects.select_related("council").get(pk=plan.pk)
    if digest(current.intro) != expected:
        raise editing.EditConflict(current)
    new = normalise_text(intro)
    if new != current.intro:
        Plan.objects.filter(pk=plan.pk).update(intro=new)
        ChangeRecord(
            plan=current,
            subject_type="plan",
            subject_id=current.pk,
            subject_label=str(current)[:200],
            action=ChangeRecord.Action.UPDATED,
            field="intro",
            old_value=current.intro,
            new_value=new,
            changed_by=user,
        ).save()
        current.intro = new
    return current


def audit_field(user):
    def audit(current, field, old, new):
        return ChangeRecord.of(current, ChangeRecord.Action.UPDATED, user, field, old, new)

    return audit


@retry_deadlocks
@transaction.atomic
def update(obj, values, *, expected_version, user):
    """Save a focus area's or goal's fields, if nobody saved since `expected_version`."""
    lock_plan(obj.audit_subject()["plan_id"])
    return editing.save_versioned(
        obj, values, expected_version=expected_version, audit=audit_field(user)
    )


@retry_deadlocks
@transaction.atomic
def create_goal(area, values, *, user):
    lock_plan(area.plan_id)
    goal = Goal.objects.create(
        focus_area=area, order=editing.next_order(area.goals.all()), **values
    )
    ChangeRecord.of(goal, ChangeRecord.Action.CREATED, user).save()
    return goal


@retry_deadlocks
@transaction.atomic
def create_focus_area(plan, values, *, user):
    lock_plan(plan.pk)
    area = FocusArea.objects.create(
        plan=plan, order=editing.next_order(plan.focus_areas.all()), **values
    )
    ChangeRecord.of(area, ChangeRecord.Action.CREATED, user).save()
    return area


def siblings_of(obj):
    if isinstance(obj, Goal):
        return Goal.objects.filter(focus_area_id=obj.focus_area_id)
    return FocusArea.objects.filter(plan_id=obj.plan_id)


@retry_deadlocks
@transaction.atomic
def move(obj, step, *, user):
    """Move a focus area or goal one place up (step -1) or down (+1) among its siblings."""
    lock_plan(obj.audit_subject()["plan_id"])
    record_move(obj, editing.move_among(siblings_of(obj), obj, step), user)
    return obj


def record_move(obj, positions, user):
    if positions:
        ChangeRecord.of(obj, ChangeRecord.Action.MOVED, user, "order", *positions).save()
