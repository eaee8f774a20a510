import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from budgets.models import Budget
from budgets.plan_money import plan_money
from measures.models import Measure, StatusChange
from measures.search import by_rank, search_measures, search_terms

from .edit_forms import StatusForm
from .filters import PlanFacets, PlanFilterForm
from .history import measure_timeline, plan_events
from .models import Council, Goal, Plan
from .page_cache import cached_render, filter_variant
from .permissions import is_member, is_secretariat
from .quality import QualityReport
from .summary import STATUS_ORDER, StatusSummary


def use_council_language(request, council):
    """The council's language form, unless the visitor picked one with the switcher."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(council.language)
        request.LANGUAGE_CODE = council.language


def get_plan(request, council_slug, plan_slug):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("council"),
        council__slug=council_slug,
        slug=plan_slug,
    )
    use_council_language(request, plan.council)
    return plan


def column_labels():
    """Labels used in every measure row, translated once per render rather than per row."""
    return {
        "code": _("Code"),
        "measure": _("Measure"),
        "due": _("Due"),
        "responsible": _("Responsible"),
        "comment": _("Comment"),
        "status": _("Status"),
        "involvement": _("Involvement"),
        "internal_note": _("Internal note"),
        "details": _("Details"),
        "goal": _("Goal"),
        "status_choices": [(status.value, status.label) for status in STATUS_ORDER],
    }


def get_editable_plan(request, council_slug, plan_slug):
    """A plan the user may change: 404 if they may not see it, 403 if they may only read it."""
    plan = get_plan(request, council_slug, plan_slug)
    if not is_secretariat(request.user, plan.council):
        raise PermissionDenied
    return plan


@require_GET
def healthz(request):
    """For load balancers, and the floor the benchmarks compare our pages against."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def council_list(request):
    councils = Council.objects.prefetch_related("municipalities")
    return render(request, "plans/council_list.html", {"councils": councils})


@require_GET
def council_detail(request, council):
    council = get_object_or_404(Council.objects.prefetch_related("municipalities"), slug=council)
    use_council_language(request, council)
    plans = list(council.plans.visible_to(request.user))
    summaries = StatusSummary.for_plans(plans)
    for plan in plans:
        plan.summary = summaries[plan.pk]
    budgets = Budget.objects.visible_to(request.user).filter(council=council)
    return render(
        request,
        "plans/council_detail.html",
        {
            "council": council,
            "plans": plans,
            "budgets": budgets,
            "can_edit": is_secretariat(request.user, council),
        },
    )


@require_GET
def council_search(request, council):
    council = get_object_or_404(Council, slug=council)
    use_council_language(request, council)
    query = request.GET.get("q", "").strip()[:200]
    page = None
    if query:
        plans = council.plans.visible_to(request.user)
        measures = search_measures(
            Measure.objects.filter(goal__focus_area__plan__in=plans).select_related(
                "goal__focus_area__plan"
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
    template = "plans/plan_content.html#results" if fragment_only else "plans/plan_content.html"

    def render_content():
        context = plan_page_context(request, plan, can_edit, can_see_internal)
        return render_to_string(template, context, request=request)

    if can_edit:
        content = render_content()
    else:
        # Members see internal notes, the public does not: two variants of the same page.
        variant = f"{can_see_internal}|{filter_variant(request.GET)}"
        content = cached_render(plan, template, variant, render_content)
    if fragment_only:
        return HttpResponse(content)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "council": plan.council, "content": mark_safe(content)},
    )


def plan_page_context(request, plan, can_edit, can_see_internal):
    focus_areas = list(plan.focus_areas.all())
    form = PlanFilterForm(request.GET or None, focus_areas=focus_areas, facets=PlanFacets(plan))
    measures = form.filter(Measure.objects.filter(goal__focus_area__plan=plan))
    goals = Goal.objects.filter(focus_area__plan=plan).prefetch_related(
        Prefetch("measures", queryset=measures.order_by("order", "id"))
    )
    total, by_area = StatusSummary.for_focus_areas(plan)
    money = plan_money(plan)
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
        "shown_areas": [a for a in focus_areas if a.shown_goals],
        "summary": total,
        "form": form,
        "shown": shown,
        "terms": search_terms(form.cleaned_data["q"]) if form.active else [],
        "can_edit": can_edit,
        "can_see_internal": can_see_internal,
        "t": column_labels(),
    }


@require_GET
def measure_detail(request, council, plan, measure):
    plan = get_plan(request, council, plan)
    # Archived measures keep their page (and history); it says they are archived.
    measure = get_object_or_404(
        Measure.all_objects.select_related("goal__focus_area"),
        pk=measure,
        goal__focus_area__plan=plan,
    )
    return render(
        request,
        "plans/measure_detail.html",
        {
            "plan": plan,
            "council": plan.council,
            "measure": measure,
            "money": plan_money(plan, measure)["measure", measure.pk],
            "timeline": measure_timeline(measure),
            "can_edit": is_secretariat(request.user, plan.council),
            "can_see_internal": is_member(request.user, plan.council),
        },
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


class SinceForm(forms.Form):
    since = forms.DateField(label=_l("Changed since"), required=False)


def since_filter(request, default=None):
    """(form, date, start of that day in Oslo) from ?since=YYYY-MM-DD."""
    form = SinceForm(request.GET or None)
    since = (form.cleaned_data["since"] if form.is_valid() else None) or default
    moment = timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None
    return form, since, moment


@require_GET
def plan_changes(request, council, plan):
    """Recent changes, or everything changed since a date (e.g. the last meeting)."""
    plan = get_plan(request, council, plan)
    form, since, moment = since_filter(request)
    events = plan_events(plan, moment, include_internal=is_member(request.user, plan.council))
    changed_measures = {
        e.status_change.measure if e.status_change else e.change.measure for e in events
    } - {None}
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


def last_report_date(plan):
    report = (
        plan.status_reports.filter(finalised_at__isnull=False).order_by("-finalised_at").first()
    )
    return report.finalised_at.date() if report else None


@require_GET
@login_required
def status_round(request, council, plan):
    """Walks the secretariat through every measure in plan order before a meeting."""
    plan = get_editable_plan(request, council, plan)
    form, since, moment = since_filter(request, default=last_report_date(plan))
    measures = list(
        Measure.objects.filter(goal__focus_area__plan=plan)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__order", "goal__order", "order", "id")
    )
    assessed = set(
        StatusChange.objects.filter(
            measure__in=measures, **({"changed_at__gte": moment} if moment else {})
        ).values_list("measure_id", flat=True)
    )
    for measure in measures:
        measure.assessed = measure.pk in assessed
    requested = request.GET.get("measure")
    current = next((m for m in measures if str(m.pk) == requested), None) or next(
        (m for m in measures if not m.assessed), None
    )
    return render(
        request,
        "plans/status_round.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "since": since,
            "measures": measures,
            "current": current,
            "done": len(assessed),
            "status_form": StatusForm(initial={"status": current.status}) if current else None,
        },
    )
