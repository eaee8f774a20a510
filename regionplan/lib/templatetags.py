"""Template filters for stored text, available everywhere as `{% load text %}`."""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .markdown import markdown_to_html
from .text import highlighter, text_to_html

register = template.Library()


@register.filter
def rich_text(value, terms=()):
    """Stored plain text as escaped paragraphs and bullet lists, search terms marked."""
    return text_to_html(value, terms)


@register.filter
def highlight(value, terms):
    """One line of text, escaped, with search terms marked."""
    return mark_safe(highlighter(terms)(escape(value)))


@register.filter
def field_value(obj, name):
    """A field's value on an object, for showing what is saved next to the editor's values."""
    return getattr(obj, name, "")


@register.filter
def markdown(value):
    """A formatted field (a report's texts, descriptions) as sanitised HTML."""
    return markdown_to_html(value)


@register.filter
def machine_time(value):
    """A date or datetime for `<time datetime>`: ISO 8601 in whole seconds. The W3C checker
    rejects more than three fraction digits, and microseconds tell a reader nothing."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = value.replace(microsecond=0)
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return value.isoformat()
