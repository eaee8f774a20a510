"""Opening, answering and closing an input round, and reading its results.

Lock order: the round's row, then the invitation's. Every write that depends on the round being
open takes the round's row first, so closing a round and an answer arriving at the same moment
queue instead of racing: an answer is either in before the close or refused after it.

`results_for_plan(plan)` and `results_for_round(round)` are what other code reads (the plan
revision): per measure the number of municipalities in each column and their reasons.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from plans.rows import plan_measures
from regionplan.lib.links import BadLink, read_token
from regionplan.lib.transactions import retry_deadlocks

from .models import LINK_PURPOSE, Answer, Choice, Column, InputRound, Invitation
from .tasks import mail_invitation


class RoundRefused(Exception):
    """An answer cannot be given: the round is closed, its deadline has passed, or the
    municipality has answered already. `reason` is one of the constants below."""

    CLOSED = "closed"
    EXPIRED = "expired"
    ANSWERED = "answered"

    def __init__(self, reason, invitation):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


# Opening ----------------------------------------------------------------------------------


@retry_deadlocks
@transaction.atomic
def open_round(plan, *, title, counts, deadline, message, emails, user, base_url):
    """A round for `plan` with an invitation for each member municipality of its council.
    `counts` is {Column: n}; `emails` {municipality id: address or ""}. The mails are queued
    in the same transaction: no round without its mails, no mail for a round not saved."""
    round_ = InputRound.objects.create(
        plan=plan,
        title=title,
        prioritise_count=counts[Column.PRIORITISE],
        remove_count=counts[Column.REMOVE],
        sharpen_count=counts[Column.SHARPEN],
        deadline=deadline,
        message=message,
        opened_by=user,
        site_url=base_url,
    )
    for municipality in plan.council.municipalities.all():
        invitation = Invitation.objects.create(
            round=round_,
            municipality=municipality,
            name=municipality.name,
            number=municipality.number,
            email=emails.get(municipality.pk, ""),
        )
        if invitation.email:
            queue_invitation_mail(invitation, base_url)
    return round_


def queue_invitation_mail(invitation, base_url):
    """Queue the invitation's mail for the worker (in the caller's transaction)."""
    Invitation.objects.filter(pk=invitation.pk).update(mail_queued_at=timezone.now(), mail_error="")
    mail_invitation.enqueue(invitation.pk, base_url)


class RoundClosed(Exception):
    pass


@retry_deadlocks
@transaction.atomic
def change_email(invitation, email, *, base_url, send):
    """A new address for a municipality's invitation; `send`: mail the link to it now."""
    round_ = InputRound.objects.select_for_update().get(pk=invitation.round_id)
    if round_.is_closed:
        raise RoundClosed
    Invitation.objects.filter(pk=invitation.pk).update(email=email)
    invitation.email = email
    if send and email:
        queue_invitation_mail(invitation, base_url)


# Answering --------------------------------------------------------------------------------


def invitation_for_token(token):
    """The invitation a personal link opens; BadLink if the token is altered or unknown."""
    payload = read_token(LINK_PURPOSE, token)
    invitation = (
        Invitation.objects.select_related("round__plan__council", "answer")
        .filter(pk=payload.get("invitation"), round_id=payload.get("round"))
        .first()
    )
    if invitation is None:
        raise BadLink("no such invitation")
    return invitation


def refusal(invitation, *, by_letter=False):
    """Why no answer can be given for `invitation` now, or None. A letter may be entered after
    the deadline (it was posted in time, or the secretariat accepts it); a link may not."""
    round_ = invitation.round
    if round_.is_closed:
        return RoundRefused.CLOSED
    if Answer.objects.filter(invitation=invitation).exists():
        return RoundRefused.ANSWERED
    if not by_letter and round_.deadline_passed():
        return RoundRefused.EXPIRED
    return None


@retry_deadlocks
@transaction.atomic
def submit_answer(invitation, picks, *, channel, answered_by="", received_on=None, user=None):
    """Record the municipality's answer: `picks` is [(Column, Measure, reason)]. Checked again
    under the round's lock, so a second answer or one after the close writes nothing."""
    round_ = InputRound.objects.select_for_update().get(pk=invitation.round_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.round = round_
    reason = refusal(invitation, by_letter=channel == Answer.Channel.LETTER)
    if reason:
        raise RoundRefused(reason, invitation)
    counts = round_.counts()
    measures = [measure.pk for _, measure, _ in picks]
    if len(set(measures)) != len(measures):
        raise ValueError("a measure stands in one column only")
    for column, allowed in counts.items():
        if sum(1 for chosen, _, _ in picks if chosen == column) > allowed:
            raise ValueError(f"more than {allowed} in {column}")
    if any(measure.goal.focus_area.plan_id != round_.plan_id for _, measure, _ in picks):
        raise ValueError("a measure of another plan")
    answer = Answer.objects.create(
        invitation=invitation,
        channel=channel,
        answered_by=answered_by,
        received_on=received_on,
        entered_by=user,
    )
    Choice.objects.bulk_create(
        [
            Choice(answer=answer, measure=measure, column=column, reason=reason, order=order)
            for order, (column, measure, reason) in enumerate(picks)
        ]
    )
    return answer


@retry_deadlocks
@transaction.atomic
def close_round(round_, *, user):
    """Close the round: links and letters are refused from now on. False if it was closed."""
    locked = InputRound.objects.select_for_update().get(pk=round_.pk)
    if locked.is_closed:
        return False
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save(update_fields=["closed_at", "closed_by"])
    round_.closed_at, round_.closed_by = locked.closed_at, user
    return True


def invitations_with_answers(round_):
    """The round's invitations in municipality order, each with `answer_or_none`."""
    invitations = list(
        round_.invitations.select_related("answer", "answer__entered_by").order_by("number", "id")
    )
    for invitation in invitations:
        invitation.answer_or_none = getattr(invitation, "answer", None)
    return invitations


def answer_choices(invitation):
    """What the municipality answered, in column and place order (empty if nothing)."""
    return list(
        Choice.objects.filter(answer__invitation=invitation)
        .select_related("measure", "answer")
        .order_by("answer", "order")
    )


def rounds_with_progress(rounds):
    """The rounds with `invited` and `answered` counted in the same query."""
    return rounds.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations__answer", distinct=True),
    )


# Results ----------------------------------------------------------------------------------

SORTS = ("plan", "prioritise", "remove", "sharpen", "total")


@dataclass(frozen=True)
class Reason:
    municipality: str
    municipality_number: str
    column: Column
    text: str
    by_letter: bool


@dataclass
class MeasureResult:
    """A measure chosen by at least one municipality: how many chose it in each column, and why."""

    measure: object
    plan_position: int
    counts: dict = field(default_factory=lambda: dict.fromkeys(Column, 0))
    reasons: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def cells(self):
        """[(Column, count)] in column order, for tables."""
        return list(self.counts.items())

    def reasons_in(self, column):
        return [reason for reason in self.reasons if reason.column == column]

    @property
    def reasons_by_column(self):
        """[(Column, [Reason])] for the columns that have reasons."""
        return [(column, found) for column in Column if (found := self.reasons_in(column))]


@dataclass
class RoundResults:
    round: InputRound
    measures: list  # [MeasureResult], sorted as asked
    invitations: list  # [Invitation] in municipality order, each with `answer_or_none`
    invited: int
    answered: int
    by_letter: int
    unchosen: int  # measures of the plan nobody chose

    @property
    def by_measure(self):
        """{measure id: MeasureResult}: what the plan revision looks up."""
        return {result.measure.pk: result for result in self.measures}


def results_for_round(round_, sort="plan"):
    """Per measure the number of municipalities that chose it in each column, with their
    reasons and municipality, in plan order or by the count of one column (or of all)."""
    positions = {
        pk: position
        for position, pk in enumerate(plan_measures(round_.plan).values_list("pk", flat=True))
    }
    choices = (
        Choice.objects.filter(answer__invitation__round=round_)
        .select_related("measure__goal__focus_area__plan__council", "answer__invitation")
        .order_by("answer__invitation__number", "column", "order")
    )
    found = {}
    for choice in choices:
        result = found.get(choice.measure_id)
        if result is None:
            # An archived measure keeps its answers; it sorts after the plan's current ones.
            position = positions.get(choice.measure_id, len(positions) + choice.measure_id)
            result = found[choice.measure_id] = MeasureResult(choice.measure, position)
        column = Column(choice.column)
        result.counts[column] += 1
        invitation = choice.answer.invitation
        result.reasons.append(
            Reason(
                municipality=invitation.name,
                municipality_number=invitation.number,
                column=column,
                text=choice.reason,
                by_letter=choice.answer.channel == Answer.Channel.LETTER,
            )
        )
    results = sorted(found.values(), key=lambda result: result.plan_position)
    if sort in ("prioritise", "remove", "sharpen"):
        results.sort(key=lambda result: -result.counts[Column(sort)])
    elif sort == "total":
        results.sort(key=lambda result: -result.total)
    invitations = invitations_with_answers(round_)
    answers = [invitation.answer_or_none for invitation in invitations if invitation.answer_or_none]
    return RoundResults(
        round=round_,
        measures=results,
        invitations=invitations,
        invited=len(invitations),
        answered=len(answers),
        by_letter=sum(1 for answer in answers if answer.by_letter),
        unchosen=len(set(positions) - set(found)),
    )


def results_for_plan(plan, sort="plan"):
    """The results of the plan's latest input round (closed or not), or None if it has had
    none: what the plan revision reads (see DEVELOPING.md)."""
    round_ = InputRound.objects.filter(plan=plan).select_related("plan__council").first()
    return results_for_round(round_, sort) if round_ else None
