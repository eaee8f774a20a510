"""Changing measures: adding, editing, archiving, restoring and moving them.

Like every write to a plan (plans/editing.py), each takes the plan's row first and is audited in
the plan's ChangeRecords. Status changes are Measure.change_status: appended to the history;
the status form goes through `set_status`, the same writes in fewer queries.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.editing import audit_field, lock_plan, record_move
from plans.models import ChangeRecord
from regionplan.lib import editing
from regionplan.lib.transactions import retry_deadlocks

from .models import Measure, Theme
from .summary import after_status_change


def plan_id_of(measure):
    return measure.goal.focus_area.plan_id


@retry_deadlocks
@transaction.atomic
def create(goal, values, *, user):
    lock_plan(goal.focus_area.plan_id)
    order = editing.next_order(Measure.all_objects.filter(goal=goal))
    measure = Measure.objects.create(goal=goal, order=order, **values)
    ChangeRecord.of(measure, ChangeRecord.Action.CREATED, user).save()
    return measure


@retry_deadlocks
@transaction.atomic
def update(measure, values, *, expected_version, user):
    """Save the fields if nobody saved since `expected_version` (else EditConflict); refused
    for an archived measure (Archived)."""
    lock_plan(plan_id_of(measure))
    return editing.save_versioned(
        measure, values, expected_version=expected_version, audit=audit_field(user)
    )


@retry_deadlocks
@transaction.atomic
def set_archived(measure, archived, *, user, keep_place=False):
    lock_plan(plan_id_of(measure))

    def record(current, archived):
        action = ChangeRecord.Action.ARCHIVED if archived else ChangeRecord.Action.RESTORED
        ChangeRecord.of(current, action, user).save()

    siblings = Measure.objects.filter(goal_id=measure.goal_id)
    return editing.set_archived(
        measure, archived, record=record, siblings=siblings, keep_place=keep_place
    )


@retry_deadlocks
@transaction.atomic
def move(measure, step, *, user):
    """One place up (step -1) or down (+1) among the goal's measures."""
    lock_plan(plan_id_of(measure))
    measure = Measure.all_objects.select_related("goal__focus_area").get(pk=measure.pk)
    if measure.archived_at:
        raise editing.Archived(measure)
    siblings = Measure.objects.filter(goal_id=measure.goal_id)
    record_move(measure, editing.move_among(siblings, measure, step), user)
    return measure


def theme_named(name):
    """The theme with this name in any case, made if there is none (two people may race)."""
    theme = Theme.objects.filter(name__iexact=name).first()
    if theme:
        return theme
    try:
        with transaction.atomic():
            return Theme.objects.create(name=name)
    except IntegrityError:
        return Theme.objects.get(name__iexact=name)


@retry_deadlocks
@transaction.atomic
def set_themes(measure, themes, new_theme="", *, user):
    """Tag the measure with exactly these themes (and a new one, by name); audited."""
    lock_plan(plan_id_of(measure))
    measure = Measure.all_objects.select_related("goal__focus_area").get(pk=measure.pk)
    if measure.archived_at:
        raise editing.Archived(measure)
    chosen = list(themes)
    if new_theme:
        theme = theme_named(new_theme)
        if theme not in chosen:
            chosen.append(theme)
    before = sorted(theme.name for theme in measure.themes.all())
    after = sorted(theme.name for theme in chosen)
    if before != after:
        measure.themes.set(chosen)
        Measure.all_objects.filter(pk=measure.pk).update(updated_at=timezone.now())
        ChangeRecord.of(
            measure,
            ChangeRecord.Action.UPDATED,
            user,
            "themes",
            ", ".join(before),
            ", ".join(after),
        ).save()
    return measure


@retry_deadlocks
def set_status(plan, measure_id, status, *, comment="", clear_comment=False, user=None):
    """The status form's change (Measure.change_status's writes) on a measure of `plan`, found
    under the lock rather than read before it: plan lock, measure lock, history row, measure
    update. Returns (measure, (summary, areas)), the plan's overview after the change.

    Measure.DoesNotExist for a measure not in the plan, Archived for an archived one; either
    way the transaction is rolled back and nothing is written.
    """
    with transaction.atomic():
        lock_plan(plan.pk)
        measure = (
            Measure.all_objects.select_for_update(of=("self",))
            .select_related("goal__focus_area__plan__council")
            .get(pk=measure_id, goal__focus_area__plan=plan)
        )
        if measure.archived_at:
            raise editing.Archived(measure)
        old = measure.status
        measure.record_status(status, comment=comment, clear_comment=clear_comment, user=user)
        overview = after_status_change(
            plan.pk,
            measure.goal.focus_area.plan.revision,
            measure.goal.focus_area_id,
            old,
            measure.status,
        )
    return measure, overview
