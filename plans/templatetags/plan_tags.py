from django import template

from plans.text import text_to_html

register = template.Library()


@register.filter
def rich_text(value):
    """Stored plain text as escaped paragraphs and bullet lists."""
    return text_to_html(value)


@register.inclusion_tag("plans/status_badge.html")
def status_badge(status):
    from measures.models import Status

    return {"status": Status(status)}
