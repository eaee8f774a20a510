"""The strategy page (public where the strategy is) and the financing form (secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.access import get_editable_plan, get_plan, is_secretariat
from regionplan.lib.editing import EditConflict

from . import services
from .editing import save_financing
from .forms import FinancingForms
from .models import Financing


@require_GET
def strategy_detail(request, council, plan):
    strategy = get_plan(request, council, plan)
    plans = services.action_plans(strategy, request.user)
    summaries = services.plan_summaries(plans)
    for action_plan in plans:
        action_plan.summary = summaries[action_plan.pk]
        action_plan.outside_period = (
            action_plan.first_year > strategy.last_year
            or action_plan.last_year < strategy.first_year
        )
    this_year = timezone.localdate().year
    return render(
        request,
        "strategies/strategy.html",
        {
            "plan": strategy,
            "council": strategy.council,
            "financing": services.FinancingView.of(services.get_financing(strategy)),
            "shares": list(strategy.target_shares.all()),
            "action_plans": plans,
            "rollups": services.goal_rollup(strategy, plans),
            "this_year": this_year,
            "can_edit": is_secretariat(request.user, strategy.council),
        },
    )


@login_required
def financing_edit(request, council, plan):
    strategy = get_editable_plan(request, council, plan)
    financing = services.get_financing(strategy) or Financing(strategy=strategy)
    forms = FinancingForms(strategy, financing, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and forms.is_valid():
        try:
            save_financing(
                strategy,
                {name: forms.form.cleaned_data[name] for name in forms.form._meta.fields},
                forms.sources.rows(),
                forms.shares.rows(),
                expected_version=forms.form.cleaned_data["version"],
                user=request.user,
            )
        except EditConflict as error:
            # Nothing is written: their entries stay in the form, now based on what is saved,
            # so saving again keeps theirs on purpose.
            saved = error.current
            conflict = {
                "financing": services.FinancingView.of(services.get_financing(strategy)),
                "shares": list(strategy.target_shares.all()),
            }
            data = request.POST.copy()
            data["version"] = saved.version if saved else 1
            forms = FinancingForms(strategy, saved or financing, data)
            forms.is_valid()
        else:
            messages.success(request, _("The financing is saved."))
            return redirect(
                reverse("strategies:strategy", args=[strategy.council.slug, strategy.slug])
            )
    has_errors = request.method == "POST" and conflict is None
    return render(
        request,
        "strategies/financing_edit.html",
        {
            "plan": strategy,
            "council": strategy.council,
            "forms": forms,
            "conflict": conflict,
        },
        status=409 if conflict else 400 if has_errors else 200,
    )
