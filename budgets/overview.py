"""Everything a budget page, PDF or spreadsheet shows, computed from the lines: nothing typed.

Frame = the contributions. Allocated = this year's new money on the lines; money carried over
from last year is shown and counted in each line's total, but not against this year's frame.
Unallocated = frame − allocated. Shares are of the allocated money, per group and per category,
against the target distribution of the strategy in force in the budget's year (or, where none
is, of the latest one, which the page says has expired); the frame beside its yearly funds.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from strategies.services import FinancingView, financing_of, strategy_for_year

from .models import BudgetLine

FOOTNOTE_MARKERS = ["*", "**", "***", "†", "‡"]


@dataclass
class LineView:
    line: object
    marker: str = ""

    @property
    def total(self):
        return self.line.total


@dataclass
class GroupView:
    group: object
    lines: list = field(default_factory=list)

    @property
    def allocated(self):
        return sum(v.line.amount or 0 for v in self.lines)

    @property
    def carried_over(self):
        return sum(v.line.carried_over for v in self.lines)

    @property
    def total(self):
        return self.allocated + self.carried_over


@dataclass
class Share:
    label: str
    amount: int
    percent: float
    target: int | None = None

    @property
    def difference(self):
        return None if self.target is None else round(self.percent - self.target, 1)


@dataclass
class FundingRow:
    """A source of money: what the strategy says it gives a year beside what this budget has."""

    source: str
    strategy_amount: int | None
    budget_amount: int | None


def funding_comparison(financing, contributions):
    """The strategy's sources beside the budget's contributions, paired by name."""
    budget_amounts = {}
    for contribution in contributions:
        key = contribution.source.casefold()
        budget_amounts[key] = budget_amounts.get(key, 0) + contribution.amount
    rows = []
    for source in financing.sources:
        rows.append(
            FundingRow(
                source.source, source.amount, budget_amounts.pop(source.source.casefold(), None)
            )
        )
    for contribution in contributions:
        key = contribution.source.casefold()
        if key in budget_amounts:
            rows.append(FundingRow(contribution.source, None, budget_amounts.pop(key)))
    return rows


class BudgetOverview:
    def __init__(self, budget):
        self.budget = budget
        self.contributions = list(budget.contributions.all())
        self.groups = []
        self.footnotes = []
        lines = BudgetLine.objects.select_related(
            "focus_area", "goal", "measure__goal__focus_area__plan__council"
        )
        for group in budget.groups.prefetch_related(Prefetch("lines", queryset=lines)):
            view = GroupView(group)
            for line in group.lines.all():
                marker = ""
                if line.footnote:
                    marker = FOOTNOTE_MARKERS[min(len(self.footnotes), len(FOOTNOTE_MARKERS) - 1)]
                    self.footnotes.append((marker, line.footnote))
                view.lines.append(LineView(line, marker))
            self.groups.append(view)
        self.frame = sum(c.amount for c in self.contributions)
        self.allocated = sum(g.allocated for g in self.groups)
        self.carried_over = sum(g.carried_over for g in self.groups)
        self.unallocated = self.frame - self.allocated
        self.over_allocated = self.allocated > self.frame
        self.pending = [v for g in self.groups for v in g.lines if v.line.amount is None]
        # The strategy in force in the budget's year, or the latest expired one (then said so).
        self.strategy = strategy_for_year(
            budget.council, budget.year, follows=budget.plan.parent_id if budget.plan else None
        )
        self.target_plan = self.strategy.plan if self.strategy else None
        self.financing = (
            FinancingView.of(financing_of(self.target_plan)) if self.target_plan else None
        )
        self.funding = (
            funding_comparison(self.financing, self.contributions) if self.financing else []
        )

    @property
    def strategy_text(self):
        """Which strategy the budget is measured against, in a sentence, for the Excel file (the
        page and PDF say it with a link); "" when the council has none."""
        if not self.strategy:
            return ""
        plan = self.strategy.plan
        values = {
            "year": self.budget.year,
            "title": plan.title,
            "period": plan.period,
            "last": plan.last_year,
        }
        if self.strategy.in_force:
            return _("Strategy in force in %(year)s: %(title)s (%(period)s).") % values
        return (
            _(
                "No strategy is in force in %(year)s. The targets are from %(title)s "
                "(%(period)s), which expired at the end of %(last)s."
            )
            % values
        )

    @property
    def over_by(self):
        return max(0, self.allocated - self.frame)

    def percent(self, amount):
        return round(100 * amount / self.allocated, 1) if self.allocated else 0.0

    @property
    def category_shares(self):
        targets = {}
        if self.target_plan:
            targets = dict(self.target_plan.target_shares.values_list("category", "percent"))
        amounts = dict.fromkeys(targets, 0)
        for group in self.groups:
            for view in group.lines:
                category = view.line.category or group.group.category or "–"
                amounts[category] = amounts.get(category, 0) + (view.line.amount or 0)
        return [
            Share(category, amount, self.percent(amount), targets.get(category))
            for category, amount in amounts.items()
        ]
