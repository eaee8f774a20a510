from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from measures.models import Status
from plans.text import highlighter, text_to_html

register = template.Library()


@register.filter
def rich_text(value, terms=()):
    """Stored plain text as escaped paragraphs and bullet lists, search terms marked."""
    return text_to_html(value, terms)


@register.filter
def highlight(value, terms):
    """One line of text, escaped, with search terms marked."""
    return mark_safe(highlighter(terms)(escape(value)))


BADGE_ICONS = {Status.GREEN: "✓", Status.YELLOW: "◐", Status.RED: "✕", Status.NOT_ASSESSED: "○"}


@register.simple_tag
def status_badge(status):
    """Colour, symbol and word: the status is never shown by colour alone."""
    status = Status(status)
    return format_html(
        '<span class="badge badge--{}"><span class="badge__icon" aria-hidden="true">{}</span> '
        "{}</span>",
        status.value,
        BADGE_ICONS[status],
        status.label,
    )


@register.inclusion_tag("plans/status_bar.html")
def status_bar(summary):
    """A stacked bar; decorative, since the counts are always written out next to it."""
    return {"summary": summary}


@register.filter
def attr(obj, name):
    """A field's value on an object, for showing saved values next to the user's."""
    return getattr(obj, name, "")
