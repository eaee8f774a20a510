"""What the budget page shows, and getting the budget a request may see or change.

Shared by the page and the fragments htmx swaps after an edit (budgets/item_views.py).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from plans.access import is_member, is_secretariat, use_council_language, viewer_role
from regionplan.lib.charts import share_bars_svg
from regionplan.lib.conditional import page_etag

from .models import Budget, BudgetLine, Contribution
from .overview import BudgetOverview


def get_budget(request, council, year):
    """A budget the user may read (404 otherwise), in the council's language."""
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan__council"),
        council__slug=council,
        year=year,
    )
    use_council_language(request, budget.council)
    return budget


def budget_etag(request, budget):
    """For a download of the budget, before it is made: every change to a budget is in its
    audit trail (BudgetChange), so the newest entry is its revision; the plan's revision covers
    the names of the focus areas, goals and measures its lines are tied to."""
    last_change = budget.changes.aggregate(last=Max("id"))["last"]
    plan = budget.plan
    return page_etag(
        request,
        "budget",
        budget.pk,
        budget.finalised_at,
        last_change,
        budget.council.updated_at.isoformat(),
        plan and (plan.pk, plan.revision),
        role=viewer_role(request.user, budget.council),
    )


def editable_budget(request, council, year):
    """A budget the user may change: 404 if they may not see it, 403 if they may only read it."""
    budget = get_budget(request, council, year)
    if not is_secretariat(request.user, budget.council):
        raise PermissionDenied
    return budget


def render_budget(request, budget, status=200):
    return render(request, "budgets/budget.html", budget_context(request, budget), status=status)


def budget_context(request, budget):
    overview = BudgetOverview(budget)
    shares = overview.category_shares
    chart = share_bars_svg(
        shares,
        title=_("Distribution of the allocated money against the target"),
        target_label=_("target"),
    )
    secretariat = is_secretariat(request.user, budget.council)
    can_edit = secretariat and not budget.finalised_at
    archived = []
    if can_edit:
        archived = [
            ("contribution", contribution)
            for contribution in Contribution.all_objects.filter(budget=budget).exclude(
                archived_at=None
            )
        ] + [
            ("line", line)
            for line in BudgetLine.all_objects.filter(group__budget=budget).exclude(
                archived_at=None
            )
        ]
    return {
        "budget": budget,
        "council": budget.council,
        "overview": overview,
        "shares": shares,
        "chart": mark_safe(chart),  # built from escaped values in regionplan/lib/charts.py
        "is_secretariat": secretariat,
        "is_member": secretariat or is_member(request.user, budget.council),
        "can_edit": can_edit,
        "archived": archived,
    }
