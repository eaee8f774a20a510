"""The demo's parties are loaded with the rest of the demo (plans.demo.demo_loaded); a restored
council's unsent mails are queued again (backups.signals.council_restored)."""

from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver

from backups.signals import council_restored
from plans.demo import demo_loaded

from .demo import load_parties
from .models import OutgoingMail
from .tasks import schedule


@receiver(demo_loaded)
def add_demo_parties(sender, report, **kwargs):
    load_parties(report)


@receiver(council_restored)
def queue_unsent_mails(sender, council, using, **kwargs):
    """The archive keeps the mails as rows, not the tasks that send them. The queue lives in
    the default database, so a restore through another connection queues nothing."""
    if using != DEFAULT_DB_ALIAS:
        return
    waiting = OutgoingMail.objects.filter(
        addressee__request__plan__council=council,
        state__in=[OutgoingMail.State.QUEUED, OutgoingMail.State.RETRYING],
    )
    for mail in waiting:
        schedule(mail)
