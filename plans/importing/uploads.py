"""Uploads waiting for the secretariat's confirmation (ImportUpload).

The file is read once, when it is uploaded (ImportForm), and what it holds is stored with the
upload; the preview, however often it is shown, and the confirmation use that, checked against
the plan as it is then (preview.py). The file itself is not kept, and a file that cannot be read
at all (too large, damaged, not a workbook) is refused by the form and never stored. The problems'
messages are stored in the language of the upload.
"""

import datetime as dt

from django.utils import timezone

from ..models import ImportUpload
from .forms import ImportForm
from .parsed import ParsedFile, dumps, loads

STALE_AFTER = dt.timedelta(days=1)


def store_upload(council, user, data, parsed: ParsedFile) -> ImportUpload:
    """Stores what the upload form's `data` (cleaned) and its read file `parsed` say."""
    ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - STALE_AFTER).delete()
    update = data["mode"] == ImportForm.UPDATE
    return ImportUpload.objects.create(
        council=council,
        uploaded_by=user,
        filename=data["file"].name[:255],
        parsed=dumps(parsed),
        plan=data["plan"] if update else None,
        title="" if update else " ".join(data["title"].split()),
        kind="" if update else data["kind"],
        first_year=None if update else data["first_year"],
        last_year=None if update else data["last_year"],
    )


def parsed_upload(upload: ImportUpload) -> ParsedFile:
    """What the upload's file holds, as read when it was uploaded."""
    return loads(bytes(upload.parsed))  # PostgreSQL gives a memoryview
