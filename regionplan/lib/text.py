"""Plain text with paragraphs and bullets: how every long text field is stored.

Sources arrive with HTML remnants (`<p>`, `<b>`, `<ul><li>`) and users type into text areas. We
store neither as markup: `clean_text` sanitises with nh3 and turns the structure into plain text
(blank line between paragraphs, "- " before bullet items), and `text_to_html` escapes everything
before it builds the paragraphs and lists again. What a user typed is never rendered as markup.
"""

import html
import re

import nh3
from django.utils.html import escape as html_escape
from django.utils.safestring import mark_safe

STRUCTURE_TAGS = {"p", "br", "ul", "ol", "li", "div"}
BULLET_MARKERS = re.compile(r"^\s*[-–•*▪·]\s+")


def clean_text(raw: str | None) -> str:
    """Sanitised plain text with paragraphs separated by blank lines and "- " bullets."""
    if not raw:
        return ""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = nh3.clean(
        text,
        tags=STRUCTURE_TAGS,
        attributes={},
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    text = re.sub(r"\s*</li>\s*", "", text)
    text = re.sub(r"<li>\s*", "\n- ", text)
    text = re.sub(r"</?(?:p|div|ul|ol)>", "\n\n", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [BULLET_MARKERS.sub("- ", line.strip()) for line in text.split("\n")]
    text = "\n".join(re.sub(r"[ \t]+", " ", line) for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def highlighter(terms):
    """Wraps words starting with a search term in <mark>; works on already-escaped text."""
    if not terms:
        return lambda line: line
    # Not after "&" or "#", so a term never lands inside an entity such as &amp; or &#x27;.
    pattern = re.compile(
        r"(?<![\w&#])(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE
    )
    return lambda line: pattern.sub(r"<mark>\1</mark>", line)


def text_to_html(text: str | None, terms=()) -> str:
    """Escaped HTML for stored text: <p> per paragraph, <ul> for runs of "- " lines."""
    if not text:
        return ""
    mark = highlighter(terms)

    def escape(line):
        return mark(html_escape(line))

    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        paragraph, items = [], []
        for line in block.split("\n"):
            if line.startswith("- "):
                if paragraph:
                    parts.append("<p>" + "<br>".join(paragraph) + "</p>")
                    paragraph = []
                items.append(f"<li>{escape(line[2:].strip())}</li>")
            else:
                if items:
                    parts.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                paragraph.append(escape(line))
        if paragraph:
            parts.append("<p>" + "<br>".join(paragraph) + "</p>")
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
    return mark_safe("".join(parts))
