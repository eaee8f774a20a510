"""The background work: rendering one PreparedFile, run by `manage.py db_worker`."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from plans.exports import EXPORTS

from .models import PreparedFile

logger = logging.getLogger(__name__)
State = PreparedFile.State


def render_file(file_id):
    """Renders the file if it is still wanted: pending, and for the plan's current revision."""
    file = PreparedFile.objects.select_related("plan__council").defer("content").get(pk=file_id)
    if file.state != State.PENDING:
        return file.state
    if file.plan.revision != file.revision:
        PreparedFile.objects.filter(pk=file.pk, state=State.PENDING).update(
            state=State.OUTDATED, finished_at=timezone.now()
        )
        return State.OUTDATED
    _content_type, render = EXPORTS[file.fmt]
    try:
        body = render(file.plan)
    except Exception as error:
        logger.exception("Rendering %s failed", file)
        PreparedFile.objects.filter(pk=file.pk, state=State.PENDING).update(
            state=State.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return State.FAILED
    with transaction.atomic():
        PreparedFile.objects.filter(pk=file.pk, state=State.PENDING).update(
            state=State.READY, content=body, size=len(body), finished_at=timezone.now()
        )
        # Older revisions' files are of no more use: the newest is what everyone gets.
        PreparedFile.objects.filter(
            plan=file.plan_id, fmt=file.fmt, revision__lt=file.revision
        ).exclude(state=State.PENDING).delete()
    return State.READY


@task()
def render_plan_file(file_id):
    return render_file(file_id)
