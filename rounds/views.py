"""Input rounds: the secretariat opens, follows and closes a round and enters answers received
by letter; the council's members read the results; a municipality answers through its
personal link, without an account."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.access import (
    get_editable_plan,
    get_plan,
    is_member,
    is_secretariat,
    use_council_language,
)
from plans.rows import plan_measures
from regionplan.lib.downloads import file_response
from regionplan.lib.links import BadLink

from . import services
from .forms import AnswerForm, EmailForm, LetterAnswerForm, OpenRoundForm
from .models import Answer, Column, InputRound, Invitation
from .pdf import results_pdf

REFUSED_STATUS = {
    services.RoundRefused.CLOSED: 410,
    services.RoundRefused.EXPIRED: 410,
    services.RoundRefused.ANSWERED: 409,
}


def base_url(request):
    return request.build_absolute_uri("/")


def get_member_plan(request, council, plan):
    """A plan whose council the user is a member of: the rounds are the council's own work."""
    plan = get_plan(request, council, plan)
    if not is_member(request.user, plan.council):
        raise PermissionDenied
    return plan


def get_round(plan, round_id):
    round_ = get_object_or_404(
        InputRound.objects.select_related("opened_by", "closed_by"), plan=plan, pk=round_id
    )
    round_.plan = plan  # the plan as read with its council
    return round_


def get_invitation(round_, member):
    return get_object_or_404(Invitation, round=round_, pk=member)


def active_measures(plan):
    return list(plan_measures(plan))


@require_GET
@login_required
def round_list(request, council, plan):
    plan = get_member_plan(request, council, plan)
    rounds = plan.input_rounds.all()
    return render(
        request,
        "rounds/round_list.html",
        {
            "plan": plan,
            "council": plan.council,
            "rounds": services.rounds_with_progress(rounds),
            "can_edit": is_secretariat(request.user, plan.council),
        },
    )


@login_required
def round_open(request, council, plan):
    plan = get_editable_plan(request, council, plan)
    municipalities = plan.council.municipalities.all()
    form = OpenRoundForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": _("The municipalities' input on %(plan)s") % {"plan": plan.title},
            "deadline": timezone.localdate() + dt.timedelta(days=21),
        },
        municipalities=municipalities,
    )
    if request.method == "POST" and form.is_valid():
        round_ = services.open_round(
            plan,
            title=form.cleaned_data["title"],
            counts=form.counts(),
            deadline=form.cleaned_data["deadline"],
            message=form.cleaned_data["message"],
            emails=form.emails(),
            user=request.user,
            base_url=base_url(request),
        )
        messages.success(request, _("The round is open. The invitations are being sent."))
        return redirect(round_.get_absolute_url())
    return render(
        request,
        "rounds/round_open.html",
        {"plan": plan, "council": plan.council, "form": form},
        status=400 if form.is_bound else 200,
    )


def render_detail(request, plan, round_, *, bound=None, status=200):
    invitations = services.invitations_with_answers(round_)
    for invitation in invitations:
        invitation.email_form = (
            bound[1]
            if bound and bound[0] == invitation.pk
            else EmailForm(initial={"email": invitation.email}, prefix=f"m{invitation.pk}")
        )
        invitation.link = request.build_absolute_uri(invitation.answer_path())
    return render(
        request,
        "rounds/round_detail.html",
        {
            "plan": plan,
            "council": plan.council,
            "round": round_,
            "invitations": invitations,
            "answered": sum(1 for invitation in invitations if invitation.answer_or_none),
        },
        status=status,
    )


@require_GET
@login_required
def round_detail(request, council, plan, round):
    plan = get_editable_plan(request, council, plan)
    return render_detail(request, plan, get_round(plan, round))


@login_required
def round_close(request, council, plan, round):
    """GET asks first (a page of its own, so it works without JavaScript); POST closes."""
    plan = get_editable_plan(request, council, plan)
    round_ = get_round(plan, round)
    if request.method == "POST":
        if services.close_round(round_, user=request.user):
            messages.success(request, _("The round is closed. The links no longer work."))
        else:
            messages.info(request, _("The round was closed already."))
        return redirect(round_.get_absolute_url())
    return render(
        request,
        "rounds/round_close.html",
        {
            "plan": plan,
            "council": plan.council,
            "round": round_,
            "results": services.results_for_round(round_),
        },
    )


@login_required
@require_POST
def invitation_email(request, council, plan, round, member):
    plan = get_editable_plan(request, council, plan)
    round_ = get_round(plan, round)
    invitation = get_invitation(round_, member)
    form = EmailForm(request.POST, prefix=f"m{invitation.pk}")
    if not form.is_valid():
        return render_detail(request, plan, round_, bound=(invitation.pk, form), status=400)
    send = "send" in request.POST
    try:
        services.change_email(
            invitation, form.cleaned_data["email"], base_url=base_url(request), send=send
        )
    except services.RoundClosed:
        messages.error(request, _("The round is closed: nothing was changed."))
        return render_detail(request, plan, round_, status=409)
    name = invitation.name
    if send and invitation.email:
        messages.success(request, _("The link is being mailed to %(name)s.") % {"name": name})
    else:
        messages.success(request, _("The address for %(name)s is saved.") % {"name": name})
    return redirect(round_.get_absolute_url())


@login_required
def letter_answer(request, council, plan, round, member):
    """The secretariat enters a municipality's answer that came by letter."""
    plan = get_editable_plan(request, council, plan)
    round_ = get_round(plan, round)
    invitation = get_invitation(round_, member)
    invitation.round = round_
    context = {"plan": plan, "council": plan.council, "round": round_, "invitation": invitation}
    refused = services.refusal(invitation, by_letter=True)
    form = LetterAnswerForm(
        request.POST if request.method == "POST" and not refused else None,
        round=round_,
        measures=active_measures(plan),
    )
    status = 200
    if request.method == "POST" and not refused:
        if form.is_valid():
            try:
                services.submit_answer(
                    invitation,
                    form.picks(),
                    channel=Answer.Channel.LETTER,
                    answered_by=form.cleaned_data["answered_by"],
                    received_on=form.cleaned_data["received_on"],
                    user=request.user,
                )
            except services.RoundRefused as error:
                refused = error.reason
            else:
                messages.success(
                    request,
                    _("The answer from %(name)s is recorded, marked as received by letter.")
                    % {"name": invitation.name},
                )
                return redirect(round_.get_absolute_url())
        else:
            status = 400
    if refused:
        status = REFUSED_STATUS[refused] if request.method == "POST" else 200
    context.update(form=form, refused=refused)
    return render(request, "rounds/letter_answer.html", context, status=status)


SORT_PARAMETER = "sortering"


def sort_of(request):
    sort = request.GET.get(SORT_PARAMETER, "plan")
    return sort if sort in services.SORTS else "plan"


@require_GET
@login_required
def results(request, council, plan, round):
    plan = get_member_plan(request, council, plan)
    round_ = get_round(plan, round)
    sort = sort_of(request)
    return render(
        request,
        "rounds/results.html",
        {
            "plan": plan,
            "council": plan.council,
            "round": round_,
            "results": services.results_for_round(round_, sort),
            "sort": sort,
            "sort_parameter": SORT_PARAMETER,
            "columns": list(Column),
            "can_edit": is_secretariat(request.user, plan.council),
        },
    )


@require_GET
@login_required
def results_download(request, council, plan, round):
    """The results as the PDF appendix for the assembly's agenda (tagged, PDF/UA-1)."""
    plan = get_member_plan(request, council, plan)
    round_ = get_round(plan, round)
    body = results_pdf(services.results_for_round(round_, sort_of(request)))
    name = f"{plan.council.slug}-{plan.slug}-innspel-{round_.pk}.pdf"
    return file_response(request, body, "application/pdf", name)


def answer(request, token):
    """A municipality's personal link: the answer form, once, while the round is open."""
    try:
        invitation = services.invitation_for_token(token)
    except BadLink:
        return render(request, "rounds/link_refused.html", {"reason": "bad"}, status=404)
    round_ = invitation.round
    plan = round_.plan
    use_council_language(request, plan.council)
    context = {
        "invitation": invitation,
        "round": round_,
        "plan": plan,
        "council": plan.council,
    }
    refused = services.refusal(invitation)
    form = None
    if not refused:
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            round=round_,
            measures=active_measures(plan),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_answer(
                    invitation,
                    form.picks(),
                    channel=Answer.Channel.LINK,
                    answered_by=form.cleaned_data["answered_by"],
                )
            except services.RoundRefused as error:
                refused = error.reason
                # Answered or closed meanwhile: show the page as it is now.
                context["invitation"] = services.invitation_for_token(token)
            else:
                return redirect(reverse("rounds:answer", args=[token]))
    if refused:
        status = 200
        if refused != services.RoundRefused.ANSWERED or request.method == "POST":
            status = REFUSED_STATUS[refused]
        context.update(reason=refused, choices=services.answer_choices(invitation))
        return render(request, "rounds/link_refused.html", context, status=status)
    context["form"] = form
    status = 400 if form.is_bound else 200
    return render(request, "rounds/answer.html", context, status=status)
