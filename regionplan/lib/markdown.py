"""Formatted text: the few fields that offer formatting, written as Markdown.

A status report's texts and the plan's and focus areas' descriptions may hold headings, bold,
italic, bullet and numbered lists and links, written as Markdown (`FORMATTING_HINT` is what the
form says about it). Everything else people type is plain text (text.py).

Parsed with markdown-it-py (CommonMark) with raw HTML off, then cleaned with nh3 against a short
allow-list, so nothing but the formatting listed here ever reaches a page or a PDF: "<script>"
and "<b>" typed into a report are shown as the characters typed. To keep text as typed where
Markdown does not need to change it, character references ("&lt;" stays "&lt;"), angle-bracket
autolinks ("<post@hallingdal.no>" stays as written), indented code blocks, images and setext
headings are off. Single line breaks are kept, as in plain text.

Headings start one level below the section they stand in: "#" and "##" are <h3>, "###" <h4>,
and so on, because the field itself sits under a page's <h2> ("Background", "About the plan").
A line holding an invisible direction control is isolated in <bdi>, as in plain text.
"""

from functools import cache

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from .text import BIDI_CONTROLS

FORMATTING_HINT = _(
    "Formatting: ## Heading, **bold**, *italic*, lines starting with “- ” or “1. ” for lists, "
    "[text](https://…) for a link. An empty line starts a new paragraph."
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "bdi",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
OFF = ["entity", "autolink", "html_inline", "html_block", "code", "image", "lheading"]


def _shift_headings(state):
    """ "#" and "##" become <h3>, "###" <h4>, ... at most <h6>."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(6, max(3, level + 1))}"


def _text(renderer, tokens, index, options, env):
    content = tokens[index].content
    if any(c in BIDI_CONTROLS for c in content):
        return f"<bdi>{escape(content)}</bdi>"
    return escape(content)


@cache
def parser():
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.disable(OFF)
    md.core.ruler.push("shift_headings", _shift_headings)
    md.add_render_rule("text", _text)
    return md


def markdown_to_html(text: str | None) -> str:
    """Safe HTML for a formatted field."""
    if not text:
        return ""
    html = parser().render(text)
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        ).strip()
    )
