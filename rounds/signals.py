"""A restored council's invitations that were queued but never mailed are queued again
(backups.signals.council_restored): the archive keeps invitations as rows, not the tasks that
mail them."""

from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver

from backups.signals import council_restored

from .models import Invitation
from .tasks import mail_invitation


@receiver(council_restored)
def queue_unsent_invitations(sender, council, using, **kwargs):
    """Only those still wanted: the round open, no answer yet, no failure waiting for the
    secretariat's "send again". The queue lives in the default database."""
    if using != DEFAULT_DB_ALIAS:
        return
    waiting = (
        Invitation.objects.filter(
            round__plan__council=council,
            round__closed_at__isnull=True,
            mail_queued_at__isnull=False,
            mailed_at__isnull=True,
            mail_error="",
            answer__isnull=True,
        )
        .exclude(email="")
        .exclude(round__site_url="")
    )
    for invitation in waiting.values_list("pk", "round__site_url"):
        mail_invitation.enqueue(*invitation)
