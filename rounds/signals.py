"""A restored council's invitations that were queued but never mailed are queued again
(backups.signals.council_restored): the archive keeps invitations as rows, not the tasks that
mail them."""

from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver
from django.utils import timezone

from backups.signals import council_restored

from .models import Invitation
from .tasks import mail_invitation


@receiver(council_restored)
def queue_unsent_invitations(sender, council, using, **kwargs):
    """Only those still wanted: the round open and before its deadline, no answer yet, no
    failure waiting for the secretariat's "send again". Returns what the operator should know:
    a round opened before rounds kept their site address cannot be mailed from here. The
    queue lives in the default database."""
    if using != DEFAULT_DB_ALIAS:
        return None
    waiting = Invitation.objects.filter(
        round__plan__council=council,
        round__closed_at__isnull=True,
        round__deadline__gte=timezone.localdate(),
        mail_queued_at__isnull=False,
        mailed_at__isnull=True,
        mail_error="",
        answer__isnull=True,
    ).exclude(email="")
    unknown_site = 0
    for pk, site_url in waiting.values_list("pk", "round__site_url"):
        if site_url:
            mail_invitation.enqueue(pk, site_url)
        else:
            unknown_site += 1
    if unknown_site:
        return (
            f"{unknown_site} input-round invitation(s) had not been mailed and were not queued "
            "again (the round does not record the site address): send them from the round's page."
        )
    return None
