"""Who may see and change a revision: the council's own people read it (it is internal work
until adopted), the secretariat writes it. Built on plans.access, checked in every view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from plans.access import get_plan, is_member, is_secretariat

from .models import Revision


def get_member_plan(request, council_slug, plan_slug, *, edit=False):
    plan = get_plan(request, council_slug, plan_slug)
    allowed = is_secretariat if edit else is_member
    if not allowed(request.user, plan.council):
        raise PermissionDenied
    return plan


def get_revision(request, council_slug, plan_slug, revision_id, *, edit=False):
    plan = get_member_plan(request, council_slug, plan_slug, edit=edit)
    revision = get_object_or_404(
        Revision.objects.select_related("adopted_plan", "started_by"), pk=revision_id, plan=plan
    )
    revision.plan = plan
    return revision
