"""Invitations: the secretariat invites a person by e-mail with a role; the link in the mail
gives that role once, within 7 days. Every step is on the council's change history.

Lock order: the council's row first, then the invitation's, so two people accepting, withdrawing
or sending again at once queue instead of deadlocking.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.models import Council, CouncilChange, Membership, Role
from regionplan.lib.transactions import retry_deadlocks

from .models import Invitation, token_digest


class InvitationUnusable(Exception):
    """The link was used, withdrawn or has expired; `reason` says which, for the page."""

    def __init__(self, invitation, reason):
        super().__init__(reason)
        self.invitation = invitation
        self.reason = reason


class EmailBelongsToSomeoneElse(Exception):
    pass


def person_label(user):
    """How the history and the members page name a person: "Kari Nordmann (kari)"."""
    name = user.get_full_name().strip()
    return f"{name} ({user.get_username()})" if name else user.get_username()


def lock_council(council_id):
    return Council.objects.select_for_update().get(pk=council_id)


def find(token):
    """The invitation a link's token opens, or None."""
    return (
        Invitation.objects.select_related("council", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def members_with_email(council, email):
    return Membership.objects.filter(
        council=council,
        user__emailaddress__email__iexact=email,
    ).select_related("user")


def invitation_link(request, token):
    path = reverse("accounts:invitation", args=[token])
    return request.build_absolute_uri(path) if request else path


def send_invitation_mail(invitation, token, request):
    """In the council's language form; raises if the mail server refuses (the caller's
    transaction then keeps nothing)."""
    context = {
        "invitation": invitation,
        "council": invitation.council,
        "inviter": invitation.invited_by,
        "link": invitation_link(request, token),
        "role": invitation.get_role_display,
    }
    with translation.override(invitation.council.language):
        subject = " ".join(
            render_to_string("accounts/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("accounts/email/invitation_message.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    if invitation.invited_by.email:
        message.reply_to = [invitation.invited_by.email]
    message.send()


@retry_deadlocks
@transaction.atomic
def invite(council, email, role, *, user, request=None):
    """Create the invitation, record it and send the mail. If the mail cannot be sent, the
    exception goes up and nothing is kept."""
    lock_council(council.pk)
    invitation, token = Invitation.new(council=council, email=email, role=role, invited_by=user)
    invitation.save()
    CouncilChange.objects.create(
        council=council,
        action=CouncilChange.Action.INVITED,
        subject_label=email,
        new_value=invitation.get_role_display(),
        changed_by=user,
    )
    send_invitation_mail(invitation, token, request)
    return invitation


@retry_deadlocks
@transaction.atomic
def withdraw(invitation, *, user):
    lock_council(invitation.council_id)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.withdrawn_at:
        raise InvitationUnusable(locked, "accepted" if locked.accepted_at else "withdrawn")
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    CouncilChange.objects.create(
        council_id=locked.council_id,
        action=CouncilChange.Action.INVITATION_WITHDRAWN,
        subject_label=locked.email,
        old_value=locked.get_role_display(),
        changed_by=user,
    )
    return locked


@retry_deadlocks
@transaction.atomic
def send_again(invitation, *, user, request=None):
    """A new link for 7 more days; the old link stops working."""
    withdraw(invitation, user=user)
    return invite(invitation.council, invitation.email, invitation.role, user=user, request=request)


@retry_deadlocks
@transaction.atomic
def accept(invitation, user):
    """Give `user` the invitation's role (a secretariat role is never lowered to reader by it),
    mark the invitation used, and make its address a verified address of the user's: the link
    proved they read mail sent there."""
    lock_council(invitation.council_id)
    locked = Invitation.objects.select_for_update().select_related("council").get(pk=invitation.pk)
    if locked.accepted_at:
        raise InvitationUnusable(locked, "accepted")
    if locked.withdrawn_at:
        raise InvitationUnusable(locked, "withdrawn")
    if locked.is_expired:
        raise InvitationUnusable(locked, "expired")
    add_verified_email(user, locked.email)
    membership, created = Membership.objects.get_or_create(
        user=user, council=locked.council, defaults={"role": locked.role}
    )
    if not created and membership.role == Role.READER and locked.role == Role.SECRETARIAT:
        old = membership.get_role_display()
        membership.role = Role.SECRETARIAT
        membership.save(update_fields=["role"])
        CouncilChange.objects.create(
            council=locked.council,
            action=CouncilChange.Action.ROLE_CHANGED,
            subject_label=person_label(user),
            old_value=old,
            new_value=membership.get_role_display(),
            changed_by=user,
        )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    CouncilChange.objects.create(
        council=locked.council,
        action=CouncilChange.Action.INVITATION_ACCEPTED,
        subject_label=f"{person_label(user)} <{locked.email}>",
        new_value=locked.get_role_display(),
        changed_by=user,
    )
    return membership


def add_verified_email(user, email):
    """Record `email` as a verified address of `user`; refuse one another account has."""
    taken = EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
    if taken or (get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists()):
        raise EmailBelongsToSomeoneElse(email)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        is_first = not EmailAddress.objects.filter(user=user).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=is_first)
        if is_first and not user.email:
            user.email = email
            user.save(update_fields=["email"])
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def accept_all_for(user, email):
    """Accept every pending invitation to `email`, a verified address of `user`'s (someone
    who signed in with an identity provider). Returns the memberships."""
    memberships = []
    for invitation in Invitation.objects.pending().filter(email__iexact=email):
        try:
            memberships.append(accept(invitation, user))
        except InvitationUnusable:
            continue
    return memberships


def has_pending(email):
    return Invitation.objects.pending().filter(email__iexact=email).exists()


REASONS = {
    "accepted": lambda: _("This invitation has been used already. Sign in to reach the council."),
    "withdrawn": lambda: _(
        "This invitation was withdrawn. Ask the council's secretariat for a new one."
    ),
    "expired": lambda: _(
        "This invitation has expired. Ask the council's secretariat to send it again."
    ),
}
