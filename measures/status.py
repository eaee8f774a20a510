"""A measure's status: the four values, their order, words, colours and symbols.

Colours after Designsystemet (Digdir), each with the text colour that keeps 4.5:1 contrast; a
status is never shown by colour alone (symbol and word go with it).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regionplan.lib.charts import Segment


class Status(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")

    @property
    def meaning(self):
        return STATUS_MEANINGS[self]

    @property
    def icon(self):
        return STATUS_ICONS[self]


# Reading order on pages, in bars and exports: done, on track, late, then not yet assessed.
STATUS_ORDER = (Status.GREEN, Status.YELLOW, Status.RED, Status.NOT_ASSESSED)

# The legend councils print next to the colours; nn/nb wording comes from the translations.
STATUS_MEANINGS = {
    Status.NOT_ASSESSED: _("No status set yet"),
    Status.GREEN: _("Finished, completed"),
    Status.YELLOW: _("Started, on track"),
    Status.RED: _("Not completed, not on track"),
}

STATUS_ICONS = {Status.GREEN: "✓", Status.YELLOW: "◐", Status.RED: "✕", Status.NOT_ASSESSED: "○"}

# (background, text) as RRGGBB, for Excel fills and SVG charts.
STATUS_COLOURS = {
    Status.GREEN: ("068718", "FFFFFF"),
    Status.YELLOW: ("EA9B1B", "000000"),
    Status.RED: ("C01B1B", "FFFFFF"),
    Status.NOT_ASSESSED: ("FFFFFF", "000000"),
}

# (status, language) -> the badge's HTML: a long plan shows thousands of the same few badges.
_badges = {}


def status_badge(status):
    """Colour, symbol and word as HTML: the status is never shown by colour alone."""
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


@dataclass(frozen=True)
class LegendEntry:
    status: Status
    meaning: str

    @property
    def value(self):
        return self.status.value

    @property
    def label(self):
        return self.status.label


def legend(words=None):
    """The status legend in reading order; `words` ({status value: meaning}, e.g. a council's
    Council.legend_words()) replaces our wording where it has any."""
    words = words or {}
    return [
        LegendEntry(status, words.get(status.value) or status.meaning) for status in STATUS_ORDER
    ]


def status_segments(summary):
    """A StatusSummary as the segments of a stacked bar chart (regionplan/lib/charts.py)."""
    return [
        Segment(
            summary.counts.get(status, 0),
            f"#{STATUS_COLOURS[status][0]}",
            f"#{STATUS_COLOURS[status][1]}",
            outlined=status == Status.NOT_ASSESSED,
        )
        for status in STATUS_ORDER
    ]
