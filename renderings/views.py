"""The page a reader waits on while a plan's file is prepared, and asking again after a
failure. Whoever may read the plan may use both (plans.access.get_plan)."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from plans.access import get_plan

from . import services

# How often the page asks again: htmx polls the fragment, without JavaScript the page reloads.
POLL_SECONDS = 2


def status_url(plan, fmt):
    return reverse("renderings:status", args=[plan.council.slug, plan.slug, fmt])


@require_http_methods(["GET", "POST"])
def file_status(request, council, plan, fmt):
    if fmt not in services.PREPARED_FORMATS:
        raise Http404
    plan = get_plan(request, council, plan)
    if request.method == "POST":
        services.try_again(plan, fmt)
        # See Other: back to the waiting page, with GET.
        return HttpResponseRedirect(status_url(plan, fmt), status=303)
    file = services.request_file(plan, fmt)
    context = {
        "plan": plan,
        "council": plan.council,
        "fmt": fmt,
        "file": file,
        "state": file.shown_state,
        "State": services.State,
        "poll_seconds": POLL_SECONDS,
        "status_url": status_url(plan, fmt),
    }
    template = "renderings/status.html#state" if request.htmx else "renderings/status.html"
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response
