"""What reading an import file gives: its rows, cleaned, and every problem found.

dumps() and loads() are its stored form: the file is read once, at upload, and the preview and
the confirmation use what was stored (ImportUpload.parsed), never the file again. It is JSON
lines, compressed: a header, then a line per row and per problem, each a list in the order of
the fields the header names. Written and read a line at a time, storing or loading a parse
holds no second copy of its text beside the compressed one.
"""

import json
import zlib
from dataclasses import dataclass, field, fields

from measures.status import Status

from .problems import UNREADABLE, Kind, Problem, has_blocking
from .vocabulary import heading_of

FORMAT = 1


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


ROW_FIELDS = [f.name for f in fields(Row)]
PROBLEM_FIELDS = [f.name for f in fields(Problem)]


def dumps(parsed: ParsedFile) -> bytes:
    """The stored form of `parsed` (see the module docstring)."""
    compressor = zlib.compressobj()
    chunks = []

    def line(value):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        chunks.append(compressor.compress(text.encode() + b"\n"))

    line(
        {
            "format": FORMAT,
            "filename": parsed.filename,
            "sheet": parsed.sheet,
            "heading_row": parsed.heading_row,
            "columns": parsed.columns,
            "hidden_rows": parsed.hidden_rows,
            "row_fields": ROW_FIELDS,
            "rows": len(parsed.rows),
            "problem_fields": PROBLEM_FIELDS,
            "problems": len(parsed.problems),
        }
    )
    for row in parsed.rows:
        line([getattr(row, name) for name in ROW_FIELDS])
    for problem in parsed.problems:
        line([getattr(problem, name) for name in PROBLEM_FIELDS])
    chunks.append(compressor.flush())
    return b"".join(chunks)


def loads(data: bytes) -> ParsedFile:
    """The ParsedFile stored by dumps(). Raises ValueError for anything else."""
    try:
        lines = _lines(data)
        header = json.loads(next(lines))
        if header.get("format") != FORMAT:
            raise ValueError("Not a stored import file.")
        rows = []
        for _ in range(header["rows"]):
            row = Row(**dict(zip(header["row_fields"], json.loads(next(lines)), strict=True)))
            if row.status is not None:
                row.status = Status(row.status)
            rows.append(row)
        problems = []
        for _ in range(header["problems"]):
            values = dict(zip(header["problem_fields"], json.loads(next(lines)), strict=True))
            problems.append(Problem(**{**values, "kind": Kind(values["kind"])}))
    except (zlib.error, StopIteration, KeyError, TypeError, AttributeError) as error:
        raise ValueError("Not a stored import file.") from error
    return ParsedFile(
        filename=header["filename"],
        sheet=header["sheet"],
        heading_row=header["heading_row"],
        columns={key: tuple(value) for key, value in header["columns"].items()},
        rows=rows,
        problems=problems,
        hidden_rows=header["hidden_rows"],
    )


def _lines(data):
    """The lines of the compressed `data`, unpacked a piece at a time."""
    decompressor = zlib.decompressobj()
    pending = b""
    for start in range(0, len(data), 64 * 1024):
        *complete, pending = (
            pending + decompressor.decompress(data[start : start + 64 * 1024])
        ).split(b"\n")
        yield from complete
    if rest := pending + decompressor.flush():
        yield rest
