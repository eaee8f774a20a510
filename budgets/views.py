import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.charts import share_bars_svg
from plans.export_views import with_download_cookie
from plans.views import use_council_language

from .exports import budget_data, budget_pdf, budget_xlsx
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


EXPORTS = {
    "pdf": ("application/pdf", budget_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", budget_xlsx),
    "json": (
        "application/json",
        lambda budget: json.dumps(budget_data(budget), ensure_ascii=False, indent=2).encode(),
    ),
}


@require_GET
def budget_export(request, council, year, fmt):
    if fmt not in EXPORTS:
        raise Http404
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user).select_related("council", "plan"),
        council__slug=council,
        year=year,
    )
    content_type, render = EXPORTS[fmt]
    response = HttpResponse(render(budget), content_type=content_type)
    filename = f"{budget.council.slug}-budsjett-{budget.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_download_cookie(request, response)
