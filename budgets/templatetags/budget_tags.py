from django import template

from budgets.amounts import format_kroner

register = template.Library()


@register.filter
def kroner(value):
    """4500000 → 4 500 000 (narrow no-break spaces)."""
    return format_kroner(value)
