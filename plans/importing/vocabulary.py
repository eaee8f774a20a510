"""The words an import file may use: column headings and status words, in nn, nb and en.

The headings and status labels the Excel export writes are taken from the translations (each
language activated in turn), so a file exported in any language form reads back. The variants
below are what councils write in their own spreadsheets.
"""

import functools
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from measures.status import Status

from ..exports import columns

# The optional column with the focus area's number; the others are plans.exports.columns().
FOCUS_AREA_NUMBER = "focus_area_number"
REQUIRED = ("focus_area", "text")

HEADING_VARIANTS = {
    "focus_area": [
        "satsingsområde",
        "satsingsområder",
        "satsingsomrade",
        "satsningsområde",
        "innsatsområde",
        "hovudområde",
        "hovedområde",
        "focus area",
        "focus areas",
    ],
    # A bare "No." is the focus area's number, as the import template's instructions say.
    FOCUS_AREA_NUMBER: [
        "nr",
        "nummer",
        "no",
        "number",
        "satsingsområde nr",
        "nr satsingsområde",
        "satsingsområdenummer",
        "områdenummer",
        "område nr",
        "focus area number",
        "focus area no",
    ],
    "goal_code": ["mål nr", "målnummer", "nr mål", "goal number", "goal no"],
    "goal": ["mål", "målsetjing", "målsetting", "delmål", "goal", "goals", "objective"],
    "code": [
        "kode",
        "tiltak nr",
        "tiltaksnummer",
        "tiltaksnr",
        "code",
        "measure number",
        "measure no",
    ],
    "text": ["tiltak", "aktivitet", "tiltak/aktivitet", "measure", "measures", "action"],
    "due": ["tid", "tidsrom", "tidsramme", "frist", "når", "år", "due", "deadline", "when"],
    "responsible": [
        "ansvar",
        "ansvarleg",
        "ansvarlig",
        "ansvarlege",
        "ansvarlige",
        "responsible",
        "responsibility",
    ],
    "involvement": [
        "involvering",
        "involverte",
        "medverkande",
        "medvirkende",
        "samarbeid",
        "involvement",
        "involved",
    ],
    "comment": [
        "kommentar",
        "kommentarar",
        "kommentarer",
        "merknad",
        "statuskommentar",
        "comment",
        "comments",
    ],
    "status": ["status", "vurdering"],
}

STATUS_VARIANTS = {
    Status.GREEN: ["grøn", "grønn", "grønt", "green", "g"],
    Status.YELLOW: ["gul", "gult", "yellow", "y"],
    Status.RED: ["raud", "raudt", "rød", "rødt", "red", "r"],
    Status.NOT_ASSESSED: ["ikkje vurdert", "ikke vurdert", "not assessed", "ikkje vurdert enno"],
}

_PARENTHESES = re.compile(r"\([^)]*\)")


def normalise(word) -> str:
    """Case, spacing, parenthesised notes and trailing punctuation do not matter."""
    word = _PARENTHESES.sub(" ", str(word).casefold().replace("_", " "))
    return " ".join(word.split()).strip(" .:*")


@functools.cache
def heading_keys() -> dict[str, str]:
    """normalised heading -> column key. The export's own headings win over the variants."""
    found = {}
    for key, names in HEADING_VARIANTS.items():
        for name in names:
            found[normalise(name)] = key
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, header, _width in columns():
                found[normalise(header)] = key
    return found


@functools.cache
def status_values() -> dict[str, Status]:
    """normalised word -> Status: the labels in every language, the variants, the values."""
    found = {}
    for status, words in STATUS_VARIANTS.items():
        found[normalise(status.value)] = status
        for word in words:
            found[normalise(word)] = status
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for status in Status:
                found[normalise(status.label)] = status
    return found


def heading_of(key: str) -> str:
    """The heading the export writes for a column, in the active language."""
    if key == FOCUS_AREA_NUMBER:
        return _("Focus area number")
    return next(str(header) for k, header, _width in columns() if k == key)
