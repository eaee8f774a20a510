"""Uploads waiting for the secretariat's confirmation (ImportUpload).

The file is read once and what it holds is stored with the upload; the preview, however often it
is shown, and the confirmation use that, checked against the plan as it is then (preview.py). A
small file is read by the upload form, and one that cannot be read at all (too large, damaged,
not a workbook) is refused there and never stored. A large file is stored as it came, with a
task for the background worker (tasks.py) in the same transaction; the worker reads it, keeps
what it holds and drops the file, or stores why it could not (shown on the preview page). The
problems' messages are stored in the language of the upload.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from ..models import ImportUpload
from .forms import ImportForm
from .parsed import ParsedFile, dumps, loads
from .tasks import parse_import_upload

State = ImportUpload.State
STALE_AFTER = dt.timedelta(days=1)
# A file still being read after this long was lost with its worker: shown as failed.
STUCK_AFTER = dt.timedelta(minutes=15)


def store_upload(council, user, data, parsed: ParsedFile | None) -> ImportUpload:
    """Stores what the upload form's `data` (cleaned) and its read file `parsed` say; with no
    `parsed` (a large file), the file itself, to be read by the background worker."""
    ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - STALE_AFTER).delete()
    update = data["mode"] == ImportForm.UPDATE
    fields = {
        "council": council,
        "uploaded_by": user,
        "filename": data["file"].name[:255],
        "language": translation.get_language() or "",
        "plan": data["plan"] if update else None,
        "title": "" if update else " ".join(data["title"].split()),
        "kind": "" if update else data["kind"],
        "first_year": None if update else data["first_year"],
        "last_year": None if update else data["last_year"],
    }
    if parsed is not None:
        return ImportUpload.objects.create(parsed=dumps(parsed), state=State.READY, **fields)
    data["file"].seek(0)
    # One transaction: the worker never sees the upload without its task, nor the reverse.
    with transaction.atomic():
        upload = ImportUpload.objects.create(
            workbook=data["file"].read(), state=State.PENDING, **fields
        )
        result = parse_import_upload.enqueue(str(upload.pk))
        upload.task_id = str(result.id)
        ImportUpload.objects.filter(pk=upload.pk).update(task_id=upload.task_id)
    return upload


def shown_state(upload: ImportUpload) -> str:
    """What the uploader is told: a lost pending upload counts as failed."""
    if upload.state == State.PENDING and timezone.now() - upload.uploaded_at > STUCK_AFTER:
        return State.FAILED
    return upload.state


def parsed_upload(upload: ImportUpload) -> ParsedFile:
    """What the upload's file holds, as read when it was uploaded (or by the worker)."""
    return loads(bytes(upload.parsed))  # PostgreSQL gives a memoryview
