"""Status reports (agenda items): read by anyone who may read the plan once finalised; drafts,
writing and finalising are for the council's secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from measures.status import legend
from regionplan.lib.conditional import (
    conditional,
    not_modified,
    page_etag,
    quoted_hash,
    with_validators,
)
from regionplan.lib.downloads import file_response
from regionplan.lib.forms import wants_preview

from ..access import get_editable_plan, get_plan, is_member, is_secretariat
from ..models import StatusReport
from ..rows import group_by_area
from . import services
from .forms import ReportForm
from .pdf import archive_name


def visible_reports(request, plan):
    found = plan.status_reports.all()
    if not is_member(request.user, plan.council):
        found = found.filter(finalised_at__isnull=False)
    return found


def get_report(request, plan, item):
    found = visible_reports(request, plan).filter(item_number=item)
    version = request.GET.get("versjon")
    if version and version.isdigit():
        found = found.filter(version=int(version))
    report = found.order_by("-version").first()
    if report is None:
        raise Http404
    return report


@require_GET
def report_list(request, council, plan):
    plan = get_plan(request, council, plan)
    return render(
        request,
        "plans/reports/report_list.html",
        {
            "plan": plan,
            "council": plan.council,
            "reports": visible_reports(request, plan),
            "can_edit": is_secretariat(request.user, plan.council),
        },
    )


def report_detail(request, council, plan, item):
    plan = get_plan(request, council, plan)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        plan = get_editable_plan(request, council, plan.slug)
    report = get_report(request, plan, item)
    can_edit = is_secretariat(request.user, plan.council)
    form = None
    status = 200
    preview = wants_preview(request)
    if can_edit and not report.is_final:
        form = ReportForm(
            request.POST if request.method == "POST" else None, instance=report, plan=plan
        )
        if preview:
            status = 200 if form.is_valid() else 400
        elif request.method == "POST":
            if form.is_valid():
                form.save()
                messages.success(request, _("The report is saved."))
                return redirect(report.get_absolute_url())
            status = 400
    elif request.method == "POST":
        status = 409
        messages.error(request, _("A finalised report cannot be changed. Make a new version."))
    return render_report(
        request,
        plan,
        report,
        form=form,
        can_edit=can_edit,
        status=status,
        preview=preview and form is not None and form.is_valid(),
    )


def report_context(plan, report):
    """What the report page and its finalising page show: the lines grouped as in the PDF."""
    lines, previous = services.report_lines(report)
    return {
        "plan": plan,
        "council": plan.council,
        "report": report,
        "areas": group_by_area(lines),
        "previous": previous,
        "legend": legend(plan.council.legend_words()),
        "measure_count": len(lines),
        # A later version than the first is addressed with ?versjon=.
        "version_query": f"?versjon={report.version}" if report.version > 1 else "",
        "changed": sum(1 for line in lines if line.changed),
    }


def render_report(request, plan, report, *, form=None, can_edit=True, status=200, preview=False):
    context = report_context(plan, report)
    context.update(form=form, can_edit=can_edit, preview=preview)
    return render(request, "plans/reports/report.html", context, status=status)


def final_report_etag(request, report, kind):
    """A finalised report never changes (a correction is a new version): its ETag is known
    before its PDF is read or made."""
    return page_etag(
        request, "report", kind, report.pk, report.version, report.finalised_at.isoformat()
    )


@require_GET
def report_pdf(request, council, plan, item):
    plan = get_plan(request, council, plan)
    report = get_report(request, plan, item)
    name = f"{plan.council.slug}-sak-{report.item_number}-v{report.version}.pdf"
    inline = bool(request.GET.get("vis"))
    if report.is_final and report.pdf:
        return conditional(
            request,
            final_report_etag(request, report, "pdf"),
            report.finalised_at,
            lambda: file_response(
                request, bytes(report.pdf), "application/pdf", name, inline=inline
            ),
        )
    # A draft follows the plan and its own text: validated by what it renders to.
    body = services.render_report_pdf(report)
    etag = quoted_hash(body)
    response = file_response(request, body, "application/pdf", name, inline=inline)
    return not_modified(request, etag) or with_validators(response, etag)


@require_GET
def report_archive(request, council, plan, item):
    """The archive copy (PDF/A-3a) of a finalised report; a draft has none."""
    plan = get_plan(request, council, plan)
    report = get_report(request, plan, item)
    if not report.is_final:
        raise Http404
    return conditional(
        request,
        final_report_etag(request, report, "archive"),
        report.finalised_at,
        lambda: file_response(
            request,
            services.render_archive_pdf(report),
            "application/pdf",
            archive_name(report, "-arkiv.pdf"),
        ),
    )


@login_required
def report_finalise(request, council, plan, item):
    """GET asks first (a page of its own, so it works without JavaScript); POST finalises."""
    plan = get_editable_plan(request, council, plan)
    report = get_report(request, plan, item)
    if request.method == "GET":
        if report.is_final:
            messages.info(request, _("This report is already finalised."))
            return redirect(report.get_absolute_url())
        context = report_context(plan, report)
        return render(request, "plans/reports/report_finalise.html", context)
    try:
        services.finalise(report, request.user)
    except services.AlreadyFinal:
        messages.error(request, _("This report is already finalised."))
        return render_report(request, plan, report, status=409)
    messages.success(request, _("The report is finalised. Its PDF will not change again."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_new_version(request, council, plan, item):
    plan = get_editable_plan(request, council, plan)
    report = get_report(request, plan, item)
    draft = services.new_version(report, request.user)
    return redirect(draft.get_absolute_url())


@login_required
def report_add(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    initial, latest = services.draft_defaults(plan)
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        instance=StatusReport(plan=plan),
        plan=plan,
    )
    preview = wants_preview(request)
    if request.method == "POST" and not preview and form.is_valid():
        number = form.cleaned_data["item_number"]
        if StatusReport.objects.filter(plan=plan, item_number=number).exists():
            form.add_error("item_number", _("There is already an agenda item with this number."))
        else:
            report = form.save()
            return redirect(report.get_absolute_url())
    return render(
        request,
        "plans/reports/report_add.html",
        {
            "plan": plan,
            "council": plan.council,
            "form": form,
            "latest": latest,
            "preview": preview and form.is_valid(),
        },
        status=400 if form.errors else 200,
    )
