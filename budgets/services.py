"""Finalising a budget, and starting next year's from it."""

from django.db import transaction
from django.utils import timezone

from plans.models import CouncilChange, Plan
from regionplan.lib.transactions import retry_deadlocks

from .models import Budget, BudgetChange, BudgetGroup, BudgetLine, Contribution
from .overview import BudgetOverview


class OverAllocated(Exception):
    def __init__(self, over_by):
        super().__init__(f"Allocated {over_by} kroner more than the frame.")
        self.over_by = over_by


class NextYearExists(Exception):
    pass


@transaction.atomic
def finalise_budget(budget, *, user=None):
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    overview = BudgetOverview(locked)
    if overview.over_allocated:
        raise OverAllocated(overview.over_by)
    if locked.finalised_at is None:
        locked.finalised_at = timezone.now()
        locked.save(update_fields=["finalised_at"])
        # Its money now shows on the plan's public pages.
        Plan.objects.filter(pk=locked.plan_id).bump_revision()
        BudgetChange.objects.create(
            budget=locked, action=BudgetChange.Action.FINALISED, changed_by=user
        )
    return locked


@transaction.atomic
def reopen_budget(budget, *, user):
    """Open a finalised budget for changes again (a revised budget), on the record."""
    locked = Budget.objects.select_for_update().get(pk=budget.pk)
    if locked.finalised_at is not None:
        locked.finalised_at = None
        locked.save(update_fields=["finalised_at"])
        Plan.objects.filter(pk=locked.plan_id).bump_revision()
        BudgetChange.objects.create(
            budget=locked, action=BudgetChange.Action.REOPENED, changed_by=user
        )
    return locked


class YearTaken(Exception):
    pass


@retry_deadlocks
@transaction.atomic
def start_budget(council, year, plan, *, user):
    """An empty draft budget for `year`, financing `plan` (or none), on the budget's and the
    council's history. The secretariat then adds contributions and lines on its page."""
    if Budget.objects.filter(council=council, year=year).exists():
        raise YearTaken
    budget = Budget.objects.create(council=council, year=year, plan=plan)
    BudgetChange.objects.create(
        budget=budget,
        action=BudgetChange.Action.STARTED,
        subject_label=str(year),
        new_value=plan.title if plan else "",
        changed_by=user,
    )
    CouncilChange.objects.create(
        council=council,
        action=CouncilChange.Action.BUDGET_STARTED,
        subject_label=str(year),
        new_value=plan.title if plan else "",
        changed_by=user,
    )
    return budget


@transaction.atomic
def roll_over(budget, carry):
    """Next year's draft: the same groups, lines and contributions as proposals; money moves
    only where `carry` ({line id: kroner}) says so. Nothing is taken from this year's budget."""
    if Budget.objects.filter(council=budget.council, year=budget.year + 1).exists():
        raise NextYearExists
    draft = Budget.objects.create(council=budget.council, year=budget.year + 1, plan=budget.plan)
    Contribution.objects.bulk_create(
        Contribution(budget=draft, source=c.source, amount=c.amount, order=c.order)
        for c in budget.contributions.all()
    )
    for group in budget.groups.prefetch_related("lines"):
        copy = BudgetGroup.objects.create(
            budget=draft, title=group.title, category=group.category, order=group.order
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                group=copy,
                title=line.title,
                amount=line.amount,
                carried_over=carry.get(line.pk, 0),
                pending_text=line.pending_text,
                category=line.category,
                focus_area_id=line.focus_area_id,
                goal_id=line.goal_id,
                measure_id=line.measure_id,
                order=line.order,
            )
            for line in group.lines.all()
        )
    if budget.plan_id:
        # bulk_create sends no signal; the plan page shows each year's money on its measures.
        Plan.objects.filter(pk=budget.plan_id).bump_revision()
    return draft
