"""The money tied to a plan's focus areas, goals and measures, for the plan and measure pages."""

from collections import defaultdict

from .models import BudgetLine


def plan_money(plan, measure=None, *, drafts):
    """{(kind, id): [lines]} for kind focus_area, goal or measure, every year's budget of the
    plan, oldest first; one query. Draft budgets only with `drafts` (for the council's own
    people: see Budget.objects.visible_to)."""
    lines = BudgetLine.objects.filter(group__budget__plan=plan).select_related(
        "group__budget__council"
    )
    if not drafts:
        lines = lines.filter(group__budget__finalised_at__isnull=False)
    if measure is not None:
        lines = lines.filter(measure=measure)
    money = defaultdict(list)
    for line in lines.order_by("group__budget__year", "group__order", "order", "id"):
        for kind in ("focus_area", "goal", "measure"):
            if getattr(line, f"{kind}_id"):
                money[kind, getattr(line, f"{kind}_id")].append(line)
    return money
