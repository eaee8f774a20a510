"""Getting a plan's file for its current revision: stored, rendered here, or on its way."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from measures.models import Measure
from plans.exports import EXPORTS

from .models import PreparedFile
from .tasks import render_plan_file

State = PreparedFile.State
# Formats worth keeping: the PDF and the Excel file take seconds for a long plan; CSV and JSON
# stream in milliseconds and are rendered per request.
PREPARED_FORMATS = ("pdf", "xlsx")
# From this many measures a file is made by the background worker, not in the request.
BACKGROUND_FROM = 200


def in_background(plan):
    return Measure.objects.filter(goal__focus_area__plan=plan).count() >= BACKGROUND_FROM


def current_file(plan, fmt):
    """The plan's file for its current revision, if one was asked for (content not loaded)."""
    return (
        PreparedFile.objects.defer("content")
        .filter(plan=plan, fmt=fmt, revision=plan.revision)
        .first()
    )


def request_file(plan, fmt):
    """The file for the plan's current revision: the stored one; or, for a small plan, rendered
    now and stored; or, for a large plan, a pending one with its task enqueued."""
    file = current_file(plan, fmt)
    if file is not None:
        return file
    if not in_background(plan):
        _content_type, render = EXPORTS[fmt]
        body = render(plan)
        return store(
            plan, fmt, state=State.READY, content=body, size=len(body), finished_at=timezone.now()
        )
    return enqueue(plan, fmt)


def store(plan, fmt, **fields):
    """Records the file; when another server recorded it first, theirs is the one."""
    try:
        with transaction.atomic():
            return PreparedFile.objects.create(plan=plan, fmt=fmt, revision=plan.revision, **fields)
    except IntegrityError:
        return current_file(plan, fmt)


def enqueue(plan, fmt):
    """A pending file and its task, in one transaction: the worker never sees one without the
    other."""
    with transaction.atomic():
        file = store(plan, fmt)
        if file.state == State.PENDING and not file.task_id:
            result = render_plan_file.enqueue(file.pk)
            PreparedFile.objects.filter(pk=file.pk).update(task_id=str(result.id))
    return file


def try_again(plan, fmt):
    """After a failure (or a lost worker), the file of the current revision is made anew."""
    file = current_file(plan, fmt)
    if file is not None and file.shown_state == State.FAILED:
        PreparedFile.objects.filter(pk=file.pk).delete()
        file = None
    if file is None:
        return enqueue(plan, fmt) if in_background(plan) else request_file(plan, fmt)
    return file


def content_of(file):
    return bytes(PreparedFile.objects.values_list("content", flat=True).get(pk=file.pk))
