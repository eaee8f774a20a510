"""Is the upload an .xlsx we may open? Size, type, damage and password, before any parsing.

Only the zip's headers and the first bytes of two small members are read here; how much the
members hold is checked while they are streamed (limits.py).
"""

import io
import os
import zipfile
from contextlib import contextmanager

from django.utils.translation import gettext as _

from .limits import Refused, check_members, damaged_problem, read_head
from .problems import Kind, Problem

MAX_BYTES = 10 * 1024 * 1024
# Enough of [Content_Types].xml to tell a workbook, whose entries name "spreadsheetml" from the
# first ones on; a real one is a few kilobytes.
TYPES_HEAD = 1024 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel stores a password-protected .xlsx as an OLE container with this stream (UTF-16 name).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def filename_of(source):
    name = getattr(source, "name", source)
    return os.path.basename(os.fspath(name)) if isinstance(name, str | os.PathLike) else ""


@contextmanager
def opened(source):
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            yield stream
        return
    stream = source
    if not (hasattr(stream, "seekable") and stream.seekable()):
        # zip needs to seek; read no more than the limit (plus one byte to notice excess)
        stream = io.BytesIO(stream.read(MAX_BYTES + 1))
    stream.seek(0)
    yield stream


def size_of(source, stream):
    size = getattr(source, "size", None)  # Django's UploadedFile knows it
    if isinstance(size, int):
        return size
    position = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(position)
    return size


def too_large(size) -> Problem | None:
    if size > MAX_BYTES:
        return Problem(
            Kind.TOO_LARGE,
            _("The file is %(size).1f MB. Files up to %(limit)s MB can be imported.")
            % {"size": size / 2**20, "limit": MAX_BYTES // 2**20},
            True,
        )
    return None


def check_container(stream, size) -> Problem | None:
    """A problem when the file is not an .xlsx we may open; None when it is."""
    if size == 0:
        return Problem(Kind.EMPTY, _("The file is empty."), True)
    if problem := too_large(size):
        return problem
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in stream.read():
            return Problem(
                Kind.PASSWORD,
                _(
                    "The file is protected with a password. Open it in Excel, remove the "
                    "password and save it again."
                ),
                True,
            )
        return Problem(
            Kind.OLD_XLS,
            _(
                "The file is in the old Excel format (.xls). Open it in Excel and save it as "
                "“Excel Workbook (.xlsx)”."
            ),
            True,
        )
    if head.startswith(b"%PDF"):
        return _not_xlsx(_("The file is a PDF document, not an Excel workbook (.xlsx)."))
    if not head.startswith(ZIP_SIGNATURES):
        return _not_xlsx(
            _(
                "The file is not an Excel workbook (.xlsx). If it is a CSV file or another "
                "format, open it in Excel and save it as “Excel Workbook (.xlsx)”."
            )
        )
    try:
        with zipfile.ZipFile(stream) as archive:
            check_members(archive)  # the declared sizes, before anything is unpacked
            types = read_head(archive, "[Content_Types].xml", TYPES_HEAD)
            mimetype = read_head(archive, "mimetype", 100)
    except Refused as refused:
        return refused.problem
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return damaged_problem()
    finally:
        stream.seek(0)
    if b"spreadsheetml" not in types:
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return _not_xlsx(
                _(
                    "The file is an OpenDocument spreadsheet (.ods). Open it and save it as "
                    "“Excel Workbook (.xlsx)”."
                )
            )
        if b"wordprocessingml" in types:
            return _not_xlsx(_("The file is a Word document, not an Excel workbook (.xlsx)."))
        return _not_xlsx(_("The file is a zip archive, not an Excel workbook (.xlsx)."))
    return None


def _not_xlsx(message):
    return Problem(Kind.NOT_XLSX, message, True)
