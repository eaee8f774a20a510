"""Writing revisions: start one, propose, import the input round's results, adopt.

Lock order as everywhere: the plan's row first (adoption writes the plan), then the
revision's. Proposal edits compare versions (regionplan.lib.editing.save_versioned), so two
people editing one proposal get a conflict, not a lost update; adopting compares the
revision's version, so a revision changed since the adoption form was opened is not adopted
unseen.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from measures.models import Measure
from plans.editing import lock_plan
from plans.models import ChangeRecord, FocusArea, Goal, Plan, TargetShare
from regionplan.lib.editing import EditConflict, save_versioned
from regionplan.lib.transactions import retry_deadlocks
from rounds.models import Answer, Column, InputRound
from rounds.services import results_for_plan

from .draft import build_draft
from .models import Proposal, Revision


class RevisionError(Exception):
    """A write refused, with the message for the person who asked."""


def open_revision(plan):
    return plan.revisions.filter(state=Revision.State.DRAFT).first()


@retry_deadlocks
@transaction.atomic
def start_revision(plan, *, user):
    """The plan's draft revision: the one under way, or a new one."""
    lock_plan(plan.pk)
    current = Plan.objects.get(pk=plan.pk)
    if current.superseded_by_id:
        raise RevisionError(_("This version is superseded: revise the version in force."))
    existing = open_revision(current)
    if existing:
        return existing, False
    return Revision.objects.create(plan=current, title=current.title, started_by=user), True


def lock_draft(revision):
    current = Revision.objects.select_for_update().select_related("plan").get(pk=revision.pk)
    if not current.is_draft:
        raise RevisionError(_("This revision is adopted: its proposals can no longer change."))
    return current


@retry_deadlocks
@transaction.atomic
def add_proposal(revision, proposal, *, user):
    lock_draft(revision)
    subject = proposal.subject
    if subject is not None and revision.proposals.filter(**{proposal.level: subject}).exists():
        raise RevisionError(_("There is a proposal for this already: change that one."))
    proposal.revision = revision
    proposal.created_by = user
    proposal.save()
    Revision.objects.filter(pk=revision.pk).update(version=F("version") + 1)
    return proposal


@retry_deadlocks
@transaction.atomic
def update_proposal(proposal, values, *, expected_version):
    """Save the edit if the proposal is still the version the editor saw (EditConflict else)."""
    lock_draft(proposal.revision)
    saved = save_versioned(proposal, values, expected_version=expected_version, audit=no_audit)
    Revision.objects.filter(pk=proposal.revision_id).update(version=F("version") + 1)
    return saved


def no_audit(current, field, old, new):
    """Proposals are a draft's working notes; the changes document is their record."""
    return None


@retry_deadlocks
@transaction.atomic
def withdraw_proposal(proposal, *, expected_version):
    lock_draft(proposal.revision)
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    current.delete()
    Revision.objects.filter(pk=proposal.revision_id).update(version=F("version") + 1)


# The input round ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundAnswer:
    """What the municipalities answered for one measure in one column (keep, remove, adjust):
    how many chose it, and the reasons each gave (municipality, reason)."""

    measure_id: int
    column: str
    count: int
    reasons: tuple = ()


ROUND_COLUMNS = {
    "keep": Proposal.Kind.KEEP,
    "remove": Proposal.Kind.REMOVE,
    "adjust": Proposal.Kind.ADJUST,
}
# A tie goes to the smaller change: the assembly decides, and the reasons are all in the text.
TIE_ORDER = [Proposal.Kind.KEEP, Proposal.Kind.ADJUST, Proposal.Kind.REMOVE]


@dataclass
class RoundImport:
    created: list
    skipped: list  # (measure, the proposal it has already)
    unknown: list  # measure ids not in the plan


def round_reason(answers):
    """Every column's count and every municipality's reason, so nothing they said is lost."""
    lines = []
    for answer in sorted(
        answers, key=lambda a: (-a.count, TIE_ORDER.index(ROUND_COLUMNS[a.column]))
    ):
        kind = Proposal.Kind(ROUND_COLUMNS[answer.column]).label
        lines.append(_("%(kind)s: %(count)s") % {"kind": kind, "count": answer.count})
        lines += [f"- {municipality}: {reason}" for municipality, reason in answer.reasons]
    return "\n".join(lines)


@retry_deadlocks
@transaction.atomic
def import_round_results(revision, answers, *, user):
    """The input round's results as proposals, one per measure: the column most municipalities
    chose, with every count and reason as its reason. A measure that has a proposal already
    keeps it (reported as skipped): the import never overwrites what the secretariat wrote.

    `answers`: RoundAnswer-like records (plain data; rounds.services.results_for_plan gives them
    once the input round is wired in)."""
    revision = lock_draft(revision)
    for answer in answers:
        if answer.column not in ROUND_COLUMNS:
            raise RevisionError(
                _("Unknown answer “%(column)s” from the input round.") % {"column": answer.column}
            )
        if answer.count < 0:
            raise RevisionError(_("A count from the input round cannot be negative."))
    per_measure = defaultdict(list)
    for answer in answers:
        per_measure[answer.measure_id].append(answer)
    measures = Measure.objects.filter(
        pk__in=per_measure, goal__focus_area__plan=revision.plan_id
    ).in_bulk()
    taken = {
        p.measure_id: p for p in revision.proposals.filter(measure__in=measures).select_related()
    }
    result = RoundImport([], [], sorted(set(per_measure) - set(measures)))
    new = []
    for measure_id, measure in measures.items():
        if measure_id in taken:
            result.skipped.append((measure, taken[measure_id]))
            continue
        answers_here = per_measure[measure_id]
        best = max(
            answers_here,
            key=lambda a: (a.count, -TIE_ORDER.index(ROUND_COLUMNS[a.column])),
        )
        new.append(
            Proposal(
                revision=revision,
                kind=ROUND_COLUMNS[best.column],
                level=Proposal.Level.MEASURE,
                measure=measure,
                reason=round_reason(answers_here),
                source=Proposal.Source.INPUT_ROUND,
                created_by=user,
            )
        )
    for proposal in new:
        proposal.save()  # normalises the text
    result.created = new
    if new:
        Revision.objects.filter(pk=revision.pk).update(version=F("version") + 1)
    return result


# The input round's columns as the revision's kinds of proposal.
COLUMN_FOR_ROUND = {
    Column.PRIORITISE: "keep",
    Column.REMOVE: "remove",
    Column.SHARPEN: "adjust",
}


def round_answers(results):
    """The input round's results (rounds.services.RoundResults) as RoundAnswers: one per
    measure and column that at least one municipality chose, with each municipality's reason
    (marked when it came by letter, so the assembly can tell)."""
    answers = []
    for result in results.measures:
        for column, count in result.counts.items():
            if count <= 0:
                continue
            reasons = tuple(
                (
                    _("%(municipality)s (by letter)") % {"municipality": reason.municipality}
                    if reason.by_letter
                    else reason.municipality,
                    reason.text,
                )
                for reason in result.reasons_in(column)
            )
            answers.append(RoundAnswer(result.measure.pk, COLUMN_FOR_ROUND[column], count, reasons))
    return answers


def latest_round_has_answers(plan):
    """Whether the plan's latest input round (the one results_for_plan reads) has an answer:
    when the draft offers to import it."""
    latest = InputRound.objects.filter(plan=plan).values("pk")[:1]
    return Answer.objects.filter(invitation__round__in=latest).exists()


def import_input_round(revision, *, user):
    """Import the plan's latest input round into the draft revision; None if it has none."""
    results = results_for_plan(revision.plan)
    if results is None:
        return None
    return import_round_results(revision, round_answers(results), user=user)


# Adoption -------------------------------------------------------------------------------------


def free_slug(council, base):
    taken = set(
        Plan.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@retry_deadlocks
@transaction.atomic
def adopt(revision, *, title, adopted_on, adopted_by, case_number, expected_version, user):
    """Make the draft the version in force: a new Plan with the plan's address, its measures
    carried with their status, comment and themes, each knowing its predecessor; the old
    version keeps everything, moves to an address of its own and is marked superseded."""
    lock_plan(revision.plan_id)
    old = Plan.objects.select_related("council").get(pk=revision.plan_id)
    current = lock_draft(revision)
    if current.version != expected_version:
        raise EditConflict(current)
    if old.superseded_by_id:
        raise RevisionError(_("This version is superseded already."))
    draft = build_draft(current)
    if draft.problems:
        raise RevisionError(" ".join(draft.problems))

    slug = old.slug
    old.slug = free_slug(old.council, f"{slug}-versjon-{old.version_number}"[:100])
    Plan.objects.filter(pk=old.pk).update(slug=old.slug)
    new = Plan.objects.create(
        council=old.council,
        slug=slug,
        title=title,
        kind=old.kind,
        first_year=old.first_year,
        last_year=old.last_year,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        adoption_case=case_number,
        intro=old.intro,
        parent=old.parent,
        published=old.published,
        version_number=old.version_number + 1,
    )
    TargetShare.objects.bulk_create(
        TargetShare(plan=new, category=t.category, percent=t.percent)
        for t in old.target_shares.all()
    )
    themes = []
    for area_order, area in enumerate(draft.areas, start=1):
        new_area = FocusArea.objects.create(
            plan=new,
            number=area.number,
            title=area.title,
            description=area.description,
            order=area_order,
        )
        for goal_order, goal in enumerate(area.goals, start=1):
            new_goal = Goal.objects.create(
                focus_area=new_area, code=goal.code, text=goal.text, order=goal_order
            )
            for order, item in enumerate(goal.measures, start=1):
                source = item.source
                measure = Measure(
                    goal=new_goal,
                    code=item.code,
                    text=item.text,
                    due=item.due,
                    responsible=item.responsible,
                    involvement=source.involvement if source else "",
                    comment=source.comment if source else "",
                    status=item.status,
                    internal_note=source.internal_note if source else "",
                    order=order,
                    predecessor=source,
                )
                measure.save()
                if source:
                    themes.append((source.pk, measure.pk))
    Through = Measure.themes.through
    carried = dict(themes)
    Through.objects.bulk_create(
        Through(measure_id=carried[link.measure_id], theme_id=link.theme_id)
        for link in Through.objects.filter(measure_id__in=carried)
    )
    Plan.objects.filter(pk=old.pk).update(superseded_by=new)
    label = f"{new.title} ({new.version_number})"
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord.of(old, ChangeRecord.Action.UPDATED, user, "superseded_by", "", label),
            ChangeRecord.of(
                new, ChangeRecord.Action.CREATED, user, "version", old.version_number, label
            ),
        ]
    )
    Revision.objects.filter(pk=current.pk).update(
        title=title,
        state=Revision.State.ADOPTED,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        case_number=case_number,
        adopted_plan=new,
        version=F("version") + 1,
    )
    return new
