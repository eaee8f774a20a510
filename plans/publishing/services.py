from django.db import transaction

from regionplan.lib.transactions import retry_deadlocks

from ..editing import lock_plan
from ..models import ChangeRecord, CouncilChange, Membership, Plan, Role


def audience(plan):
    """Who can read the plan when it is not published: the council's people, by role."""
    counts = {Role.SECRETARIAT: 0, Role.READER: 0}
    for role in Membership.objects.filter(council_id=plan.council_id).values_list(
        "role", flat=True
    ):
        counts[role] = counts.get(role, 0) + 1
    return counts


@retry_deadlocks
@transaction.atomic
def set_published(plan, published, *, user):
    """Publish or unpublish, on the plan's and the council's history. Returns False if the plan
    already was so (a second click changes nothing)."""
    lock_plan(plan.pk)
    locked = Plan.objects.get(pk=plan.pk)
    if locked.published == published:
        return False
    locked.published = published
    Plan.objects.filter(pk=plan.pk).update(published=published)
    ChangeRecord.of(
        locked, ChangeRecord.Action.UPDATED, user, "published", not published, published
    ).save()
    CouncilChange.objects.create(
        council_id=locked.council_id,
        action=CouncilChange.Action.PUBLISHED if published else CouncilChange.Action.UNPUBLISHED,
        subject_label=locked.title[:300],
        changed_by=user,
    )
    return True
