"""Reading the free-text "Tid" column into a year range that filters can use.

Plans write due dates as people speak: "2025", "2025.- 2026", "årleg", "Kont", "innen utgangen
av første halvår 2026". We keep the text as written and derive first/last year from it.
"""

import re
from typing import NamedTuple

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# Words for "every year" / "continuous": such a measure is due in every year of its plan.
RECURRING = re.compile(
    r"\b(årle?g|årlig|kont\w*|løpande|løpende|fortløpande|fortløpende|heile\s+perioden|"
    r"hele\s+perioden|annual\w*|ongoing|continuous\w*)\b",
    re.IGNORECASE,
)


class DueYears(NamedTuple):
    first: int | None
    last: int | None


def parse_due(text: str, plan_years: tuple[int, int] | None = None) -> DueYears:
    """First and last year a due text covers; (None, None) when it names none."""
    years = [int(y) for y in YEAR.findall(text or "")]
    if years:
        return DueYears(min(years), max(years))
    if plan_years and RECURRING.search(text or ""):
        return DueYears(*plan_years)
    return DueYears(None, None)
