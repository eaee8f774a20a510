from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from measures.models import Measure, Status

from .models import Council, Plan
from .summary import StatusSummary


def use_council_language(request, council):
    """The council's language form, unless the visitor picked one with the switcher."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(council.language)
        request.LANGUAGE_CODE = council.language


def get_plan(request, council_slug, plan_slug):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("council", "parent"),
        council__slug=council_slug,
        slug=plan_slug,
    )
    use_council_language(request, plan.council)
    return plan


def council_list(request):
    councils = Council.objects.prefetch_related("municipalities")
    return render(request, "plans/council_list.html", {"councils": councils})


def council_detail(request, council):
    council = get_object_or_404(Council.objects.prefetch_related("municipalities"), slug=council)
    use_council_language(request, council)
    plans = council.plans.visible_to(request.user)
    return render(request, "plans/council_detail.html", {"council": council, "plans": plans})


def plan_detail(request, council, plan):
    plan = get_plan(request, council, plan)
    focus_areas = list(plan.focus_areas.prefetch_related("goals__measures"))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "council": plan.council,
            "focus_areas": focus_areas,
            "summary": StatusSummary.of_focus_areas(focus_areas),
            "statuses": list(Status),
        },
    )


def measure_detail(request, council, plan, measure):
    plan = get_plan(request, council, plan)
    measure = get_object_or_404(
        Measure.objects.select_related("goal__focus_area"),
        pk=measure,
        goal__focus_area__plan=plan,
    )
    history = measure.status_changes.select_related("changed_by")
    return render(
        request,
        "plans/measure_detail.html",
        {"plan": plan, "council": plan.council, "measure": measure, "history": history},
    )
