"""What the plan page shows (its context), shared by the page and by the actions that redraw
part of it in place (moving a measure, goal or focus area)."""

from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string

from budgets.plan_money import plan_money
from measures.columns import column_labels, row_links
from measures.forms import StatusForm
from measures.models import Measure
from measures.row_cache import RowCache
from measures.search import search_terms
from measures.summary import plan_overview

from .forms import PlanFacets, PlanFilterForm
from .models import Goal
from .trend import status_trend, trend_chart


def plan_page_context(request, plan, can_edit, can_see_internal, query=None):
    """The plan page's context for these filters (`query`, the request's own by default)."""
    query = request.GET if query is None else query
    focus_areas = list(plan.focus_areas.all())
    form = PlanFilterForm(query or None, focus_areas=focus_areas, facets=PlanFacets(plan))
    measures = form.filter(Measure.objects.filter(goal__focus_area__plan=plan))
    goals = Goal.objects.filter(focus_area__plan=plan).prefetch_related(
        Prefetch("measures", queryset=measures.order_by("order", "id"))
    )
    # Shared per revision with the status change's answer (measures/summary.py).
    summary, overview_areas = plan_overview(plan)
    by_area = {area.pk: area.summary for area in overview_areas}
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
    terms = search_terms(form.cleaned_data["q"]) if form.active else []
    links = row_links(plan)
    rows = RowCache(
        [measure for goal in goals for measure in goal.shown_measures],
        can_edit=can_edit,
        can_see_internal=can_see_internal,
        measures_url=links["measures_url"],
        terms=terms,
    )
    trend = status_trend(plan)
    for area in focus_areas:
        area.summary = by_area[area.pk]
        area.shown_goals = goals_by_area.get(area.pk, [])
        area.money = money.get(("focus_area", area.pk), [])
        area.trend = trend.by_area.get(area.pk, [])
        area.trend_chart = trend_chart(area.trend, str(area)) if trend.has_history else ""
    return {
        "trend": trend,
        "trend_chart": trend_chart(trend.samples, plan.title) if trend.has_history else "",
        "plan": plan,
        "council": plan.council,
        "focus_areas": focus_areas,
        "shown_areas": [area for area in focus_areas if area.shown_goals],
        "summary": summary,
        "form": form,
        "shown": shown,
        "terms": terms,
        "can_edit": can_edit,
        "can_see_internal": can_see_internal,
        "labels": column_labels(),
        **links,
        "row_cache": rows,
        "status_form": StatusForm(),
        # What the row template asks of every row, present so a thousand rows do not each
        # look up a missing variable (several exceptions apiece in Django's templates).
        "row_oob": False,
        "cell_oob": False,
        "error": "",
        "saved": "",
        # Members see what was archived, and the secretariat can restore it from there.
        "archived": archived_measures(plan) if can_see_internal else [],
    }


def archived_measures(plan):
    return list(
        Measure.all_objects.filter(goal__focus_area__plan=plan, archived_at__isnull=False)
        .select_related("goal")
        .order_by("-archived_at", "id")
    )


def filters_of_current_page(request):
    """The plan page's filters where an htmx request came from (its address, HX-Current-URL)."""
    return QueryDict(urlsplit(request.htmx.current_url or "").query)


def measure_moved_response(request, plan, measure, focus):
    """After a measure moved through htmx: its goal's table alone, redrawn in place (out of
    band) with the page's filters, the focus named as in `moved_response`. A plan of a thousand
    measures redraws a handful of rows, not all of them."""
    focus_areas = list(plan.focus_areas.all())
    form = PlanFilterForm(
        filters_of_current_page(request) or None,
        focus_areas=focus_areas,
        facets=PlanFacets(plan),
    )
    goal = Goal.objects.get(pk=measure.goal_id)
    goal.shown_measures = list(form.filter(goal.measures.all()).order_by("order", "id"))
    money = plan_money(plan, drafts=True)
    for shown in goal.shown_measures:
        shown.money = money.get(("measure", shown.pk), [])
    context = {
        "plan": plan,
        "council": plan.council,
        "goal": goal,
        "terms": search_terms(form.cleaned_data["q"]) if form.active else [],
        "can_edit": True,
        "can_see_internal": True,
        "labels": column_labels(),
        **row_links(plan),
        "status_form": StatusForm(),
        "goal_oob": True,
        "goal_focus": focus,
    }
    return render(request, "plans/plan_body.html#goal-measures", context)


def moved_response(request, plan, focus):
    """After a move through htmx: the plan's measures redrawn in place (out of band), with the
    filters of the page the user is on, and the keyboard focus back on the button they pressed
    (`focus`, an element id; static/regionplan/app.js moves it)."""
    query = filters_of_current_page(request)
    context = plan_page_context(request, plan, True, True, query=query)
    context.update(oob=True, focus=focus)
    return HttpResponse(render_plan_body(request, "plans/plan_body.html#results", context))


def render_plan_body(request, template, context):
    """The plan page's body (or a part of it) from plan_page_context's context; the measure rows
    it had to render are kept for the next page (measures/row_cache.py)."""
    html = render_to_string(template, context, request=request)
    context["row_cache"].save()
    return html
