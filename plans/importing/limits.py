"""How much an import file may hold, checked while its members stream past, before any parsing.

A 10 MB .xlsx is a zip that can unpack to gigabytes, and a small XML part can hold millions of
elements, each costing openpyxl time and memory. So Archive streams every member of the zip
once, in chunks, before the workbook is opened: it counts the unpacked bytes (the size in the
zip's headers may lie) and runs the XML through expat, counting elements as they go by. The
first limit passed stops the stream: the file is refused as too large. A DTD (entity expansion,
external entities: no real workbook has one) or a member that does not unpack is refused as
damaged. Later reads go through Archive too, and each is checked against what was counted:
a part read whole (openpyxl builds a tree of it) must be small, and so must every tree openpyxl
builds while streaming a sheet.

The limits are generous for a plan of up to 20,000 rows (reading.MAX_ROWS) of ten columns:
written as Excel writes it, its sheet has about 420,000 elements and its shared strings one
string per distinct text; written as openpyxl and our export write it (texts inline), the sheet
has about 620,000 elements. A 10 MB file of 20,000 such rows unpacks to 25 to 40 MB. And they
are tight enough that whatever they let through is read within 10 s and 300 MB
(bench/import_hostile.py shows both).
"""

import pyexpat
import sys
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .problems import Kind, Problem

MIB = 2**20
# An .xlsx has a dozen members, and three or four more per sheet, chart or picture.
MAX_MEMBERS = 1_000
# Three times the largest sheet a real 20,000-row file unpacks to, and twice that for the file.
MAX_PART_BYTES = 64 * MIB
MAX_UNPACKED_BYTES = 128 * MIB
# Elements cost openpyxl 1 to 5 µs each: 1.5 million in one part is well over twice a 20,000-row
# sheet, and 2.5 million in the whole file leaves room for its shared strings.
MAX_PART_ELEMENTS = 1_500_000
MAX_ELEMENTS = 2_500_000
# A tree openpyxl builds whole: a part read at once (the workbook, content types,
# relationships) and what a sheet holds besides its rows (columns, merged cells, validations).
# Such trees cost up to 50 µs and 1 KB an element once parsed; real ones have hundreds of
# elements and kilobytes. A row is a tree too, of 16,384 cells at most.
MAX_TREE_ELEMENTS = 20_000
MAX_ROW_ELEMENTS = 50_000
MAX_TREE_BYTES = 8 * MIB
# Rows of a sheet, empty ones included: five times MAX_ROWS.
MAX_SHEET_ROWS = 100_000
# One per distinct text: 20,000 rows of ten columns have at most 200,000.
MAX_SHARED_STRINGS = 300_000
# The memory the texts read from the file may take, once as shared strings and once as rows
# (sys.getsizeof: a character takes 1 byte, 2 in a text with a dash or curly quote, 4 with an
# emoji). 20,000 rows as wordy as the demo's longest plan (1,228 characters a row) take 25-50
# MB. The stored parse and its loading take two or three times this, so 64 MB keeps the whole
# upload under 300 MB.
MAX_TEXT_BYTES = 64 * MIB

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW = f"{MAIN_NS}}}row"  # expat's names are "namespace}local" with this separator
SHARED_STRING = f"{MAIN_NS}}}si"
CHUNK = 64 * 1024


class Refused(Exception):
    """The file cannot be read: `problem` says why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def damaged_problem():
    return Problem(
        Kind.DAMAGED,
        _(
            "The file is damaged and cannot be read. Open it in Excel and save it again, "
            "or export it again."
        ),
        True,
    )


def thousands(value: int) -> str:
    """20000 as "20 000", as Norwegian writes it (and a space is clear in English too)."""
    return f"{value:,}".replace(",", " ")


def unpacks_too_large():
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _(
                "The workbook unpacks to more than %(limit)s MB, far more than a plan needs. "
                "It cannot be imported."
            )
            % {"limit": MAX_UNPACKED_BYTES // MIB},
            True,
        )
    )


def holds_too_much(part):
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _(
                "The workbook holds far more than a plan needs (in its part “%(part)s”). Copy "
                "the plan's rows into a new workbook and import that."
            )
            % {"part": part},
            True,
        )
    )


def too_many_rows(part):
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _(
                "A sheet of the workbook (“%(part)s”) has more than %(limit)s rows, empty ones "
                "included. Delete the empty rows below the plan, or copy the plan's rows into a "
                "new workbook and import that."
            )
            % {"part": part, "limit": thousands(MAX_SHEET_ROWS)},
            True,
        )
    )


def too_much_text():
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _("The workbook holds far more text than a plan needs. Split it into smaller files."),
            True,
        )
    )


class TextBudget:
    """Counts the memory of the texts kept, refusing the file past MAX_TEXT_BYTES."""

    EMPTY = sys.getsizeof("")

    def __init__(self):
        self.used = 0

    def add(self, text: str):
        self.used += sys.getsizeof(text) - self.EMPTY
        if self.used > MAX_TEXT_BYTES:
            raise too_much_text()


def too_many_strings():
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _(
                "The workbook holds more than %(limit)s different texts, far more than a plan "
                "needs. Copy the plan's rows into a new workbook and import that."
            )
            % {"limit": thousands(MAX_SHARED_STRINGS)},
            True,
        )
    )


def check_members(archive: zipfile.ZipFile):
    """Refuses a zip whose headers declare too many members or too many bytes, before any
    member is unpacked."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise holds_too_much_members()
    if any(m.file_size > MAX_PART_BYTES for m in members):
        raise unpacks_too_large()
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise unpacks_too_large()


def holds_too_much_members():
    return Refused(
        Problem(
            Kind.TOO_LARGE,
            _(
                "The workbook holds more than %(limit)s files inside, far more than a plan "
                "needs. Copy the plan's rows into a new workbook and import that."
            )
            % {"limit": thousands(MAX_MEMBERS)},
            True,
        )
    )


def read_head(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most the first `limit` bytes of a member, unpacking no more than that."""
    try:
        with archive.open(name) as member:
            return member.read(limit)
    except KeyError:
        return b""


@dataclass(slots=True)
class Part:
    """What streaming a member found."""

    size: int = 0  # unpacked bytes
    elements: int = 0
    rows: int = 0  # main-namespace rows, not counting rows inside rows
    outside_rows: int = 0  # elements outside any row: a tree, when read as a sheet
    largest_row: int = 0  # elements in the largest row
    row_bytes: int = 0  # bytes of all rows
    largest_row_bytes: int = 0
    strings: int = 0  # shared strings (si)

    @property
    def outside_row_bytes(self) -> int:
        return self.size - self.row_bytes


class _Scan:
    """Counts a member's elements as expat parses it, refusing a DTD and any limit passed."""

    def __init__(self, name, part, counted):
        self.name, self.part, self.counted = name, part, counted
        self.depth, self.row_depth, self.row_elements, self.row_start = 0, None, 0, 0
        self.parser = pyexpat.ParserCreate(namespace_separator="}")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.well_formed = True

    def feed(self, chunk, final=False):
        if not self.well_formed:
            return
        try:
            self.parser.Parse(chunk, final)
        except pyexpat.ExpatError:
            # Not XML, or broken: openpyxl stops at the same place, so what was counted holds.
            self.well_formed = False

    def start(self, name, _attributes):
        part = self.part
        part.elements += 1
        self.counted.elements += 1
        if part.elements > MAX_PART_ELEMENTS:
            raise holds_too_much(self.name)
        if self.counted.elements > MAX_ELEMENTS:
            raise holds_too_much(self.name)
        if self.row_depth is not None:
            self.row_elements += 1
            part.largest_row = max(part.largest_row, self.row_elements)
        elif name == ROW:
            self.row_depth, self.row_elements = self.depth, 1
            self.row_start = self.parser.CurrentByteIndex
            part.rows += 1
            part.largest_row = max(part.largest_row, 1)
        else:
            part.outside_rows += 1
        if name == SHARED_STRING:
            part.strings += 1
            self.counted.strings += 1
            if self.counted.strings > MAX_SHARED_STRINGS:
                raise too_many_strings()
        self.depth += 1

    def end(self, _name):
        self.depth -= 1
        if self.row_depth == self.depth:
            self.row_depth = None
            size = self.parser.CurrentByteIndex - self.row_start
            self.part.row_bytes += size
            self.part.largest_row_bytes = max(self.part.largest_row_bytes, size)

    def doctype(self, *_args):
        raise Refused(damaged_problem())


class Archive(zipfile.ZipFile):
    """The workbook's zip, every member streamed and counted when it is opened (see the module
    docstring). Raises Refused when the file passes a limit or is damaged."""

    def __init__(self, stream):
        try:
            super().__init__(stream)
            check_members(self)
            self.elements, self.strings, self.unpacked = 0, 0, 0
            self.parts = {info.filename: self._scan(info) for info in self.infolist()}
        except Refused:
            self.close()
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
            self.close()
            raise Refused(damaged_problem()) from error

    def _scan(self, info) -> Part:
        part = Part()
        scan = _Scan(info.filename, part, self)
        with super().open(info) as member:
            while chunk := member.read(CHUNK):
                part.size += len(chunk)
                self.unpacked += len(chunk)
                if part.size > MAX_PART_BYTES or self.unpacked > MAX_UNPACKED_BYTES:
                    raise unpacks_too_large()
                scan.feed(chunk)
        scan.feed(b"", final=True)
        return part

    def read(self, name, pwd=None):
        """A member read whole, for openpyxl to build a tree of: only a small one."""
        filename = getattr(name, "filename", name)
        part = self.parts[filename]
        if part.elements > MAX_TREE_ELEMENTS or part.size > MAX_TREE_BYTES:
            raise holds_too_much(filename)
        with self.stream(name) as member:
            return member.read()

    def open(self, name, mode="r", pwd=None, **kwargs):
        """A member streamed as a sheet: openpyxl keeps everything outside its rows as a tree,
        and each row while it is parsed."""
        if mode != "r":
            raise ValueError("The archive is read-only.")
        filename = getattr(name, "filename", name)
        part = self.parts[filename]
        if (
            part.outside_rows > MAX_TREE_ELEMENTS
            or part.largest_row > MAX_ROW_ELEMENTS
            or max(part.outside_row_bytes, part.largest_row_bytes) > MAX_TREE_BYTES
        ):
            raise holds_too_much(filename)
        if part.rows > MAX_SHEET_ROWS:
            raise too_many_rows(filename)
        return self.stream(name)

    def stream(self, name):
        """A member streamed by a reader that keeps no tree (shared strings, styles)."""
        filename = getattr(name, "filename", name)
        return _Bounded(super().open(name), self.parts[filename].size)


class _Bounded:
    """A member's stream that cannot give more bytes than were counted when it was scanned."""

    def __init__(self, member, size):
        self.member, self.left = member, size

    def read(self, size=-1):
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        data = self.member.read(size)
        self.left -= len(data)
        if self.left < 0:  # the same bytes unpacked differently: never, but never read past
            raise Refused(damaged_problem())
        return data

    def close(self):
        self.member.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
