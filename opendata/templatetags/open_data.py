from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def licence_link(council):
    """The council's open data licence as a link to its text, in the reader's language."""
    info = council.licence_info
    return format_html(
        '<a href="{}" rel="license">{}</a>',
        info.page((get_language() or "en")[:2]),
        info.short_name,
    )
