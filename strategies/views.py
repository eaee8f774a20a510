"""The strategy page (public where the strategy is) and the financing form (secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from measures.models import Measure
from plans.access import get_editable_plan, get_plan, is_secretariat
from plans.models import Goal
from regionplan.lib.editing import EditConflict

from . import services
from .editing import LinksConflict, current_links, save_financing, save_links
from .forms import FinancingForms, LinksForm
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


@login_required
def plan_links_edit(request, council, plan):
    """The secretariat names the strategy goal each goal or measure of an action plan serves."""
    plan = get_editable_plan(request, council, plan)
    strategy = plan.parent
    goals = list(Goal.objects.filter(focus_area__plan=plan).select_related("focus_area__plan"))
    measures = list(
        Measure.objects.filter(goal__focus_area__plan=plan).select_related("goal__focus_area")
    )
    strategy_goals = list(Goal.objects.filter(focus_area__plan=strategy)) if strategy else []
    current = current_links(plan)
    data = request.POST if request.method == "POST" else None
    form = LinksForm(
        data, goals=goals, measures=measures, strategy_goals=strategy_goals, current=current
    )
    conflict = {}
    if data is not None and strategy is None:
        form.add_error(None, _("This plan follows no strategy: there is no strategy goal to name."))
    elif data is not None and form.is_valid():
        try:
            save_links(plan, form.changes(), user=request.user)
        except LinksConflict as error:
            # Nothing is written. Their choices stay; the rows someone else changed now carry
            # what is saved as seen, so saving again keeps theirs on purpose.
            names = {str(g.pk): str(g) for g in strategy_goals}
            post = request.POST.copy()
            for key, saved in error.saved.items():
                post[f"seen-{key}"] = str(saved or "")
                conflict[key] = names.get(str(saved or ""), "")
            form = LinksForm(
                post, goals=goals, measures=measures, strategy_goals=strategy_goals, current=current
            )
            form.is_valid()
        else:
            messages.success(request, _("The strategy goals are saved."))
            return redirect(reverse("strategies:plan_links", args=[plan.council.slug, plan.slug]))
    # Each goal with its measures under it, as the plan reads.
    groups = {}
    for kind, obj, key in form.rows:
        row = {"object": obj, "field": form[key], "saved": conflict.get(key), "key": key}
        if kind == "goal":
            groups[obj.pk] = {**row, "measures": []}
        else:
            groups[obj.goal_id]["measures"].append(row)
    return render(
        request,
        "strategies/plan_links.html",
        {
            "plan": plan,
            "council": plan.council,
            "strategy": strategy,
            "form": form,
            "groups": list(groups.values()),
            "conflict": conflict,
        },
        status=409 if conflict else 400 if data is not None else 200,
    )
