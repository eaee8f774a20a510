"""Opening the workbook within the limits: only what reading a plan needs, streamed.

openpyxl's load_workbook reads more than a plan needs, and some of it all at once: every shared
string into a list through a tree that keeps each string's element (11 million empty strings
took 1 GB and two minutes), the whole stylesheet into objects (13 s for 64,000 styles), chart
sheets with their drawings, and each sheet once more just to find its size. Here the content
types, the workbook and its relationships are read as openpyxl reads them, through the Archive
(limits.py), which lets a part be read whole only when it is small; the shared strings and the
date styles are streamed through expat, keeping only the strings and which styles are dates;
the sheets are listed, to be streamed by reading.py.
"""

import pyexpat
from contextlib import suppress
from dataclasses import dataclass, field

from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

from .limits import CHUNK, MAIN_NS, TextBudget

SI = f"{MAIN_NS}}}si"
NUM_FMTS, NUM_FMT, CELL_XFS, XF = (
    f"{MAIN_NS}}}{name}" for name in ("numFmts", "numFmt", "cellXfs", "xf")
)


@dataclass
class Sheet:
    title: str
    state: str  # "visible", "hidden" or "veryHidden"
    path: str  # its part in the zip


@dataclass
class Book:
    archive: object  # limits.Archive
    epoch: object  # the workbook's date system: openpyxl.utils.datetime.WINDOWS_EPOCH or MAC's
    sheets: list[Sheet]
    shared_strings: list[str] = field(repr=False)
    date_formats: set[int] = field(default_factory=set)  # cell style ids that hold dates
    timedelta_formats: set[int] = field(default_factory=set)


def open_workbook(archive) -> Book:
    """The workbook in `archive` (a limits.Archive). openpyxl's errors and limits.Refused
    propagate."""
    package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    parser = WorkbookParser(archive, _find_workbook_part(package).PartName[1:], keep_links=False)
    parser.parse()
    names = set(archive.namelist())
    sheets, paths = [], set()
    for sheet, rel in parser.find_sheets():
        # Chart sheets hold no rows; a part listed twice is read once.
        if rel.target in names and "chartsheet" not in rel.Type and rel.target not in paths:
            paths.add(rel.target)
            sheets.append(Sheet(sheet.name, sheet.state or "visible", rel.target))
    strings = []
    if (part := package.find(SHARED_STRINGS)) is not None:
        with archive.stream(part.PartName[1:]) as source:
            strings = read_shared_strings(source)
    book = Book(archive, parser.wb.epoch, sheets, strings)
    if ARC_STYLE in names:
        with archive.stream(ARC_STYLE) as source:
            book.date_formats, book.timedelta_formats = read_date_styles(source)
    return book


def _parse(source, handler):
    """Streams `source` through expat, calling the handler's start, end and characters."""
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    if hasattr(handler, "characters"):
        parser.CharacterDataHandler = handler.characters
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return handler


def read_shared_strings(source) -> list[str]:
    """The shared strings as openpyxl reads them: each <si>'s text and its rich-text runs'
    text (not phonetic runs), children matched by local name. Only the strings are kept."""
    return _parse(source, _SharedStrings()).strings


class _SharedStrings:
    def __init__(self):
        self.strings, self.budget = [], TextBudget()
        self.depth = 0
        self.si = None  # depth of the open <si>
        self.child = ""  # local name of the <si>'s child being read
        self.text = None  # where the text being read goes, if it is a string's
        self.plain, self.runs = [], []

    def start(self, name, _attributes):
        self.depth += 1
        if self.si is None:
            if name == SI:
                self.si, self.plain, self.runs = self.depth, [], []
            return
        local = name.rpartition("}")[2]
        self.text = None  # text after a child element is not the parent's (as in a tree)
        if self.depth == self.si + 1:
            self.child = local
            if local == "t":
                self.plain = self.text = []  # the last <t> wins, as in openpyxl
            elif local == "r":
                self.runs.append([])
        elif self.depth == self.si + 2 and self.child == "r" and local == "t":
            self.runs[-1] = self.text = []

    def end(self, _name):
        if self.depth == self.si:
            text = "".join(self.plain) + "".join("".join(run) for run in self.runs)
            text = text.replace("x005F_", "")  # as openpyxl does
            self.budget.add(text)
            self.strings.append(text)
            self.si = None
        self.depth -= 1
        self.text = None

    def characters(self, data):
        if self.text is not None:
            self.text.append(data)


def read_date_styles(source) -> tuple[set[int], set[int]]:
    """Which cell styles (by index in cellXfs) format dates and durations, as openpyxl finds
    them; nothing else of the stylesheet is needed to read the values."""
    styles = _parse(source, _DateStyles())
    dates, durations = set(), set()
    for index, number_format in enumerate(styles.xfs):
        if number_format in styles.custom:
            code = styles.custom[number_format]
        else:
            code = BUILTIN_FORMATS.get(number_format)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


class _DateStyles:
    def __init__(self):
        self.custom = {}  # numFmtId -> formatCode, from <numFmts>
        self.xfs = []  # the numFmtId of each cell style, from <cellXfs>
        self.path = []

    def start(self, name, attributes):
        self.path.append(name)
        if len(self.path) != 3:
            return
        if self.path[1:] == [NUM_FMTS, NUM_FMT]:
            with suppress(ValueError):
                self.custom[int(attributes.get("numFmtId", ""))] = attributes.get("formatCode")
        elif self.path[1:] == [CELL_XFS, XF]:
            try:
                self.xfs.append(int(attributes.get("numFmtId", 0)))
            except ValueError:
                self.xfs.append(0)

    def end(self, _name):
        self.path.pop()
