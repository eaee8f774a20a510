"""Status requests: start one, answer it through a personal link, work through the answers.

Every write to a plan takes the plan's row first (plans.editing.lock_plan), as all plan writes
do. Mails are `OutgoingMail` rows sent by a background task (owners/tasks.py), enqueued in the
same transaction as the change that asks for them.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from measures.models import Measure
from plans.editing import lock_plan
from regionplan.lib.links import BadLink, read_token
from regionplan.lib.text import normalise_text

from .mailing import LINK_PURPOSE
from .matching import party_change
from .models import Addressee, Contact, OutgoingMail, Party, Proposal, StatusRequest
from .tasks import schedule


class LinkRefused(Exception):
    """A link that does not (or no longer) open anything; `reason` says why, for the page."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Conflict(Exception):
    """The proposal was decided by someone else meanwhile."""


def measures_in_scope(plan, focus_areas):
    return Measure.objects.filter(goal__focus_area__plan=plan, goal__focus_area__in=focus_areas)


@transaction.atomic
def start_request(
    plan,
    *,
    focus_areas,
    deadline,
    message,
    user,
    site_url,
    grace_days=7,
    remind_days_before=3,
    remind_days_after=1,
):
    """The request, one addressee per party carrying measures in scope, and their mails:
    the request now, a reminder before the deadline, one after it."""
    lock_plan(plan.pk)
    request = StatusRequest.objects.create(
        plan=plan,
        deadline=deadline,
        message=normalise_text(message),
        created_by=user,
        site_url=site_url,
        grace_days=grace_days,
        remind_days_before=remind_days_before,
        remind_days_after=remind_days_after,
    )
    request.focus_areas.set(focus_areas)
    measures = measures_in_scope(plan, focus_areas)
    links = Party.measures.through.objects.filter(measure__in=measures).values_list(
        "party_id", "measure_id"
    )
    by_party = {}
    for party_id, measure_id in links:
        by_party.setdefault(party_id, []).append(measure_id)
    now = timezone.now()
    before = request.at_start_of(deadline - datetime.timedelta(days=remind_days_before))
    after = request.at_start_of(deadline + datetime.timedelta(days=remind_days_after))
    contacts = Contact.objects.filter(party__in=by_party, active=True).order_by("party_id", "id")
    mails = []
    addressees = {}
    for party_id, measure_ids in sorted(by_party.items()):
        addressee = Addressee.objects.create(request=request, party_id=party_id)
        addressee.measures.set(measure_ids)
        addressees[party_id] = addressee
    for contact in contacts:
        addressee = addressees[contact.party_id]
        mails.append(
            OutgoingMail(addressee=addressee, contact=contact, kind="request", send_at=now)
        )
        if before > now and remind_days_before:
            mails.append(
                OutgoingMail(
                    addressee=addressee, contact=contact, kind="reminder_before", send_at=before
                )
            )
        if remind_days_after < grace_days + 1:  # only while the link still works
            mails.append(
                OutgoingMail(
                    addressee=addressee, contact=contact, kind="reminder_after", send_at=after
                )
            )
    for mail in OutgoingMail.objects.bulk_create(mails):
        schedule(mail)
    return request


def parties_without_contacts(request):
    return list(Party.objects.filter(addressings__request=request).exclude(contacts__active=True))


@transaction.atomic
def close_request(request):
    lock_plan(request.plan_id)
    StatusRequest.objects.filter(pk=request.pk, closed_at=None).update(closed_at=timezone.now())


# The personal link --------------------------------------------------------------------------


@dataclass
class Visit:
    addressee: Addressee
    contact: Contact

    @property
    def request(self):
        return self.addressee.request


def open_link(token):
    """Who the link is for, if it still works; LinkRefused with the reason otherwise."""
    try:
        payload = read_token(LINK_PURPOSE, token)
    except BadLink as error:
        raise LinkRefused("invalid") from error
    # A contact taken off the party's list can no longer answer for it.
    contact = Contact.objects.filter(
        pk=payload.get("contact"), active=True, party__addressings=payload.get("addressee")
    ).first()
    addressee = (
        Addressee.objects.select_related("request__plan__council", "party")
        .filter(pk=payload.get("addressee"))
        .first()
    )
    if contact is None or addressee is None:
        raise LinkRefused("invalid")
    request = addressee.request
    if request.closed_at:
        raise LinkRefused("closed")
    if timezone.now() >= request.expires_at:
        raise LinkRefused("expired")
    return Visit(addressee=addressee, contact=contact)


def answer_rows(addressee):
    """The measures a party was asked about, each with its latest proposal (if any)."""
    measures = list(
        addressee.measures.select_related("goal__focus_area").order_by(
            "goal__focus_area__order", "goal__order", "order", "id"
        )
    )
    latest = {}
    for proposal in addressee.proposals.select_related("proposed_by").order_by("proposed_at", "id"):
        latest[proposal.measure_id] = proposal
    for measure in measures:
        measure.latest_proposal = latest.get(measure.pk)
    return measures


@transaction.atomic
def submit_answers(visit, answers):
    """Record the contact's proposals: {measure id: (status, comment, not_ours)}.

    Refused as a whole (LinkRefused "scope") if any measure is not one the party was asked
    about. A measure's waiting or sent-back proposal is replaced by the new one; accepted ones
    stay as they are. Returns the new proposals.
    """
    addressee = visit.addressee
    lock_plan(addressee.request.plan_id)
    fresh = open_link_again(visit)
    allowed = set(fresh.measures.values_list("pk", flat=True))
    if set(answers) - allowed:
        raise LinkRefused("scope")
    created = []
    for measure_id, (status, comment, not_ours) in answers.items():
        status, comment = ("" if not_ours else status), normalise_text(comment)
        waiting = addressee.proposals.filter(
            measure_id=measure_id, state=Proposal.State.PENDING
        ).first()
        if waiting and (waiting.status, waiting.comment, waiting.not_ours) == (
            status,
            comment,
            not_ours,
        ):
            continue  # the same answer sent again: the waiting one stands
        addressee.proposals.filter(
            measure_id=measure_id, state__in=[Proposal.State.PENDING, Proposal.State.SENT_BACK]
        ).update(state=Proposal.State.REPLACED)
        created.append(
            Proposal.objects.create(
                addressee=addressee,
                measure_id=measure_id,
                status=status,
                comment=comment,
                not_ours=not_ours,
                proposed_by=visit.contact,
            )
        )
    if created and fresh.answered_at is None:
        Addressee.objects.filter(pk=addressee.pk).update(answered_at=timezone.now())
    return created


def open_link_again(visit):
    """Inside the writing transaction: the round may have closed since the page was shown."""
    addressee = Addressee.objects.select_related("request").get(pk=visit.addressee.pk)
    if addressee.request.closed_at:
        raise LinkRefused("closed")
    if timezone.now() >= addressee.request.expires_at:
        raise LinkRefused("expired")
    return addressee


# The secretariat's queue --------------------------------------------------------------------


def queue(request):
    """Proposals waiting for the secretariat, in the plan's order."""
    return (
        Proposal.objects.filter(addressee__request=request, state=Proposal.State.PENDING)
        .select_related("measure__goal__focus_area", "proposed_by", "addressee__party")
        .order_by(
            "measure__goal__focus_area__order",
            "measure__goal__order",
            "measure__order",
            "measure_id",
            "proposed_at",
        )
    )


def decided(request):
    return (
        Proposal.objects.filter(
            addressee__request=request,
            state__in=[Proposal.State.ACCEPTED, Proposal.State.SENT_BACK],
        )
        .select_related("measure", "proposed_by", "addressee__party", "decided_by")
        .order_by("-decided_at", "-id")
    )


def _take_pending(proposal):
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.state != Proposal.State.PENDING:
        raise Conflict
    return current


@transaction.atomic
def accept(proposal, *, user, status=None, comment=None):
    """The proposal becomes the measure's status change, "proposed by …, accepted by …";
    `status` and `comment` when the secretariat edited it first. "Not ours" instead takes the
    party off the measure."""
    lock_plan(proposal.addressee.request.plan_id)
    current = _take_pending(proposal)
    current.decided_by, current.decided_at = user, timezone.now()
    current.state = Proposal.State.ACCEPTED
    measure = Measure.objects.get(pk=current.measure_id)
    if current.not_ours:
        party = proposal.addressee.party
        before = list(measure.responsible_parties.values_list("name", flat=True))
        party.measures.remove(measure)
        after = [name for name in before if name != party.name]
        party_change(measure, user, before, after).save()
    else:
        current.status_change = measure.change_status(
            status or current.status,
            comment=current.comment if comment is None else comment,
            user=user,
            proposed_by=proposal.proposer_label,
        )
    current.save()
    return current


@transaction.atomic
def send_back(proposal, *, user, note):
    """Back to the party with a note; they may answer again while the link works."""
    lock_plan(proposal.addressee.request.plan_id)
    current = _take_pending(proposal)
    current.state = Proposal.State.SENT_BACK
    current.note = normalise_text(note)
    current.decided_by, current.decided_at = user, timezone.now()
    current.save()
    return current


@transaction.atomic
def send_again(mail):
    """A failed mail queued again by the secretariat."""
    lock_plan(mail.addressee.request.plan_id)
    updated = OutgoingMail.objects.filter(pk=mail.pk, state=OutgoingMail.State.FAILED).update(
        state=OutgoingMail.State.QUEUED, send_at=timezone.now(), last_error=""
    )
    if updated:
        mail.refresh_from_db()
        schedule(mail)
    return bool(updated)


# Progress -----------------------------------------------------------------------------------


def progress(request):
    """(answered, asked): how many parties have answered."""
    counts = request.addressees.aggregate(
        asked=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False))
    )
    return counts["answered"], counts["asked"]


def open_requests(plan):
    """The plan's requests still open, each with .answered and .asked, in one query."""
    requests = list(
        StatusRequest.objects.filter(plan=plan, closed_at=None).annotate(
            asked=Count("addressees"),
            answered=Count("addressees", filter=Q(addressees__answered_at__isnull=False)),
        )
    )
    return [r for r in requests if r.is_open]
