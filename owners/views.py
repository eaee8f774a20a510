"""Responsible parties, their pages, and status requests (the secretariat's side and the
party's answer page behind a personal link)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from measures.status import Status
from plans.access import (
    get_council,
    get_editable_plan,
    get_secretariat_council,
    is_secretariat,
)
from plans.models import Plan
from regionplan.lib.downloads import file_response
from regionplan.lib.editing import EditConflict
from regionplan.lib.forms import conflict_form

from . import requests as services
from .forms import (
    AnswerForm,
    DecisionForm,
    MatchForm,
    PartyFilterForm,
    PartyForm,
    RequestForm,
    measure_ids_in,
)
from .matching import apply_links, match_rows, party_index
from .models import OutgoingMail, Party, Proposal, StatusRequest
from .parties import party_measures, party_pdf, party_plans, party_xlsx, save_party

EXPORTS = {
    "pdf": ("application/pdf", party_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", party_xlsx),
}


# Parties ------------------------------------------------------------------------------------


@require_GET
def party_list(request, council):
    council = get_council(request, council)
    plans = Plan.objects.visible_to(request.user).filter(council=council)
    parties = (
        Party.objects.filter(council=council)
        .select_related("council")
        .annotate(
            measure_count=Count(
                "measures", filter=Q(measures__goal__focus_area__plan__in=plans), distinct=True
            )
        )
    )
    return render(
        request,
        "owners/party_list.html",
        {"council": council, "parties": parties, "can_edit": is_secretariat(request.user, council)},
    )


def _party(request, council, party):
    council = get_council(request, council)
    return get_object_or_404(Party.objects.select_related("council"), council=council, slug=party)


@require_GET
def party_detail(request, council, party):
    party = _party(request, council, party)
    plans = party_plans(party, request.user)
    form = PartyFilterForm(request.GET or None, plans=plans)
    measures = list(form.filter(party_measures(party, request.user)))
    can_edit = is_secretariat(request.user, party.council)
    return render(
        request,
        "owners/party.html",
        {
            "council": party.council,
            "party": party,
            "form": form,
            "measures": measures,
            "can_edit": can_edit,
            "contacts": party.contacts.filter(active=True) if can_edit else [],
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def party_export(request, council, party, fmt):
    if fmt not in EXPORTS:
        raise Http404
    party = _party(request, council, party)
    form = PartyFilterForm(request.GET or None, plans=party_plans(party, request.user))
    measures = list(form.filter(party_measures(party, request.user)))
    content_type, render_export = EXPORTS[fmt]
    body = render_export(party, measures)
    return file_response(request, body, content_type, f"{party.council.slug}-{party.slug}.{fmt}")


@require_http_methods(["GET", "POST"])
@login_required
def party_edit(request, council, party=None):
    council = get_secretariat_council(request, council)
    instance = get_object_or_404(Party, council=council, slug=party) if party else None
    form = PartyForm(
        request.POST if request.method == "POST" else None, instance=instance, council=council
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_party(form)
        except EditConflict as error:
            conflict = error.current
            form = conflict_form(PartyForm, request.POST, conflict, council=council)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect(saved)
    return render(
        request,
        "owners/party_edit.html",
        {"council": council, "party": instance, "form": form, "conflict": conflict},
        status=409 if conflict else 400 if form.errors else 200,
    )


# Matching the plan's free text to parties --------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def plan_matching(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    all_rows = match_rows(plan)
    # By default only what needs a look: a difference, a name no party goes by, or no party.
    show_all = request.GET.get("alle") == "1"
    rows = all_rows if show_all else [r for r in all_rows if r.differs or r.unknown or not r.linked]
    parties, _index, _municipalities = party_index(plan.council)
    form = MatchForm(request.POST if request.method == "POST" else None, rows=rows, parties=parties)
    if request.method == "POST" and form.is_valid():
        changed = apply_links(plan, form.chosen(), user=request.user)
        messages.success(
            request,
            translation.ngettext(
                "Responsible parties saved: %(n)d measure changed.",
                "Responsible parties saved: %(n)d measures changed.",
                changed,
            )
            % {"n": changed},
        )
        url = reverse("owners:matching", args=[plan.council.slug, plan.slug])
        return redirect(url + ("?alle=1" if show_all else ""))
    return render(
        request,
        "owners/matching.html",
        {
            "council": plan.council,
            "plan": plan,
            "form": form,
            "rows": rows,
            "show_all": show_all,
            "total": len(all_rows),
            "to_check": sum(1 for row in all_rows if row.differs),
        },
        status=400 if form.errors else 200,
    )


# Status requests: the secretariat ------------------------------------------------------------


@require_GET
@login_required
def request_list(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    requests = StatusRequest.objects.filter(plan=plan).annotate(
        asked=Count("addressees", distinct=True),
        answered=Count(
            "addressees", filter=Q(addressees__answered_at__isnull=False), distinct=True
        ),
        waiting=Count(
            "addressees__proposals",
            filter=Q(addressees__proposals__state=Proposal.State.PENDING),
            distinct=True,
        ),
    )
    return render(
        request,
        "owners/request_list.html",
        {"council": plan.council, "plan": plan, "requests": requests},
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_add(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    form = RequestForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        status_request = services.start_request(
            plan,
            focus_areas=data["focus_areas"],
            deadline=data["deadline"],
            message=data["message"],
            user=request.user,
            site_url=request.build_absolute_uri("/"),
            grace_days=data["grace_days"],
            remind_days_before=data["remind_days_before"],
            remind_days_after=data["remind_days_after"],
        )
        messages.success(request, _("The request has started; the e-mails are on their way."))
        return redirect(status_request)
    return render(
        request,
        "owners/request_add.html",
        {"council": plan.council, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


def _status_request(request, council, plan, pk):
    plan = get_editable_plan(request, council, plan)
    return get_object_or_404(
        StatusRequest.objects.select_related("plan__council"), plan=plan, pk=pk
    )


@require_GET
@login_required
def request_detail(request, council, plan, request_id):
    status_request = _status_request(request, council, plan, request_id)
    return render(request, "owners/request.html", request_context(status_request))


def request_context(status_request, failed_form=None):
    addressees = list(
        status_request.addressees.select_related("party__council")
        .annotate(measure_count=Count("measures", distinct=True))
        .order_by("party__name")
    )
    mails = list(
        OutgoingMail.objects.filter(addressee__request=status_request)
        .select_related("contact", "addressee__party")
        .order_by("send_at", "id")
    )
    queue = list(services.queue(status_request))
    for proposal in queue:
        proposal.form = (
            failed_form
            if failed_form is not None and failed_form.proposal_id == proposal.pk
            else DecisionForm(
                initial={"status": proposal.status or Status.GREEN, "comment": proposal.comment},
                prefix=f"p{proposal.pk}",
            )
        )
    answered, asked = services.progress(status_request)
    overdue = timezone.now() - datetime.timedelta(minutes=30)
    return {
        "council": status_request.plan.council,
        "plan": status_request.plan,
        "status_request": status_request,
        "addressees": addressees,
        "mails": mails,
        "problem_mails": [m for m in mails if m.state in ("failed", "retrying")],
        # Queued and due for a while: the worker is likely not running.
        "overdue_mails": [m for m in mails if m.state == "queued" and m.send_at < overdue],
        "queue": queue,
        "decided": services.decided(status_request),
        "answered": answered,
        "asked": asked,
        "without_contacts": services.parties_without_contacts(status_request),
    }


@require_POST
@login_required
def request_close(request, council, plan, request_id):
    status_request = _status_request(request, council, plan, request_id)
    services.close_request(status_request)
    messages.success(request, _("The request is closed: the links no longer work."))
    return redirect(status_request)


@require_POST
@login_required
def proposal_decide(request, council, plan, request_id, proposal_id):
    status_request = _status_request(request, council, plan, request_id)
    proposal = get_object_or_404(
        Proposal.objects.select_related("addressee__party", "proposed_by", "measure"),
        addressee__request=status_request,
        pk=proposal_id,
    )
    form = DecisionForm(request.POST, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        form.proposal_id = proposal.pk
        context = request_context(status_request, failed_form=form)
        return render(request, "owners/request.html", context, status=400)
    data = form.cleaned_data
    try:
        if data["action"] == "send_back":
            services.send_back(proposal, user=request.user, note=data["note"])
            messages.success(
                request, _("Sent back to %(party)s.") % {"party": proposal.addressee.party}
            )
        else:
            edited = data["action"] == "edit"
            services.accept(
                proposal,
                user=request.user,
                status=data["status"] if edited else None,
                comment=data["comment"] if edited else None,
            )
            messages.success(
                request, _("Accepted for measure %(code)s.") % {"code": proposal.measure.code}
            )
    except services.Conflict:
        messages.error(
            request, _("Someone else decided on this answer meanwhile; nothing was changed.")
        )
    return redirect(reverse("owners:request", args=[council, plan, request_id]) + "#queue")


@require_POST
@login_required
def mail_resend(request, council, plan, request_id, mail_id):
    status_request = _status_request(request, council, plan, request_id)
    mail = get_object_or_404(OutgoingMail, addressee__request=status_request, pk=mail_id)
    if services.send_again(mail):
        messages.success(
            request, _("The e-mail to %(email)s is queued again.") % {"email": mail.contact.email}
        )
    else:
        messages.error(request, _("Only a failed e-mail can be sent again."))
    return redirect(status_request)


# Status requests: the party's answer page ----------------------------------------------------

REFUSALS = {
    "invalid": 404,
    "expired": 410,
    "closed": 410,
    "scope": 403,
}


def refused(request, reason):
    return render(
        request, "owners/answer_refused.html", {"reason": reason}, status=REFUSALS[reason]
    )


@require_http_methods(["GET", "POST"])
def answer(request, token):
    try:
        visit = services.open_link(token)
    except services.LinkRefused as refusal:
        return refused(request, refusal.reason)
    council = visit.request.plan.council
    translation.activate(council.language)
    request.LANGUAGE_CODE = council.language
    measures = services.answer_rows(visit.addressee)
    if request.method == "POST":
        allowed = {measure.pk for measure in measures}
        if not measure_ids_in(request.POST) <= allowed:
            return refused(request, "scope")
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        measures=measures,
        legend=council.legend_words(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_answers(visit, form.answers())
        except services.LinkRefused as refusal:
            return refused(request, refusal.reason)
        return redirect(reverse("owners:answer", args=[token]) + "?sendt=1")
    return render(
        request,
        "owners/answer.html",
        {
            "visit": visit,
            "council": council,
            "plan": visit.request.plan,
            "status_request": visit.request,
            "form": form,
            "measures": measures,
            "sent": request.GET.get("sendt") == "1" and request.method == "GET",
        },
        status=400 if form.errors else 200,
    )
