"""What is wrong with an import file, where, and whether it stops the import."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class Kind(StrEnum):
    """Machine-readable problem kinds, for tests and for grouping problems in the UI."""

    # Blocking: the file cannot be imported as it is.
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_XLSX = "not_xlsx"
    OLD_XLS = "old_xls"
    PASSWORD = "password"
    DAMAGED = "damaged"
    NO_HEADER = "no_header"
    MISSING_COLUMN = "missing_column"
    NO_FOCUS_AREA = "no_focus_area"
    NO_TEXT = "no_text"
    UNKNOWN_STATUS = "unknown_status"
    BAD_NUMBER = "bad_number"
    TOO_LONG = "too_long"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    CELL_ERROR = "cell_error"
    HIDDEN_CONTROLS = "hidden_controls"
    # Warnings: the import can go ahead, but someone should look.
    FORMULA = "formula"
    REPEATED_CODE = "repeated_code"
    REPEATED_TEXT = "repeated_text"
    NO_RESPONSIBLE = "no_responsible"
    NO_DUE = "no_due"
    EXTRA_COLUMN = "extra_column"
    DUPLICATE_COLUMN = "duplicate_column"
    HIDDEN_ROWS = "hidden_rows"
    SHEET_USED = "sheet_used"
    HTML_REMNANTS = "html_remnants"


# The file could not be read at all (when the problem is not about a row: an empty file, not a
# sheet without rows).
UNREADABLE = {Kind.EMPTY, Kind.TOO_LARGE, Kind.NOT_XLSX, Kind.OLD_XLS, Kind.PASSWORD, Kind.DAMAGED}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the file.

    `message` is already translated into the language that was active when the file was read.
    `sheet`, `row` (the spreadsheet's own row number, 1-based), `column` (the heading as written
    in the file) and `column_letter` ("J") are empty/None when they do not apply.
    """

    kind: Kind
    message: str
    blocking: bool
    sheet: str = ""
    row: int | None = None
    column: str = ""
    column_letter: str = ""

    @property
    def cell(self) -> str:
        """ "J12", or "" when the problem is not about one cell."""
        return f"{self.column_letter}{self.row}" if self.column_letter and self.row else ""

    def location(self) -> str:
        """ "Tiltak, row 12, column J “Status”" in the active language; "" for the whole file."""
        parts = [self.sheet]
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            names = {"letter": self.column_letter, "name": self.column}
            parts.append(_("column %(letter)s “%(name)s”") % names)
        return ", ".join(p for p in parts if p)

    def __str__(self):
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


def has_blocking(problems) -> bool:
    return any(p.blocking for p in problems)
