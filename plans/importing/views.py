"""Importing a plan from Excel: upload, preview, confirm. Secretariat only.

The file is read once, at upload (a large one by the background worker while the preview page
waits), and what it holds is kept (uploads.py); the preview and the confirmation compare that
with the plan as it is then, so what is written is checked against the preview the user saw: if
the plan changed in between, the user gets the new preview instead of a surprise.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect, push_url, reswap, retarget

from budgets.amounts import format_kroner
from measures.models import Measure
from regionplan.lib.downloads import file_response

from ..access import get_secretariat_council
from ..models import ImportUpload
from . import (
    MAX_BYTES,
    MAX_ROWS,
    ImportBlocked,
    NewPlan,
    PreviewOutdated,
    apply_import,
    build_preview,
)
from .forms import ImportForm
from .template import write_template
from .uploads import parsed_upload, shown_state, store_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Long lists in the preview are cut here; the counts above them are complete.
SHOWN = 200
# How often the page waiting for the worker asks again.
POLL_SECONDS = 2


@login_required
def import_start(request, council):
    council = get_secretariat_council(request, council)
    initial = {}
    if plan := council.plans.filter(slug=request.GET.get("plan", "")).first():
        initial = {"mode": ImportForm.UPDATE, "plan": plan}
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        council=council,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        upload = store_upload(council, request.user, form.cleaned_data, form.parsed)
        if request.htmx and upload.state == ImportUpload.State.READY:
            preview = build_preview(form.parsed, upload.plan)
            response = render_preview(request, upload, partial=True, preview=preview)
            return push_url(response, upload_url(upload))
        if request.htmx:  # being read: the page that waits for it
            return HttpResponseClientRedirect(upload_url(upload))
        return redirect(upload_url(upload))
    context = {
        "council": council,
        "form": form,
        "max_rows": format_kroner(MAX_ROWS),
        "max_mb": MAX_BYTES >> 20,
    }
    status = 400 if form.errors else 200
    if request.htmx and request.method == "POST":
        response = render(
            request, "plans/importing/import.html#upload-form", context, status=status
        )
        return reswap(retarget(response, "#upload-form"), "outerHTML")
    return render(request, "plans/importing/import.html", context, status=status)


def upload_url(upload):
    return reverse("importing:preview", args=[upload.council.slug, upload.pk])


def get_upload(request, council, token):
    council = get_secretariat_council(request, council)
    return get_object_or_404(
        ImportUpload.objects.select_related("council", "plan").defer("workbook"),
        pk=token,
        council=council,
        uploaded_by=request.user,
    )


def render_preview(request, upload, *, partial=False, preview=None, status=200, note=""):
    if preview is None:
        preview = build_preview(parsed_upload(upload), upload.plan)
    context = {
        "council": upload.council,
        "upload": upload,
        "preview": preview,
        "changes": [
            (
                change,
                [
                    (Measure._meta.get_field(name).verbose_name, name, old, new)
                    for name, (old, new) in change.changes.items()
                ],
            )
            for change in preview.changed[:SHOWN]
        ],
        "counts": preview.counts,
        "shown": SHOWN,
        "note": note,
    }
    template = "plans/importing/preview.html" + ("#preview" if partial else "")
    return render(request, template, context, status=status)


def render_waiting(request, upload, state):
    """The file is being read by the worker (htmx polls, without JavaScript the page reloads),
    or it could not be read."""
    context = {
        "council": upload.council,
        "upload": upload,
        "state": state,
        "State": ImportUpload.State,
        "poll_seconds": POLL_SECONDS,
        "preview_url": upload_url(upload),
    }
    template = "plans/importing/reading.html" + ("#reading" if request.htmx else "")
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def import_preview(request, council, token):
    """GET: what the file will do (or that it is still being read). POST: do it, all or
    nothing."""
    upload = get_upload(request, council, token)
    state = shown_state(upload)
    if state != ImportUpload.State.READY:
        if request.method == "POST":  # nothing to confirm yet
            return redirect(upload_url(upload))
        return render_waiting(request, upload, state)
    if request.method != "POST":
        if request.htmx and request.GET.get("waited"):
            # The poll found the file read: the whole preview replaces the waiting fragment.
            return HttpResponseClientRedirect(upload_url(upload))
        return render_preview(request, upload, partial=bool(request.htmx))
    parsed = parsed_upload(upload)
    target = {"plan": upload.plan}
    if upload.plan is None:
        target = {
            "new_plan": NewPlan(
                upload.council, upload.title, upload.kind, upload.first_year, upload.last_year
            )
        }
    try:
        result = apply_import(
            parsed,
            user=request.user,
            add_new=request.POST.get("add_new") == "on",
            expected=request.POST.get("fingerprint") or None,
            **target,
        )
    except ImportBlocked as error:
        return render_preview(
            request, upload, preview=error.preview, status=400, partial=bool(request.htmx)
        )
    except PreviewOutdated as error:
        note = _(
            "The plan was changed by someone else after you saw the preview, so nothing was "
            "imported. This is what the file would do now; confirm again if it is right."
        )
        return render_preview(
            request,
            upload,
            preview=error.preview,
            status=409,
            note=note,
            partial=bool(request.htmx),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("importing:start", upload.council.slug)
    upload.delete()
    counts = result.preview.counts
    messages.success(
        request,
        _(
            "Imported: %(new)s measures added, %(changed)s changed. The changes are in the "
            "plan's history as one import."
        )
        % {
            "new": result.record.measures_created,
            "changed": counts["measures_changed"],
        },
    )
    url = result.plan.get_absolute_url()
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@login_required
def import_template(request, council):
    council = get_secretariat_council(request, council)
    stream = io.BytesIO()
    write_template(stream, council.language)
    return file_response(request, stream.getvalue(), XLSX, "regionplan-mal.xlsx")
