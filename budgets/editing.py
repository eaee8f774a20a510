"""Changing a budget: every write is one transaction on the locked budget, and audited.

A finalised budget is the council's resolution: it is not changed until the secretariat
reopens it on purpose, and that is recorded too. Field edits are compare-and-set on the
version the editor saw (regionplan/lib/editing.py); adding, archiving and moving are not,
because they cannot overwrite anyone's values.
"""

from django.db import transaction

from regionplan.lib import editing
from regionplan.lib.transactions import retry_deadlocks

from .models import Budget, BudgetChange, BudgetGroup, BudgetLine, Contribution


class Finalised(Exception):
    """The budget is finalised; reopen it before changing it."""


def label_of(item):
    return (item.source if isinstance(item, Contribution) else item.title)[:300]


def change(budget, item, action, user, field="", old="", new=""):
    return BudgetChange(
        budget=budget,
        subject_label=label_of(item) if item is not None else "",
        action=action,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        changed_by=user,
    )


def lock(budget):
    """Hold the budget row for this transaction; refuse if it is finalised."""
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    if locked.finalised_at:
        raise Finalised
    return locked


def budget_of(item):
    return item.budget if isinstance(item, Contribution) else item.group.budget


@retry_deadlocks
@transaction.atomic
def update_item(item, values, *, expected_version, user):
    budget = lock(budget_of(item))

    def audit(current, field, old, new):
        return change(budget, current, BudgetChange.Action.UPDATED, user, field, old, new)

    return editing.save_versioned(item, values, expected_version=expected_version, audit=audit)


@retry_deadlocks
@transaction.atomic
def add_line(budget, values, *, user):
    """`values` name the group, which must be this budget's."""
    budget = lock(budget)
    group = values["group"]
    if group.budget_id != budget.pk:
        raise ValueError("The group belongs to another budget.")
    line = BudgetLine.objects.create(
        order=editing.next_order(BudgetLine.all_objects.filter(group=group)), **values
    )
    change(budget, line, BudgetChange.Action.CREATED, user).save()
    return line


@retry_deadlocks
@transaction.atomic
def add_contribution(budget, values, *, user):
    budget = lock(budget)
    contribution = Contribution.objects.create(
        budget=budget,
        order=editing.next_order(Contribution.all_objects.filter(budget=budget)),
        **values,
    )
    change(budget, contribution, BudgetChange.Action.CREATED, user).save()
    return contribution


@retry_deadlocks
@transaction.atomic
def add_group(budget, values, *, user):
    budget = lock(budget)
    group = BudgetGroup.objects.create(
        budget=budget, order=editing.next_order(budget.groups.all()), **values
    )
    change(budget, group, BudgetChange.Action.CREATED, user).save()
    return group


@retry_deadlocks
@transaction.atomic
def set_archived(item, archived, *, user):
    budget = lock(budget_of(item))

    def record(current, archived):
        action = BudgetChange.Action.ARCHIVED if archived else BudgetChange.Action.RESTORED
        change(budget, current, action, user).save()

    return editing.set_archived(item, archived, record=record, siblings=siblings_of(item))


def siblings_of(item):
    if isinstance(item, Contribution):
        return Contribution.objects.filter(budget_id=item.budget_id)
    return BudgetLine.objects.filter(group_id=item.group_id)


@retry_deadlocks
@transaction.atomic
def move(item, step, *, user):
    """One place up (step -1) or down (+1) among the active siblings."""
    budget = lock(budget_of(item))
    positions = editing.move_among(siblings_of(item), item, step)
    if positions:
        change(budget, item, BudgetChange.Action.MOVED, user, "order", *positions).save()
    return item
