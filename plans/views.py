"""Reading councils and plans: the pages politicians and the public use, and plan downloads."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from budgets.models import Budget
from budgets.plan_money import plan_money
from measures.columns import column_labels
from measures.forms import StatusForm
from measures.models import Measure
from measures.search import by_rank, search_measures, search_terms
from measures.summary import StatusSummary
from regionplan.lib.downloads import file_response
from regionplan.lib.forms import since_filter
from regionplan.lib.page_cache import cached_render, filter_variant

from .access import get_council, get_editable_plan, get_plan, is_member, is_secretariat
from .exports import EXPORTS
from .forms import PlanFacets, PlanFilterForm
from .history import plan_events
from .models import Council, CountyRelation, Goal, Municipality
from .quality import QualityReport


@require_GET
def council_list(request):
    councils = Council.objects.prefetch_related("municipalities")
    return render(request, "plans/council_list.html", {"councils": councils})


@require_GET
def council_detail(request, council):
    council = get_council(
        request,
        council,
        # Each municipality's page of what it is responsible for (owners.Party).
        Council.objects.select_related("county").prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.select_related("party"))
        ),
    )
    plans = list(council.plans.visible_to(request.user))
    summaries = StatusSummary.for_plans(plans)
    for plan in plans:
        plan.summary = summaries[plan.pk]
    budgets = Budget.objects.visible_to(request.user).filter(council=council)
    return render(
        request,
        "plans/council.html",
        {
            "council": council,
            "plans": plans,
            "budgets": budgets,
            "can_edit": is_secretariat(request.user, council),
            "county_relation": CountyRelation.objects.current()
            .filter(council=council, county=council.county_id)
            .first(),
        },
    )


@require_GET
def council_search(request, council):
    council = get_council(request, council)
    query = request.GET.get("q", "").strip()[:200]
    page = None
    if query:
        plans = council.plans.visible_to(request.user)
        measures = search_measures(
            Measure.objects.filter(goal__focus_area__plan__in=plans).select_related(
                "goal__focus_area__plan__council"
            ),
            query,
        )
        page = Paginator(by_rank(measures), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/council_search.html",
        {"council": council, "query": query, "page": page, "terms": search_terms(query)},
    )


@require_GET
def plan_detail(request, council, plan):
    plan = get_plan(request, council, plan)
    can_edit = is_secretariat(request.user, plan.council)
    can_see_internal = can_edit or is_member(request.user, plan.council)
    fragment_only = request.htmx and not request.htmx.history_restore_request
    template = "plans/plan_body.html#results" if fragment_only else "plans/plan_body.html"

    def render_body():
        context = plan_page_context(request, plan, can_edit, can_see_internal)
        return render_to_string(template, context, request=request)

    if can_edit:
        body = render_body()
    else:
        # Members see internal notes, the public does not: two variants of the same page.
        filters = filter_variant(request.GET, PlanFilterForm.base_fields)
        variant = f"{can_see_internal}|{filters}"
        body = cached_render(f"plan-{plan.pk}", plan.revision, template, variant, render_body)
    if fragment_only:
        return HttpResponse(body)
    return render(
        request,
        "plans/plan.html",
        {"plan": plan, "council": plan.council, "body": mark_safe(body)},
    )


def plan_page_context(request, plan, can_edit, can_see_internal):
    focus_areas = list(plan.focus_areas.all())
    form = PlanFilterForm(request.GET or None, focus_areas=focus_areas, facets=PlanFacets(plan))
    measures = form.filter(Measure.objects.filter(goal__focus_area__plan=plan))
    goals = Goal.objects.filter(focus_area__plan=plan).prefetch_related(
        Prefetch("measures", queryset=measures.order_by("order", "id"))
    )
    summary, by_area = StatusSummary.for_focus_areas(plan)
    money = plan_money(plan, drafts=can_see_internal)
    shown = 0
    goals_by_area = {}
    for goal in goals:
        goal.shown_measures = list(goal.measures.all())
        goal.money = money.get(("goal", goal.pk), [])
        for measure in goal.shown_measures:
            measure.money = money.get(("measure", measure.pk), [])
        if goal.shown_measures or not form.active:
            goals_by_area.setdefault(goal.focus_area_id, []).append(goal)
            shown += len(goal.shown_measures)
    for area in focus_areas:
        area.summary = by_area[area.pk]
        area.shown_goals = goals_by_area.get(area.pk, [])
        area.money = money.get(("focus_area", area.pk), [])
    return {
        "plan": plan,
        "council": plan.council,
        "focus_areas": focus_areas,
        "shown_areas": [area for area in focus_areas if area.shown_goals],
        "summary": summary,
        "form": form,
        "shown": shown,
        "terms": search_terms(form.cleaned_data["q"]) if form.active else [],
        "can_edit": can_edit,
        "can_see_internal": can_see_internal,
        "labels": column_labels(),
        "status_form": StatusForm(),
    }


@require_GET
@login_required
def plan_quality(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    return render(
        request,
        "plans/plan_quality.html",
        {"plan": plan, "council": plan.council, "report": QualityReport(plan)},
    )


@require_GET
def plan_changes(request, council, plan):
    """Recent changes, or everything changed since a date (e.g. the last meeting)."""
    plan = get_plan(request, council, plan)
    form, since, moment = since_filter(request)
    events = plan_events(plan, moment, include_internal=is_member(request.user, plan.council))
    changed_measures = {event.measure for event in events} - {None}
    return render(
        request,
        "plans/plan_changes.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "since": since,
            "events": events,
            "changed_count": len(changed_measures),
        },
    )


@require_GET
def plan_export(request, council, plan, fmt):
    """The plan as PDF, Excel, JSON or CSV: for whoever may read it, never with internal notes."""
    if fmt not in EXPORTS:
        raise Http404
    plan = get_plan(request, council, plan)
    content_type, render_export = EXPORTS[fmt]
    body = render_export(plan, request.build_absolute_uri("/").rstrip("/"))
    return file_response(request, body, content_type, f"{plan.council.slug}-{plan.slug}.{fmt}")
