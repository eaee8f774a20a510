"""HTML remnants in imported cells.

Spreadsheets exported from older systems carry "<p>", "<li>", "<b>" and "&amp;" in their cells.
A cell holding one of those tags is turned into plain text with paragraphs and "- " bullets,
and the preview says so for that cell (nothing changes silently). A cell without a real tag —
"a<b og c>d", "<post@hallingdal.no>", "Skriv &lt;tag&gt;" — is text and is kept as written.
"""

import html
import re

import nh3

STRUCTURE_TAGS = {"p", "br", "ul", "ol", "li", "div"}
# Tags such systems write, with at most quoted attributes: "<b og c>" is not one.
REMNANT_TAG = re.compile(
    r"</?(?:p|br|div|span|ul|ol|li|b|strong|i|em|u|font)"
    r"""(?:\s+[a-z-]+=(?:"[^"]*"|'[^']*'))*\s*/?>""",
    re.IGNORECASE,
)
BULLET_MARKERS = re.compile(r"^\s*[-–•*▪·]\s+")


def has_html_remnants(text: str) -> bool:
    return bool(REMNANT_TAG.search(text))


def remnants_to_text(text: str) -> str:
    """Plain text with paragraphs separated by blank lines and "- " bullets."""
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
