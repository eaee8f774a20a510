from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ..status import Status

register = template.Library()

# (status, language) -> the badge's HTML: a long plan shows thousands of the same few badges.
_badges = {}


@register.simple_tag
def status_badge(status):
    """Colour, symbol and word: the status is never shown by colour alone."""
    key = (str(status), get_language())
    badge = _badges.get(key)
    if badge is None:
        status = Status(status)
        badge = _badges[key] = format_html(
            '<span class="badge badge--{}"><span class="badge__icon" aria-hidden="true">{}</span> '
            "{}</span>",
            status.value,
            status.icon,
            status.label,
        )
    return badge


@register.inclusion_tag("measures/status_bar.html")
def status_bar(summary):
    """A stacked bar; decorative, since the counts are always written out next to it."""
    return {"summary": summary}
