"""What reading an import file gives: its rows, cleaned, and every problem found."""

from dataclasses import dataclass, field

from .problems import UNREADABLE, Kind, Problem, has_blocking
from .vocabulary import heading_of


@dataclass(slots=True)
class Row:
    """One data row of the sheet, cleaned. `number` is the spreadsheet's row number."""

    number: int
    focus_area_number: int | None = None
    focus_area: str = ""
    goal_code: str = ""
    goal: str = ""
    code: str = ""
    text: str = ""
    due: str = ""
    responsible: str = ""
    involvement: str = ""
    comment: str = ""
    status_word: str = ""  # as written
    # A measures.Status; a blank cell is NOT_ASSESSED, and None means there is no status column.
    status: str | None = None

    @property
    def is_measure(self) -> bool:
        return bool(self.text)


@dataclass
class ParsedFile:
    """What read_xlsx found: the rows to import and every problem, in row order."""

    filename: str = ""
    sheet: str = ""
    heading_row: int | None = None
    # column key -> (heading as written in the file, column letter)
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    hidden_rows: int = 0

    @property
    def blocking(self) -> bool:
        return has_blocking(self.problems)

    @property
    def refusal(self) -> Problem | None:
        """Why the file could not be read at all (too large, damaged, not a workbook...), or
        None. Such a file is refused at upload and never stored."""
        return next((p for p in self.problems if p.kind in UNREADABLE and p.row is None), None)

    @property
    def measure_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_measure]

    def has_column(self, key) -> bool:
        return key in self.columns

    def add(self, kind: Kind, message, *, blocking, row=None, key=None, letter=""):
        """Adds a problem on this file's sheet; `key` names the column it is about."""
        heading = ""
        if key is not None:
            heading, letter = self.columns.get(key, (heading_of(key), letter))
        self.problems.append(Problem(kind, message, blocking, self.sheet, row, heading, letter))


def match_key(text: str) -> str:
    """How measure texts are compared: case and spacing do not matter."""
    return " ".join(text.casefold().split())
