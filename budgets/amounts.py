"""Kroner as people type them, and as Norwegians read them.

Accepted: "2 500 000", "2500000", "2.500.000", "kr 150 000", "150 000,-", "NOK 65 000",
"1 000 000 kr", with normal, no-break or narrow no-break spaces. Rejected with a reason:
negative amounts, øre ("150 000,50"), anything that is not a whole number of kroner.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"[\s\u00a0\u202f]+")
CURRENCY = re.compile(r"^(kr\.?|nok)|(kr\.?|nok)$", re.IGNORECASE)
GROUPED_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
NARROW_NBSP = "\u202f"


def parse_amount(text):
    """Whole kroner as int; ValidationError with a message the user can act on."""
    value = SPACES.sub("", str(text or ""))
    value = CURRENCY.sub("", value)
    value = value.removesuffix(",-").removesuffix(",00")
    if not value:
        raise ValidationError(_("Enter an amount in whole kroner, e.g. 150 000."), "empty")
    if value.startswith("-") or value.startswith("−"):
        raise ValidationError(_("An amount cannot be negative."), "negative")
    if GROUPED_DOTS.match(value):
        value = value.replace(".", "")
    if re.fullmatch(r"\d+[.,]\d{1,2}", value):
        raise ValidationError(_("Use whole kroner: budgets have no øre."), "fraction")
    if not value.isdigit():
        raise ValidationError(
            _("“%(text)s” is not an amount. Write it like 2 500 000."),
            "invalid",
            params={"text": text},
        )
    if len(value) > 12:
        raise ValidationError(_("That amount is too large."), "too_large")
    return int(value)


def format_kroner(value):
    """4500000 → "4 500 000" with narrow no-break spaces, as Norwegian typography wants."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", NARROW_NBSP)
