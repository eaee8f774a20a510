"""The background work of imports: reading a large uploaded file (uploads.py), run by
`manage.py db_worker`."""

import io
import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import ImportUpload
from .parsed import dumps
from .reading import read_xlsx

logger = logging.getLogger(__name__)
State = ImportUpload.State


def parse_stored(upload_id) -> str:
    """Reads a pending upload's file (the worker's part) in the uploader's language."""
    upload = ImportUpload.objects.filter(pk=upload_id, state=State.PENDING).first()
    if upload is None:  # confirmed, cleared or read already
        return "gone"
    with translation.override(upload.language or None):
        try:
            parsed = read_xlsx(io.BytesIO(bytes(upload.workbook)), filename=upload.filename)
        except Exception:
            logger.exception("Reading the import upload %s failed", upload.pk)
            error = _("The file could not be read. Nothing has been saved; upload it again.")
            return finish(upload, state=State.FAILED, error=error)
    if problem := parsed.refusal:
        return finish(upload, state=State.FAILED, error=problem.message)
    return finish(upload, state=State.READY, parsed=dumps(parsed))


def finish(upload, **fields):
    ImportUpload.objects.filter(pk=upload.pk, state=State.PENDING).update(workbook=None, **fields)
    return fields["state"]


@task()
def parse_import_upload(upload_id):
    return parse_stored(upload_id)
