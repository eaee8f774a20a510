"""Hostile import files: each refused or previewed within 10 s and 300 MB peak memory.

Builds the files itself in a temporary directory, then reads each one in a fresh Python process
the way an upload is read and previewed: read_xlsx, build_preview, the parse stored
(parsed.dumps), then loaded again and previewed (as the preview page does). Prints per file:

- reading: those steps, timed inside the process;
- process: the wall time of the whole process, Python and Django starting included;
- CPU: the process's user and system time, which other load on the machine does not inflate;
- peak RSS: the process's peak resident memory (VmHWM), Django and openpyxl included (the
  "small real file" row is that floor).

The files:

- Content_Types bomb: a 1 MB .xlsx whose [Content_Types].xml unpacks to 1 GiB;
- 11M shared strings: 11 million unused entries in the sharedStrings part (55 MB unpacked);
- 10 MB of real rows: 20,000 rows of varied text just under the 10 MB upload limit, as Excel
  writes them (texts in shared strings) and as openpyxl and our export do (texts inline);
- the other shapes the limits stop: millions of empty cells, a zip header that understates its
  member's size, entity expansion (billion laughs), thousands of overlapping merged ranges, a
  zip of 100,000 members.

    python bench/import_hostile.py [--only NAME] [--code DIR] [--timeout 300]

--code runs the reader of another checkout (e.g. the code before the limits) on the same files.
"""

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIB = 2**30
HEADER = ["Satsingsområde", "Målkode", "Mål", "Tiltakskode", "Tiltak", "Tid", "Ansvar"]
HEADER += ["Involvering", "Kommentar", "Status"]


# Building the files -----------------------------------------------------------------------

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>'
    "</Types>"
)
STATIC_PARTS = {
    "_rels/.rels": f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Tiltak" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_REL}"><Relationship '
    f'Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
SMALL = [
    HEADER,
    ["1. Næring", "1.1", "Mål", "1.1.1", "Tiltak ein", "2027", "IPR", "", "", "Grøn"],
    ["1. Næring", "1.1", "Mål", "1.1.2", "Tiltak to", "2027", "IPR", "", "", "Gul"],
]


def excel_parts(rows, *, sheet_end=""):
    """The parts of a workbook as Excel writes it (texts in the shared strings): name -> str.
    `sheet_end` goes after the sheet's data (merged cells, say)."""
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter

    index = {}
    sheet = [f'<worksheet xmlns="{NS}"><sheetData>']
    for number, values in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{get_column_letter(column)}{number}" t="s">'
            f"<v>{index.setdefault(value, len(index))}</v></c>"
            for column, value in enumerate(values, 1)
            if value
        )
        sheet.append(f'<row r="{number}">{cells}</row>')
    sheet.append(f"</sheetData>{sheet_end}</worksheet>")
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in index)
    return {
        "[Content_Types].xml": TYPES,
        **STATIC_PARTS,
        "xl/worksheets/sheet1.xml": "".join(sheet),
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}">{strings}</sst>',
    }


def write_zip(path, parts):
    """parts: name -> str, or a function writing the member to a binary stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if callable(content):
                with archive.open(name, "w") as stream:
                    content(stream)
            else:
                archive.writestr(name, content)


def repeated(head: str, chunk: bytes, times: int, tail: str):
    """A member writer: head, `times` copies of chunk (in batches), tail."""
    batch = 10_000 if len(chunk) < 1000 else 1

    def write(stream):
        stream.write(head.encode())
        for _ in range(times // batch):
            stream.write(chunk * batch)
        stream.write(chunk * (times % batch))
        stream.write(tail.encode())

    return write


def small_file(path):
    write_zip(path, excel_parts(SMALL))


def content_types_bomb(path):
    """A valid workbook whose [Content_Types].xml ends in a 1 GiB comment."""
    parts = excel_parts(SMALL)
    parts["[Content_Types].xml"] = repeated(TYPES + "<!--", b" " * 2**20, GIB // 2**20, "-->")
    write_zip(path, parts)


def shared_strings_bomb(path, unused=11_000_000):
    """A valid workbook whose shared strings end in 11 million unused entries."""
    parts = excel_parts(SMALL)
    strings = parts["xl/sharedStrings.xml"].removesuffix("</sst>")
    parts["xl/sharedStrings.xml"] = repeated(strings, b"<si/>", unused, "</sst>")
    write_zip(path, parts)


def words(rng, vocabulary, length):
    out, size = [], 0
    while size < length:
        word = rng.choice(vocabulary)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def plan_rows(chars, rows=20_000):
    """A heading and `rows` measures of varied text, about `chars` characters of measure text
    each (a third of that in involvement and comment)."""
    rng = random.Random(2027)
    letters = "abcdefghijklmnoprstuvyæøå"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 11))) for _ in range(20_000)]
    statuses = ["Grøn", "Gul", "Raud", "Ikkje vurdert"]
    yield HEADER
    for n in range(rows):
        area, goal = n // 2000 + 1, n // 100 + 1
        yield [
            f"{area}. Satsingsområde {area}",
            f"{area}.{goal}",
            f"Mål {goal}: " + words(rng, vocabulary, 80),
            f"{area}.{goal}.{n}",
            words(rng, vocabulary, chars),
            str(2026 + n % 5),
            words(rng, vocabulary, 30),
            words(rng, vocabulary, chars // 3),
            words(rng, vocabulary, chars // 3),
            statuses[n % 4],
        ]


def sized(path, build, limit=10 * 2**20):
    """Builds with `build(path, chars)`, adjusting chars until the file is just under `limit`."""
    chars, size = 600, None
    while size is None or not 0.95 * limit < size < limit:
        if size is not None:
            chars = int(chars * (0.975 * limit / size) ** 1.1)
        build(path, chars)
        size = path.stat().st_size


def real_rows(path):
    """20,000 rows as Excel writes them, just under the upload limit."""
    sized(path, lambda path, chars: write_zip(path, excel_parts(plan_rows(chars))))


def real_rows_inline(path):
    """20,000 rows as openpyxl (and so our export) writes them: texts inline in the sheet."""
    from openpyxl import Workbook

    def build(path, chars):
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Tiltak")
        for row in plan_rows(chars):
            sheet.append(row)
        book.save(path)

    sized(path, build)


def empty_cells(path, cells=5_000_000):
    """A plan's heading and rows, then millions of empty cells below them."""
    parts = excel_parts(SMALL)
    head, tail = parts["xl/worksheets/sheet1.xml"].split("</sheetData>")
    row = b"<row>" + b"<c/>" * 100 + b"</row>"
    parts["xl/worksheets/sheet1.xml"] = repeated(head, row, cells // 100, "</sheetData>" + tail)
    write_zip(path, parts)


def lying_header(path, actual=512 * 2**20):
    """The sheet's zip headers declare 1 KiB; its data unpacks to 512 MiB."""
    parts = excel_parts(SMALL)
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = repeated(f'<worksheet xmlns="{NS}">', b" " * 2**20, actual >> 20, "</worksheet>")
    write_zip(path, parts)
    data = bytearray(path.read_bytes())
    # (signature, offset of the unpacked size, of the name's length, of the name)
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + length_at)[0]
            if data[at + name_at : at + name_at + length] == sheet.encode():
                struct.pack_into("<I", data, at + size_at, 1024)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def billion_laughs(path):
    """Nested entities in the shared strings that expand to 2 GB of text."""
    parts = excel_parts(SMALL)
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    strings = parts["xl/sharedStrings.xml"].removesuffix("</sst>")
    parts["xl/sharedStrings.xml"] = (
        f"<!DOCTYPE sst [{entities}]>{strings}<si><t>&a9;</t></si></sst>"
    )
    write_zip(path, parts)


def overlapping_merges(path, ranges=19_000):
    """2,000 rows, and thousands of merged ranges each spanning the whole sheet."""
    rows = [HEADER] + [["1. Næring", "1.1", "Mål", f"1.1.{n}", f"Tiltak {n}"] for n in range(2000)]
    merges = '<mergeCell ref="A3:J1048576"/>' * ranges
    write_zip(path, excel_parts(rows, sheet_end=f"<mergeCells>{merges}</mergeCells>"))


def text_near_the_limit(path, rows=20_000):
    """20,000 rows whose measure texts hold an emoji, which makes Python keep each character in
    4 bytes: their text takes just under limits.MAX_TEXT_BYTES, the most memory a file may."""
    plan = [HEADER] + [
        ["1. Næring", "1.1", "Mål", f"1.1.{n}", f"{n} " + "ø" * 700 + "\U0001f600"]
        for n in range(rows)
    ]
    write_zip(path, excel_parts(plan))


def elements_near_the_limit(path, rows=20_000, columns=36):
    """20,000 rows of 36 cells: just under limits.MAX_PART_ELEMENTS, the most XML a part may
    hold, the worst the sheet parser may be asked to do."""
    extra = [f"Tal {n}" for n in range(columns - len(HEADER))]
    plan = [HEADER + extra] + [
        ["1. Næring", "1.1", "Mål", f"1.1.{n}", f"Tiltak {n}", "2027", "IPR", "", "", "Grøn"]
        + [str(c) for c in range(len(extra))]
        for n in range(rows)
    ]
    write_zip(path, excel_parts(plan))


def many_members(path, members=100_000):
    """A workbook with 100,000 empty members: a 10 MB zip of little but headers."""
    write_zip(path, {**excel_parts(SMALL), **{f"x/{n}": "" for n in range(members)}})


FILES = {
    "small real file": small_file,
    "Content_Types bomb": content_types_bomb,
    "11M shared strings": shared_strings_bomb,
    "10 MB of real rows": real_rows,
    "10 MB inline rows": real_rows_inline,
    "5M empty cells": empty_cells,
    "lying zip header": lying_header,
    "billion laughs": billion_laughs,
    "overlapping merges": overlapping_merges,
    "100,000 members": many_members,
    "text near the limit": text_near_the_limit,
    "elements near limit": elements_near_the_limit,
}


# Reading one file in a fresh process -------------------------------------------------------


def child(path, code):
    """Reads `path` as an upload is read; prints what was found as JSON."""
    sys.path.insert(0, str(code))
    os.environ["DJANGO_SETTINGS_MODULE"] = "regionplan.test_settings"
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    import django

    django.setup()
    from django.utils import translation

    from plans.importing import build_preview, read_xlsx

    translation.activate("en")
    start = time.perf_counter()
    with open(path, "rb") as stream:
        parsed = read_xlsx(stream, filename=Path(path).name)
    counts = build_preview(parsed).counts
    try:
        from plans.importing.parsed import dumps, loads  # the stored parse, once there is one
    except ImportError:
        pass
    else:
        if not parsed.refusal:  # a refused file is not stored
            stored = dumps(parsed)
            del parsed
            parsed = loads(stored)  # the preview page
            counts = build_preview(parsed).counts
    seconds = time.perf_counter() - start
    kinds = sorted({p.kind.value for p in parsed.problems if p.blocking})
    found = {"rows": counts["rows"], "blocking": kinds, "seconds": seconds, "peak": peak_kib()}
    print(json.dumps(found))


def peak_kib(pid="self"):
    """The process's peak resident memory since it started (VmHWM), in KiB. Not ru_maxrss:
    Linux counts the parent's memory at fork in a child's ru_maxrss."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    lines = [line for line in status.splitlines() if line.startswith("VmHWM:")]
    return int(lines[0].split()[1]) if lines else 0


def measure(path, code, timeout):
    """What reading `path` in a fresh process took: a dict of reading (s, None when it did not
    finish), process (wall s), cpu (s, the process's user and system time), peak (MiB) and
    outcome."""
    command = [sys.executable, __file__, "--child", str(path), "--code", str(code)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        peak, killed = 0, False
        while True:  # watch the peak, in case it has to be killed
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, peak_kib(process.pid))
            if time.perf_counter() - start > timeout and not killed:
                process.kill()
                killed = True
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        output, error = out.read().decode(), err.read().decode()
    found = {"reading": None, "process": seconds, "cpu": usage.ru_utime + usage.ru_stime}
    if killed:
        return {**found, "peak": peak / 1024, "outcome": f"killed after {timeout:.0f} s"}
    if os.waitstatus_to_exitcode(status) != 0:
        last = (error.strip().splitlines() or ["?"])[-1][:60]
        return {**found, "peak": peak / 1024, "outcome": f"crashed: {last}"}
    child = json.loads(output.strip().splitlines()[-1])
    if child["blocking"]:
        outcome = "refused: " + ", ".join(child["blocking"])
    else:
        outcome = f"previewed: {child['rows']:,} rows"
    peak = max(peak, child["peak"]) / 1024
    return {**found, "reading": child["seconds"], "peak": peak, "outcome": outcome}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="a file's name (repeatable)")
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose reader is run")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.code)
        return
    sys.path.insert(0, str(ROOT))
    names = args.only or list(FILES)
    print(
        f"{'file':<20} {'size':>8} {'reading':>8} {'process':>8} {'CPU':>8} {'peak RSS':>9}"
        "  outcome"
    )
    with tempfile.TemporaryDirectory() as workdir:
        for name in names:
            path = Path(workdir) / (name.replace(" ", "-").replace(",", "") + ".xlsx")
            FILES[name](path)
            size = path.stat().st_size
            found = measure(path, args.code, args.timeout)
            reading = "–" if found["reading"] is None else f"{found['reading']:.2f} s"
            print(
                f"{name:<20} {size / 2**20:>5.2f} MB {reading:>8} {found['process']:>6.2f} s "
                f"{found['cpu']:>6.2f} s {found['peak']:>5.0f} MiB  {found['outcome']}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
