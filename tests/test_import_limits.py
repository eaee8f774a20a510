"""Import files that would exhaust the server are refused before they cost much, and store
nothing; what a file holds is read once, at upload, and the preview and confirmation use that.

The two files of the finding (issue 13) are built here at the real limits: a [Content_Types].xml
that unpacks past MAX_PART_BYTES, and a sharedStrings part with MAX_SHARED_STRINGS + 1 unused
entries. The other limits are proven with lowered limits, to keep the tests fast.
bench/import_hostile.py times the full-size files.
"""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from openpyxl.reader.strings import read_string_table
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.xml.functions import fromstring

from measures.models import Measure
from plans.exports import write_xlsx
from plans.importing import Kind, limits, read_xlsx, reading
from plans.importing.parsed import dumps, loads
from plans.importing.workbook import read_date_styles, read_shared_strings
from plans.models import ImportUpload, Plan

pytestmark = pytest.mark.django_db
URL = "/hallingdal/importer/"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
HEADER = ["Satsingsområde", "Tiltakskode", "Tiltak", "Status"]


@pytest.fixture
def secretariat(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="hallingdal-sekretariat"))
    return client


# Building files ---------------------------------------------------------------------------


def workbook(rows=(), *, setup=None) -> bytes:
    """A valid import file: the heading row and `rows` (two measures when none are given)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    sheet.append(HEADER)
    for row in rows or [["1. Næring", "1.1.1", "Tiltak ein", "Grøn"], ["1. Næring", "", "To", ""]]:
        sheet.append(row)
    if setup:
        setup(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict) -> bytes:
    """`data` with members replaced or added: name -> bytes, or a function writing the member
    to a stream (for members too large to hold)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist() + [name for name in parts if name not in source.namelist()]
        for name in names:
            content = parts[name] if name in parts else source.read(name)
            if callable(content):
                with target.open(name, "w") as stream:
                    content(stream)
            else:
                target.writestr(name, content)
    return out.getvalue()


def with_shared_strings(data: bytes, strings: bytes) -> bytes:
    """`data` with a sharedStrings part of `strings` (<si> elements) that no cell uses."""
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
    types = types.replace(b"</Types>", override.encode() + b"</Types>")
    sst = f'<sst xmlns="{MAIN}">'.encode() + strings + b"</sst>"
    return with_parts(data, {"[Content_Types].xml": types, "xl/sharedStrings.xml": sst})


def content_types_unpacking_past_the_limit() -> bytes:
    """A valid workbook whose [Content_Types].xml ends in a comment of MAX_PART_BYTES spaces."""
    data = workbook()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")

    def write(stream):
        stream.write(types + b"<!--")
        for _ in range(limits.MAX_PART_BYTES // 2**20):
            stream.write(b" " * 2**20)
        stream.write(b"-->")

    return with_parts(data, {"[Content_Types].xml": write})


def unused_shared_strings(count) -> bytes:
    return with_shared_strings(workbook(), b"<si/>" * count)


def understated(data: bytes, name: str, declared: int) -> bytes:
    """`data` with the unpacked size of member `name` in its zip headers set to `declared`."""
    data = bytearray(data)
    # (signature, offset of the unpacked size, of the name's length, of the name)
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", data, at + length_at)[0]
            if data[at + name_at : at + name_at + length] == name.encode():
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    return bytes(data)


def upload_form(content, name="plan.xlsx"):
    return {
        "mode": "new",
        "title": "Regionplan 2027–2030",
        "kind": "regionplan",
        "first_year": 2027,
        "last_year": 2030,
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    }


def counts():
    return (ImportUpload.objects.count(), Plan.objects.count(), Measure.all_objects.count())


def refused(data, kind):
    """The file read directly is refused whole with a problem of `kind`; its message."""
    with translation.override("en"):
        parsed = read_xlsx(io.BytesIO(data), filename="plan.xlsx")
    assert [p.kind for p in parsed.problems] == [kind]
    assert parsed.rows == [] and parsed.refusal == parsed.problems[0]
    return parsed.problems[0].message


def assert_refused_at_upload(client, data, message_words):
    """Uploading the file answers with the form and the problem, and writes nothing."""
    before = counts()
    response = client.post(URL, upload_form(data))
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors == [response.context["form"].parsed.refusal.message]
    assert errors[0] in response.content.decode().replace("&#x27;", "'")
    with translation.override("en"):
        english = read_xlsx(io.BytesIO(data)).refusal.message
    assert all(word in english for word in message_words)
    assert counts() == before


# The finding: a Content_Types bomb and millions of unused shared strings ------------------


def test_a_content_types_part_unpacking_past_the_limit_is_refused_before_it_is_read(
    secretariat, monkeypatch
):
    data = content_types_unpacking_past_the_limit()
    assert len(data) < 200_000
    unpacked = []
    real_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        chunk = real_read(self, n)
        unpacked.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    message = refused(data, Kind.TOO_LARGE)
    assert "unpacks to more than 128 MB" in message
    assert sum(unpacked) == 0  # refused by the zip's headers, before unpacking anything
    assert_refused_at_upload(secretariat, data, ["unpacks", "MB"])


def test_a_content_types_part_whose_headers_understate_its_size_is_refused_as_damaged(
    secretariat,
):
    """The headers say a few hundred bytes; unpacking stops there, and the check of the
    unpacked data fails."""
    data = content_types_unpacking_past_the_limit()
    types = zipfile.ZipFile(io.BytesIO(workbook())).getinfo("[Content_Types].xml")
    lying = understated(data, "[Content_Types].xml", types.file_size)
    refused(lying, Kind.DAMAGED)
    assert_refused_at_upload(secretariat, lying, ["damaged"])


def test_shared_strings_past_the_limit_are_refused_while_they_are_counted(secretariat):
    data = unused_shared_strings(limits.MAX_SHARED_STRINGS + 1)
    assert len(data) < 100_000
    message = refused(data, Kind.TOO_LARGE)
    assert "more than 300 000 different texts" in message
    assert_refused_at_upload(secretariat, data, ["300 000", "texts"])


def test_pictures_printer_settings_and_loose_drawing_markup_are_no_reason_to_refuse():
    data = with_parts(
        workbook(),
        {
            "xl/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
            "xl/printerSettings/printerSettings1.bin": b"H\x00P\x00" + b"\x00" * 2000,
            # Excel's VML for comments is not well-formed XML (<br> is never closed)
            "xl/drawings/vmlDrawing1.vml": b"<xml><v:shape><br></v:shape></xml>",
        },
    )
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking and len(parsed.rows) == 2


def test_unused_shared_strings_up_to_the_limit_are_read():
    data = unused_shared_strings(1000)
    parsed = read_xlsx(io.BytesIO(data))
    assert not parsed.blocking and len(parsed.rows) == 2


# The other limits -------------------------------------------------------------------------


def test_a_part_with_more_elements_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_ELEMENTS", 500)
    many = workbook([["1. Næring", f"1.1.{n}", f"Tiltak {n}", ""] for n in range(200)])
    assert "xl/worksheets/sheet1.xml" in refused(many, Kind.TOO_LARGE)
    assert not read_xlsx(io.BytesIO(workbook())).blocking


def test_a_sheet_with_more_rows_than_the_limit_empty_ones_included_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 50)

    def empty_formatted_rows(sheet):
        for number in range(10, 70):
            sheet.row_dimensions[number].height = 30

    message = refused(workbook(setup=empty_formatted_rows), Kind.TOO_LARGE)
    assert "more than 50 rows, empty ones included" in message


def test_a_large_tree_outside_the_rows_of_a_sheet_is_refused(monkeypatch):
    """openpyxl keeps what a sheet holds besides its rows as a tree: merged cells here."""
    monkeypatch.setattr(limits, "MAX_TREE_ELEMENTS", 100)

    def merges(sheet):
        for number in range(200):
            sheet.merge_cells(f"E{number + 5}:F{number + 5}")

    refused(workbook(setup=merges), Kind.TOO_LARGE)


def test_a_part_read_whole_must_be_small(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TREE_ELEMENTS", 5)  # [Content_Types].xml has more
    assert "[Content_Types].xml" in refused(workbook(), Kind.TOO_LARGE)


def test_more_text_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 20_000)
    rows = [["1. Næring", f"1.1.{n}", "Eit langt tiltak " * 60, ""] for n in range(30)]
    assert "far more text" in refused(workbook(rows), Kind.TOO_LARGE)
    strings = b"".join(b"<si><t>" + b"x" * 1000 + b"</t></si>" for _ in range(30))
    refused(with_shared_strings(workbook(), strings), Kind.TOO_LARGE)


def test_a_zip_of_more_members_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_MEMBERS", 20)
    data = with_parts(workbook(), {f"extra/{n}.txt": b"" for n in range(20)})
    assert "files inside" in refused(data, Kind.TOO_LARGE)


def test_overlapping_merged_ranges_are_refused_as_damaged(monkeypatch):
    """Excel never writes overlapping merges; thousands over the whole sheet once took minutes
    to fill in."""
    monkeypatch.setattr(reading, "MAX_MERGED_CELLS", 1000)
    rows = [["1. Næring", f"1.1.{n}", f"Tiltak {n}", ""] for n in range(300)]

    def overlapping(sheet):
        for _ in range(10):
            sheet.merged_cells.add("A2:D301")

    refused(workbook(rows, setup=overlapping), Kind.DAMAGED)


@pytest.mark.parametrize(
    ("doctype", "entity"),
    [
        # billion laughs: entities nested nine deep expand to 2 GB
        (
            '<!DOCTYPE sst [<!ENTITY a0 "ha">'
            + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
            + "]>",
            "&a9;",
        ),
        # XXE: an external entity would read a file of the server
        ('<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    ],
    ids=["billion laughs", "external entity"],
)
def test_a_document_type_declaration_is_refused_as_damaged(doctype, entity):
    sst = f'{doctype}<sst xmlns="{MAIN}"><si><t>{entity}</t></si></sst>'
    data = with_parts(with_shared_strings(workbook(), b""), {"xl/sharedStrings.xml": sst.encode()})
    refused(data, Kind.DAMAGED)


# Readers that replace openpyxl's ------------------------------------------------------------


def test_shared_strings_read_as_openpyxl_reads_them():
    strings = (
        "<si><t>Plain</t></si>"
        '<si><t xml:space="preserve">  spaced  \n line </t></si>'
        '<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and not</t></r></si>'
        '<si><t>Kanji</t><rPh sb="0" eb="1"><t>phonetic, left out</t></rPh></si>'
        "<si><t/></si><si/>"
        "<si><t>a_x005F_x000D_b &amp; &lt;c&gt; æøå</t></si>"
        "<si><t>first</t><t>last wins</t></si>"
    )
    xml = f'<sst xmlns="{MAIN}">{strings}</sst>'.encode()
    ours = read_shared_strings(io.BytesIO(xml))
    assert ours == read_string_table(io.BytesIO(xml))
    assert ours[2] == "Bold and not" and ours[3] == "Kanji"


def test_date_styles_found_as_openpyxl_finds_them():
    def dates(sheet):
        formats = ["dd.mm.yyyy", "0.00", "[h]:mm", "yyyy", "General", "mmm yy", "hh:mm"]
        for column, number_format in enumerate(formats, start=5):
            sheet.cell(row=2, column=column, value=1.5).number_format = number_format

    styles = zipfile.ZipFile(io.BytesIO(workbook(setup=dates))).read("xl/styles.xml")
    stylesheet = Stylesheet.from_tree(fromstring(styles))
    ours = read_date_styles(io.BytesIO(styles))
    assert ours == (stylesheet.date_formats, stylesheet.timedelta_formats)
    assert ours[0] and ours[1]


def test_dates_and_inline_texts_read_as_before():
    import datetime as dt

    def cells(sheet):
        sheet["E2"] = dt.date(2027, 6, 30)
        sheet["E2"].number_format = "dd.mm.yyyy"

    header = ["Satsingsområde", "Tiltakskode", "Tiltak", "Status", "Tid"]
    rows = [["1. Næring", "1.1.1", "Tiltak ein", "Grøn"]]

    def with_header(sheet):
        for column, text in enumerate(header, start=1):
            sheet.cell(row=1, column=column, value=text)
        cells(sheet)

    parsed = read_xlsx(io.BytesIO(workbook(rows, setup=with_header)))
    assert parsed.rows[0].due == "30.06.2027" and parsed.rows[0].text == "Tiltak ein"


# Read once, at upload -----------------------------------------------------------------------


def exported(plan) -> bytes:
    stream = io.BytesIO()
    write_xlsx(plan, stream)
    return stream.getvalue()


def test_the_stored_parse_reads_back_exactly(hallingdal_plan):
    parsed = read_xlsx(io.BytesIO(exported(hallingdal_plan)), filename="plan.xlsx")
    assert parsed.rows and parsed.problems  # warnings too
    assert loads(dumps(parsed)) == parsed
    assert type(loads(dumps(parsed)).problems[0].kind) is Kind


def test_the_preview_and_the_confirmation_use_the_stored_parse_not_the_file(
    secretariat, hallingdal_plan, monkeypatch
):
    response = secretariat.post(URL, upload_form(exported(hallingdal_plan)))

    def read_again(*_args, **_kwargs):
        raise AssertionError("The file was read again.")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", read_again)
    monkeypatch.setattr("plans.importing.reading.read_xlsx", read_again)
    for _ in range(2):
        preview = secretariat.get(response["Location"])
        assert preview.status_code == 200 and ">69<" in preview.content.decode()
    fingerprint = preview.context["preview"].fingerprint
    done = secretariat.post(response["Location"], {"fingerprint": fingerprint})
    plan = Plan.objects.get(title="Regionplan 2027–2030")
    assert done["Location"] == plan.get_absolute_url()
    assert Measure.objects.filter(goal__focus_area__plan=plan).count() == 69
    assert not hasattr(ImportUpload, "content")  # the file is not kept


def test_a_file_that_is_not_a_workbook_is_refused_by_the_form_and_not_stored(secretariat):
    assert_refused_at_upload(secretariat, b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", ["PDF"])
