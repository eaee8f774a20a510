"""Revisions: the list, the draft read as the plan would be, proposals, the changes document
(page and PDF) and adoption. Members read, the secretariat writes (access.py); without
JavaScript every form posts normally and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from measures.models import Measure
from plans.access import is_secretariat
from plans.models import FocusArea, Goal
from regionplan.lib.downloads import file_response
from regionplan.lib.editing import EditConflict
from regionplan.lib.forms import conflict_form

from . import services
from .access import get_member_plan, get_revision
from .document import changes_document
from .document import changes_pdf as render_changes_pdf
from .draft import build_draft, revision_proposals
from .forms import AdoptForm, ProposalForm
from .models import Proposal, Revision

Level = Proposal.Level


@require_GET
@login_required
def revision_list(request, council, plan):
    plan = get_member_plan(request, council, plan)
    return render(
        request,
        "revisions/list.html",
        {
            "plan": plan,
            "council": plan.council,
            "revisions": plan.revisions.select_related("adopted_plan", "started_by"),
            "adopted_from": Revision.objects.filter(adopted_plan=plan)
            .select_related("plan")
            .first(),
            "can_edit": is_secretariat(request.user, plan.council),
        },
    )


@login_required
@require_POST
def revision_start(request, council, plan):
    plan = get_member_plan(request, council, plan, edit=True)
    try:
        revision, created = services.start_revision(plan, user=request.user)
    except services.RevisionError as error:
        messages.error(request, str(error))
        return redirect("revisions:list", plan.council.slug, plan.slug)
    if created:
        messages.success(request, _("Revision started: propose what the next version changes."))
    return redirect(revision.get_absolute_url())


@require_GET
@login_required
def revision_detail(request, council, plan, revision):
    revision = get_revision(request, council, plan, revision)
    proposals = revision_proposals(revision)
    can_edit = revision.is_draft and is_secretariat(request.user, revision.plan.council)
    return render(
        request,
        "revisions/draft.html",
        {
            "revision": revision,
            "plan": revision.plan,
            "council": revision.plan.council,
            "draft": build_draft(revision, proposals),
            "proposal_count": len(proposals),
            "can_edit": can_edit,
            "can_import_round": can_edit and services.latest_round_has_answers(revision.plan),
        },
    )


@login_required
@require_POST
def import_round(request, council, plan, revision):
    """The plan's input round as proposals; what exists already stays as it is."""
    revision = get_revision(request, council, plan, revision, edit=True)
    try:
        result = services.import_input_round(revision, user=request.user)
    except services.RevisionError as error:
        return refused(request, revision, error)
    if result is None:
        return refused(request, revision, _("The plan has had no input round to import."))
    added = len(result.created)
    messages.success(
        request,
        ngettext(
            "%(count)s proposal added from the input round.",
            "%(count)s proposals added from the input round.",
            added,
        )
        % {"count": added},
    )
    if result.skipped:
        messages.info(
            request,
            _("Skipped because they already had a proposal: %(measures)s")
            % {"measures": "; ".join(str(measure) for measure, _proposal in result.skipped)},
        )
    if result.unknown:
        messages.warning(
            request,
            ngettext(
                "%(count)s measure from the input round is no longer in the plan and was "
                "not imported.",
                "%(count)s measures from the input round are no longer in the plan and were "
                "not imported.",
                len(result.unknown),
            )
            % {"count": len(result.unknown)},
        )
    return redirect(revision.get_absolute_url())


def document_context(revision):
    return {
        "revision": revision,
        "plan": revision.plan,
        "council": revision.plan.council,
        **changes_document(revision),
    }


@require_GET
@login_required
def changes(request, council, plan, revision):
    revision = get_revision(request, council, plan, revision)
    return render(request, "revisions/changes.html", document_context(revision))


@require_GET
@login_required
def changes_pdf(request, council, plan, revision):
    revision = get_revision(request, council, plan, revision)
    name = f"{revision.plan.council.slug}-{revision.plan.slug}-endringar-{revision.pk}.pdf"
    return file_response(request, render_changes_pdf(revision), "application/pdf", name)


def proposal_context(request, plan):
    """(level, subject, parent) from the query: ?measure=, ?goal=, ?focus_area= for a proposal
    about one; ?add=measure&under=<goal>, ?add=goal&under=<focus area>, or nothing (a new
    focus area) for a new one."""
    query = request.GET
    try:
        if "measure" in query:
            subject = get_object_or_404(
                Measure.objects.select_related("goal__focus_area"),
                pk=int(query["measure"]),
                goal__focus_area__plan=plan,
            )
            return Level.MEASURE, subject, None
        if "goal" in query:
            subject = get_object_or_404(Goal, pk=int(query["goal"]), focus_area__plan=plan)
            return Level.GOAL, subject, None
        if "focus_area" in query:
            subject = get_object_or_404(FocusArea, pk=int(query["focus_area"]), plan=plan)
            return Level.FOCUS_AREA, subject, None
        if query.get("add") == "measure":
            goal = get_object_or_404(Goal, pk=int(query["under"]), focus_area__plan=plan)
            return Level.MEASURE, None, goal
        if query.get("add") == "goal":
            area = get_object_or_404(FocusArea, pk=int(query["under"]), plan=plan)
            return Level.GOAL, None, area
    except (KeyError, ValueError) as error:
        raise Http404 from error
    return Level.FOCUS_AREA, None, None


def proposal_page(request, revision, form, *, heading, status=200, conflict=None, proposal=None):
    return render(
        request,
        "revisions/proposal_form.html",
        {
            "revision": revision,
            "plan": revision.plan,
            "council": revision.plan.council,
            "form": form,
            "heading": heading,
            "conflict": conflict,
            "proposal": proposal,
        },
        status=status,
    )


def refused(request, revision, error):
    messages.error(request, str(error))
    return redirect(revision.get_absolute_url())


def proposal_heading(level, subject, parent):
    if subject is not None:
        return _("Proposal for %(subject)s") % {"subject": subject}
    if level == Level.MEASURE:
        return _("Propose a new measure under goal %(goal)s") % {"goal": parent}
    if level == Level.GOAL:
        return _("Propose a new goal in %(area)s") % {"area": parent}
    return _("Propose a new focus area")


@login_required
def proposal_add(request, council, plan, revision):
    revision = get_revision(request, council, plan, revision, edit=True)
    if not revision.is_draft:
        return refused(
            request, revision, _("This revision is adopted: its proposals can no longer change.")
        )
    level, subject, parent = proposal_context(request, revision.plan)
    if subject is not None:
        existing = revision.proposals.filter(**{level: subject}).first()
        if existing:  # one proposal per thing: edit the one there is
            return redirect("revisions:proposal_edit", council, plan, revision.pk, existing.pk)
    heading = proposal_heading(level, subject, parent)
    kwargs = {"plan": revision.plan, "level": level, "subject": subject}
    if request.method != "POST":
        return proposal_page(request, revision, ProposalForm(**kwargs), heading=heading)
    instance = Proposal(level=level)
    if subject is not None:
        setattr(instance, level, subject)
    elif level == Level.MEASURE:
        instance.to_goal = parent
    elif level == Level.GOAL:
        instance.to_focus_area = parent
    form = ProposalForm(request.POST, instance=instance, **kwargs)
    if not form.is_valid():
        return proposal_page(request, revision, form, heading=heading, status=400)
    try:
        services.add_proposal(revision, form.save(commit=False), user=request.user)
    except services.RevisionError as error:
        return refused(request, revision, error)
    messages.success(request, _("Proposal saved."))
    return redirect(revision.get_absolute_url())


def revision_proposal(revision, proposal_id):
    return get_object_or_404(
        Proposal.objects.select_related(
            "measure__goal__focus_area",
            "goal__focus_area",
            "focus_area",
            "to_goal",
            "to_focus_area",
        ),
        pk=proposal_id,
        revision=revision,
    )


@login_required
def proposal_edit(request, council, plan, revision, proposal):
    revision = get_revision(request, council, plan, revision, edit=True)
    proposal = revision_proposal(revision, proposal)
    kwargs = {"plan": revision.plan, "level": proposal.level, "subject": proposal.subject}
    heading = _("Proposal: %(what)s") % {"what": proposal.subject_label}
    if request.method != "POST":
        form = ProposalForm(instance=proposal, **kwargs)
        return proposal_page(request, revision, form, heading=heading, proposal=proposal)
    form = ProposalForm(request.POST, instance=Proposal.objects.get(pk=proposal.pk), **kwargs)
    status, conflict = 400, None
    if form.is_valid():
        try:
            services.update_proposal(
                proposal, form.values(), expected_version=form.cleaned_data["version"]
            )
        except EditConflict as error:
            status, conflict = 409, error.current
            form = conflict_form(ProposalForm, request.POST, conflict, **kwargs)
        except services.RevisionError as error:
            return refused(request, revision, error)
        else:
            messages.success(request, _("Proposal saved."))
            return redirect(revision.get_absolute_url())
    return proposal_page(
        request,
        revision,
        form,
        heading=heading,
        status=status,
        conflict=conflict,
        proposal=proposal,
    )


@login_required
@require_POST
def proposal_withdraw(request, council, plan, revision, proposal):
    revision = get_revision(request, council, plan, revision, edit=True)
    proposal = revision_proposal(revision, proposal)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if version is None:
            raise EditConflict(proposal)
        services.withdraw_proposal(proposal, expected_version=version)
    except EditConflict:
        messages.error(
            request,
            _(
                "The proposal was changed while you looked at it; nothing was withdrawn. "
                "Look again."
            ),
        )
        return redirect("revisions:proposal_edit", council, plan, revision.pk, proposal.pk)
    except services.RevisionError as error:
        return refused(request, revision, error)
    messages.success(request, _("Proposal withdrawn."))
    return redirect(revision.get_absolute_url())


@login_required
def adopt(request, council, plan, revision):
    revision = get_revision(request, council, plan, revision, edit=True)
    if not revision.is_draft:
        return refused(request, revision, _("This revision is adopted already."))
    draft = build_draft(revision)
    context = {
        "revision": revision,
        "plan": revision.plan,
        "council": revision.plan.council,
        "draft": draft,
    }
    if request.method != "POST":
        return render(
            request, "revisions/adopt.html", {**context, "form": AdoptForm(instance=revision)}
        )
    form = AdoptForm(request.POST, instance=Revision.objects.get(pk=revision.pk))
    status, conflict = 400, None
    if form.is_valid():
        data = form.cleaned_data
        try:
            revision.title = data["title"]
            new = services.adopt(
                revision,
                title=data["title"],
                adopted_on=data["adopted_on"],
                adopted_by=data["adopted_by"],
                case_number=data["case_number"],
                expected_version=data["version"],
                user=request.user,
            )
        except EditConflict as error:
            status, conflict = 409, error.current
            form = conflict_form(AdoptForm, request.POST, conflict)
        except services.RevisionError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, _("Adopted: this is now the version in force."))
            return redirect(new.get_absolute_url())
    return render(
        request,
        "revisions/adopt.html",
        {**context, "form": form, "conflict": conflict},
        status=status,
    )
