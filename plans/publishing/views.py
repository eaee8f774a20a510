from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import get_editable_plan
from .services import audience, set_published


@login_required
def publish(request, council, plan):
    """GET: what publishing (or unpublishing) would mean, and who would see the plan.
    POST: do it. The form says which state it asks for, so a second click changes nothing."""
    plan = get_editable_plan(request, council, plan)
    if request.method == "POST":
        wanted = request.POST.get("published")
        if wanted not in ("0", "1"):
            messages.error(request, _("Choose to publish or unpublish the plan."))
            return redirect("publishing:publish", plan.council.slug, plan.slug)
        if set_published(plan, wanted == "1", user=request.user):
            if wanted == "1":
                messages.success(request, _("The plan is published: everyone can read it now."))
            else:
                messages.success(
                    request,
                    _("The plan is no longer published: only the council's people can read it."),
                )
        return redirect(plan.get_absolute_url())
    counts = audience(plan)
    return render(
        request,
        "plans/publishing/publish.html",
        {
            "plan": plan,
            "council": plan.council,
            "secretariat_count": counts["secretariat"],
            "reader_count": counts["reader"],
        },
    )
