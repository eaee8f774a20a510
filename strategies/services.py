"""What a strategy page and a budget show of a strategy: its action plans, their measures'
statuses rolled up per strategy goal, its financing, and which strategy is in force in a year."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce

from measures.models import Measure
from measures.summary import StatusSummary
from plans.models import Goal, Plan, PlanKind, TargetShare

from .models import Financing, FundingSource


@dataclass
class GoalRollup:
    goal: object  # a goal of the strategy; None for measures that name no strategy goal
    summary: StatusSummary = field(default_factory=StatusSummary)


def action_plans(strategy, user):
    """The plans that follow the strategy and that the user may read, newest first."""
    return list(
        Plan.objects.visible_to(user)
        .filter(parent=strategy)
        .select_related("council")
        .order_by("-first_year", "title")
    )


def goal_rollup(strategy, plans):
    """One GoalRollup per goal of the strategy, in the strategy's order, and one (goal None)
    for the measures of `plans` that serve none of them. A measure serves the strategy goal it
    names itself, else its goal's. Two queries, however many plans and measures."""
    goals = list(
        Goal.objects.filter(focus_area__plan=strategy)
        .select_related("focus_area")
        .order_by("focus_area__order", "focus_area_id", "order", "id")
    )
    rollups = {goal.pk: GoalRollup(goal) for goal in goals}
    unlinked = GoalRollup(None)
    if plans:
        rows = (
            Measure.objects.filter(goal__focus_area__plan__in=plans)
            .annotate(served=Coalesce("strategy_link__serves", "goal__strategy_link__serves"))
            .values("served", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            rollup = rollups.get(row["served"], unlinked)
            rollup.summary.counts[row["status"]] += row["n"]
    return [*rollups.values(), unlinked]


def plan_summaries(plans):
    """{plan id: StatusSummary} of each plan's measures (empty for a plan without), one query."""
    return StatusSummary.for_plans(plans)


def get_financing(strategy):
    """The strategy's financing with its sources, or None."""
    return (
        Financing.objects.filter(strategy=strategy)
        .prefetch_related(Prefetch("sources", queryset=FundingSource.objects.order_by("order")))
        .first()
    )


@dataclass
class FinancingView:
    """Every figure the pages show of a financing, computed from its rows: nothing typed twice."""

    financing: object
    sources: list

    @classmethod
    def of(cls, financing):
        return cls(financing, list(financing.sources.all())) if financing else None

    @property
    def yearly(self):
        return sum(source.amount for source in self.sources)

    @property
    def administration(self):
        return self.financing.administration

    @property
    def estimated(self):
        return self.financing.administration_estimated

    @property
    def for_measures(self):
        return self.yearly - self.administration


def is_strategy(plan):
    return plan.kind == PlanKind.STRATEGIC_PLAN


@dataclass
class StrategyForYear:
    """The strategy a year's budget is measured against, and whether it is in force that year
    (False: it expired before the year, and is shown only because no later one exists)."""

    plan: object
    in_force: bool
    year: int


def strategy_for_year(council, year, follows=None):
    """The council's strategy in force in `year` (the one `follows` names first, if it is), else
    the latest one before the year that sets a target distribution or a financing, marked not in
    force. A strategy is a strategic plan, or any plan that sets a target distribution. One query
    (the financing comes with it); a council has a handful of strategies."""
    strategies = list(
        Plan.objects.filter(council=council)
        .annotate(has_target=Exists(TargetShare.objects.filter(plan=OuterRef("pk"))))
        .filter(Q(kind=PlanKind.STRATEGIC_PLAN) | Q(has_target=True))
        .select_related("council", "financing")
        .order_by("-last_year", "-first_year", "-pk")
    )
    in_force = [p for p in strategies if p.first_year <= year <= p.last_year]
    if in_force:
        in_force.sort(key=lambda p: (p.pk != follows, -p.first_year, -p.pk))
        return StrategyForYear(in_force[0], True, year)
    earlier = [
        p
        for p in strategies
        if p.last_year < year and (p.has_target or financing_of(p) is not None)
    ]
    return StrategyForYear(earlier[0], False, year) if earlier else None


def financing_of(plan):
    """The plan's financing as select_related fetched it, or None."""
    try:
        return plan.financing
    except Financing.DoesNotExist:
        return None
