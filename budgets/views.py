from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.charts import share_bars_svg
from plans.views import use_council_language

from .models import Budget
from .overview import BudgetOverview


@require_GET
def budget_detail(request, council, year):
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan"),
        council__slug=council,
        year=year,
    )
    use_council_language(request, budget.council)
    overview = BudgetOverview(budget)
    shares = overview.category_shares
    chart = share_bars_svg(
        shares,
        title=_("Distribution of the allocated money against the target"),
        target_label=_("target"),
    )
    return render(
        request,
        "budgets/budget_detail.html",
        {
            "budget": budget,
            "council": budget.council,
            "overview": overview,
            "shares": shares,
            "chart": mark_safe(chart),  # built from escaped values in plans/charts.py
        },
    )
