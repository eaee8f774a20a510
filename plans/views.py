"""Reading councils and plans: the pages politicians and the public use, and plan downloads."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from budgets.models import Budget
from measures.models import Measure
from measures.search import by_rank, search_measures, search_terms
from measures.summary import StatusSummary
from regionplan.lib.conditional import conditional
from regionplan.lib.downloads import file_response
from regionplan.lib.forms import since_filter
from regionplan.lib.page_cache import cached_render, filter_variant
from renderings import services as prepared

from .access import get_council, get_editable_plan, get_plan, is_member, is_secretariat
from .exports import EXPORTS
from .forms import PlanFilterForm
from .history import plan_events, since_presets
from .models import Council, CountyRelation, Municipality
from .page import plan_page_context, render_plan_body
from .quality import QualityReport
from .validators import council_validators, plan_etag


@require_GET
def council_list(request):
    councils = Council.objects.prefetch_related("municipalities")
    return render(request, "plans/council_list.html", {"councils": councils})


@require_GET
def council_detail(request, council):
    council = get_council(request, council, Council.objects.select_related("county"))
    etag, last_modified = council_validators(request, council)
    # The secretariat's pages carry their forms and must show their own edits at once: only
    # readers' pages are kept whole (regionplan/lib/response_cache.py).
    reader = not is_secretariat(request.user, council)
    return conditional(
        request, etag, last_modified, lambda: render_council(request, council), keep=reader
    )


def render_council(request, council):
    # Each municipality's page of what it is responsible for (owners.Party).
    prefetch_related_objects(
        [council],
        Prefetch("municipalities", queryset=Municipality.objects.select_related("party")),
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
    return conditional(
        request,
        plan_etag(request, plan),
        plan.updated_at,
        lambda: render_plan(request, plan),
        keep=not is_secretariat(request.user, plan.council),
    )


def render_plan(request, plan):
    # A superseded version is kept to be read, not changed.
    can_edit = is_secretariat(request.user, plan.council) and not plan.superseded_by_id
    can_see_internal = can_edit or is_member(request.user, plan.council)
    fragment_only = request.htmx and not request.htmx.history_restore_request
    template = "plans/plan_body.html#results" if fragment_only else "plans/plan_body.html"

    def render_body():
        context = plan_page_context(request, plan, can_edit, can_see_internal)
        return render_plan_body(request, template, context)

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
            "presets": since_presets(plan),
        },
    )


@require_GET
def plan_export(request, council, plan, fmt):
    """The plan as PDF, Excel, JSON or CSV: for whoever may read it, never with internal notes."""
    if fmt not in EXPORTS:
        raise Http404
    plan = get_plan(request, council, plan)
    content_type, render_export = EXPORTS[fmt]
    name = f"{plan.council.slug}-{plan.slug}.{fmt}"

    def render_file():
        if fmt in prepared.PREPARED_FORMATS:
            # Kept per revision in the database; a long plan's is made in the background.
            file = prepared.request_file(plan, fmt)
            if file.state != file.State.READY:
                return redirect("renderings:status", plan.council.slug, plan.slug, fmt)
            body = prepared.content_of(file)
        else:
            body = render_export(plan, request.build_absolute_uri("/").rstrip("/"))
        return file_response(request, body, content_type, name)

    return conditional(request, plan_etag(request, plan), plan.updated_at, render_file)
