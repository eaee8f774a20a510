from django import template
from django.utils.html import format_html

from ..status import Status

register = template.Library()


@register.simple_tag
def status_badge(status):
    """Colour, symbol and word: the status is never shown by colour alone."""
    status = Status(status)
    return format_html(
        '<span class="badge badge--{}"><span class="badge__icon" aria-hidden="true">{}</span> '
        "{}</span>",
        status.value,
        status.icon,
        status.label,
    )


@register.inclusion_tag("measures/status_bar.html")
def status_bar(summary):
    """A stacked bar; decorative, since the counts are always written out next to it."""
    return {"summary": summary}
