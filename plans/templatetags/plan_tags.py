from django import template
from django.utils.html import escape
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


@register.inclusion_tag("plans/status_badge.html")
def status_badge(status):
    return {"status": Status(status)}


@register.inclusion_tag("plans/status_bar.html")
def status_bar(summary):
    """A stacked bar; decorative, since the counts are always written out next to it."""
    return {"summary": summary}
