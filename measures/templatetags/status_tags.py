from django import template

from .. import status

register = template.Library()


@register.simple_tag
def status_badge(value):
    """Colour, symbol and word: the status is never shown by colour alone."""
    return status.status_badge(value)


@register.inclusion_tag("measures/status_bar.html")
def status_bar(summary):
    """A stacked bar; decorative, since the counts are always written out next to it."""
    return {"summary": summary}
