"""Who has access to a council: changing a person's role and removing their access, on the
council's change history. Nobody can take away their own last secretariat role: the council
would be left without anyone who can invite."""

from django.db import transaction

from plans.models import CouncilChange, Membership, Role
from regionplan.lib.transactions import retry_deadlocks

from .invitations import lock_council, person_label


class OwnLastSecretariatRole(Exception):
    pass


def members(council):
    """The council's people, secretariat first, with their verified addresses."""
    return (
        Membership.objects.filter(council=council)
        .select_related("user")
        .prefetch_related("user__emailaddress_set")
        .order_by("-role", "user__first_name", "user__last_name", "user__username")
    )


def check_not_own_last(membership, user, new_role=None):
    if (
        membership.user_id == user.pk
        and membership.role == Role.SECRETARIAT
        and new_role != Role.SECRETARIAT
        and not Membership.objects.filter(council_id=membership.council_id, role=Role.SECRETARIAT)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise OwnLastSecretariatRole


@retry_deadlocks
@transaction.atomic
def change_role(membership, role, *, user):
    lock_council(membership.council_id)
    locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if locked.role == role:
        return locked
    check_not_own_last(locked, user, role)
    old = locked.get_role_display()
    locked.role = role
    locked.save(update_fields=["role"])
    CouncilChange.objects.create(
        council_id=locked.council_id,
        action=CouncilChange.Action.ROLE_CHANGED,
        subject_label=person_label(locked.user),
        old_value=old,
        new_value=locked.get_role_display(),
        changed_by=user,
    )
    return locked


@retry_deadlocks
@transaction.atomic
def remove(membership, *, user):
    lock_council(membership.council_id)
    locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    check_not_own_last(locked, user)
    CouncilChange.objects.create(
        council_id=locked.council_id,
        action=CouncilChange.Action.ACCESS_REMOVED,
        subject_label=person_label(locked.user),
        old_value=locked.get_role_display(),
        changed_by=user,
    )
    locked.delete()
