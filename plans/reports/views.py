"""Status reports (agenda items): read by anyone who may read the plan once finalised; drafts,
writing and finalising are for the council's secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regionplan.lib.downloads import file_response

from ..access import get_editable_plan, get_plan, is_member, is_secretariat
from ..models import StatusReport
from . import services
from .forms import ReportForm


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
    if can_edit and not report.is_final:
        form = ReportForm(
            request.POST if request.method == "POST" else None, instance=report, plan=plan
        )
        if request.method == "POST":
            if form.is_valid():
                form.save()
                messages.success(request, _("The report is saved."))
                return redirect(report.get_absolute_url())
            status = 400
    elif request.method == "POST":
        status = 409
        messages.error(request, _("A finalised report cannot be changed. Make a new version."))
    return render_report(request, plan, report, form=form, can_edit=can_edit, status=status)


def render_report(request, plan, report, *, form=None, can_edit=True, status=200):
    lines, previous = services.report_lines(report)
    return render(
        request,
        "plans/reports/report.html",
        {
            "plan": plan,
            "council": plan.council,
            "report": report,
            "form": form,
            "lines": lines,
            "previous": previous,
            "can_edit": can_edit,
            "changed": sum(1 for line in lines if line.changed),
        },
        status=status,
    )


@require_GET
def report_pdf(request, council, plan, item):
    plan = get_plan(request, council, plan)
    report = get_report(request, plan, item)
    if report.is_final and report.pdf:
        body = bytes(report.pdf)
    else:
        body = services.render_report_pdf(report)
    name = f"{plan.council.slug}-sak-{report.item_number}-v{report.version}.pdf"
    return file_response(
        request, body, "application/pdf", name, inline=bool(request.GET.get("vis"))
    )


@login_required
@require_POST
def report_finalise(request, council, plan, item):
    plan = get_editable_plan(request, council, plan)
    report = get_report(request, plan, item)
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
    head = plan.council
    initial = {
        "signatory_name": head.secretariat_head_name,
        "signatory_title": head.secretariat_head_title,
    }
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        instance=StatusReport(plan=plan),
        plan=plan,
    )
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["item_number"]
        if StatusReport.objects.filter(plan=plan, item_number=number).exists():
            form.add_error("item_number", _("There is already an agenda item with this number."))
        else:
            report = form.save()
            return redirect(report.get_absolute_url())
    return render(
        request,
        "plans/reports/report_add.html",
        {"plan": plan, "council": plan.council, "form": form},
        status=400 if form.errors else 200,
    )
