from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def measure_url(context, measure, action):
    """A measure's address for `action` ("status", "edit", "move"): from the links the page
    reversed once (measures.columns.row_links), or reversed here on a page without them."""
    base, actions = context.get("measures_url"), context.get("measure_actions")
    if base and actions:
        return f"{base}{measure.pk}/{actions[action]}"
    plan = context["plan"]
    return reverse(f"measures:{action}", args=[plan.council.slug, plan.slug, measure.pk])
