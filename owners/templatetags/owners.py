"""{% request_progress plan %}: the plan's open status requests, answered n of m, for members.

Rendered by plans/plan.html outside the cached page body, so it is current on every view."""

from django import template

from plans.access import is_member, is_secretariat

from ..requests import open_requests

register = template.Library()


@register.inclusion_tag("owners/request_progress.html", takes_context=True)
def request_progress(context, plan):
    user = context["request"].user
    if not is_member(user, plan.council):
        return {"requests": []}
    return {
        "requests": open_requests(plan),
        "plan": plan,
        "council": plan.council,
        "can_edit": is_secretariat(user, plan.council),
    }
