import pytest
from django.db import IntegrityError, transaction

from budgets.models import Budget, BudgetLine, Contribution
from budgets.overview import BudgetOverview
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_one_budget_per_council_and_year(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(council=budget.council, year=2026)


def test_amounts_cannot_be_negative(budget):
    group = budget.groups.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(group=group).update(amount=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.filter(budget=budget).update(amount=-5)


def test_a_line_without_amount_must_say_why(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(group=budget.groups.first(), title="Tom", amount=None)


def test_a_plan_cannot_end_before_it_starts(hallingdal_council):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            council=hallingdal_council,
            slug="x",
            title="X",
            kind="handlingsplan",
            first_year=2027,
            last_year=2026,
        )


def test_plan_slugs_are_unique_per_council(hallingdal_council):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            council=hallingdal_council,
            slug="regionplan",
            title="Dup",
            kind="regionplan",
            first_year=2025,
            last_year=2028,
        )


def test_unallocated_is_computed_from_contributions_and_lines(budget):
    Contribution.objects.create(budget=budget, source="Ekstra", amount=100_000, order=9)
    assert BudgetOverview(budget).unallocated == 710_000
    assert not BudgetOverview(budget).over_allocated
