"""Text as people typed it: stored as entered, escaped on output.

A record-keeping system keeps every character: "a<b og c>d", "<post@hallingdal.no>" and
"&lt;" are text, not markup. Saving only normalises line endings and whitespace at the ends of
lines (`normalise_text`); single-line fields also join lines (`normalise_line`). On output
`text_to_html` escapes everything, then shows blank-line paragraphs and "- " bullet lists.
Markdown (where a field offers it) is rendered and sanitised elsewhere; nothing here passes
markup through.

Invisible direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends) can make text read
backwards. Short fields refuse them (`reject_hidden_controls`); in long text each line that
holds one is shown inside <bdi>, so it cannot reverse what follows.
"""

import re
from html import escape as std_escape

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Embeddings, overrides, isolates and marks that change the direction of the text around them.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
# Zero-width characters: invisible, so a code or name holding one is not what it looks like.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
HIDDEN_CONTROLS = BIDI_CONTROLS | ZERO_WIDTH
# Norwegian letters spelled out, so "Næring og samferdsel" does not lose its æ in a slug.
TRANSLITERATION = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "–": "-", "—": "-"}
)


def norwegian_slug(text: str, max_length: int = 90) -> str:
    """A URL slug for Norwegian text: "Rekruttering i helse" → "rekruttering-i-helse"."""
    return slugify((text or "").translate(TRANSLITERATION))[:max_length].strip("-")


def normalise_text(raw: str | None) -> str:
    """Line endings as \\n, no whitespace at line ends or after the last line; nothing else."""
    if not raw:
        return ""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


def normalise_line(raw: str | None) -> str:
    """A single-line field: a line break (only a pasted cell has one) becomes a space."""
    return " ".join(line.strip() for line in normalise_text(raw).split("\n") if line.strip())


def hidden_controls_in(text: str | None) -> list[str]:
    """The invisible direction and zero-width characters in `text`, as U+XXXX, in order."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in text or "" if c in HIDDEN_CONTROLS))


def reject_hidden_controls(value):
    """Validator for short fields (codes, names, due, responsible)."""
    if found := hidden_controls_in(value):
        raise ValidationError(
            _(
                "Remove the invisible character %(characters)s: it can make the text read "
                "backwards or look like something else."
            ),
            code="hidden_controls",
            params={"characters": ", ".join(found)},
        )


def highlighter(terms):
    """Wraps words starting with a search term in <mark>; works on already-escaped text."""
    if not terms:
        return lambda line: line
    # Not after "&" or "#", so a term never lands inside an entity such as &amp; or &#x27;.
    pattern = re.compile(
        r"(?<![\w&#])(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE
    )
    return lambda line: pattern.sub(r"<mark>\1</mark>", line)


def isolated(escaped_line, raw_line):
    """A line holding a direction control, kept from reversing what follows it."""
    if not BIDI_CONTROLS.isdisjoint(raw_line):  # a set test in C: this runs for every line shown
        return f"<bdi>{escaped_line}</bdi>"
    return escaped_line


def text_to_html(text: str | None, terms=()) -> str:
    """Escaped HTML for stored text: <p> per paragraph, <ul> for runs of "- " lines."""
    if not text:
        return ""
    mark = highlighter(terms)

    def escape(line):
        # The standard library's escape, as Django's does, without its lazy-string wrapper.
        return isolated(mark(std_escape(line)), line)

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
