"""Background work: the request mails and reminders (django-tasks, database backend).

Each mail is an `OutgoingMail` row; the task sends it when due. A failure is recorded on the
row and the task enqueued again later (MAX_ATTEMPTS in all); after the last one the mail shows
as failed on the request's page, where the secretariat can send it again. Nothing is dropped.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .mailing import message_for, still_needed
from .models import OutgoingMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=10)  # times the attempt number


def schedule(mail):
    send_mail.using(run_after=mail.send_at).enqueue(mail.pk)


@task()
def send_mail(mail_id):
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update()
            .select_related("contact", "addressee__party", "addressee__request__plan__council")
            .filter(pk=mail_id)
            .first()
        )
        if mail is None or mail.state not in (OutgoingMail.State.QUEUED, "retrying"):
            return "nothing to do"
        if not still_needed(mail):
            mail.state = OutgoingMail.State.SKIPPED
            mail.save(update_fields=["state"])
            return "skipped"
    mail.attempts += 1
    try:
        message_for(mail).send()
    except Exception as error:  # any failure of the mail server: record it, try again later
        logger.exception("Mail %s to %s failed", mail.pk, mail.contact.email)
        mail.last_error = f"{type(error).__name__}: {error}"[:1000]
        if mail.attempts < MAX_ATTEMPTS:
            mail.state = OutgoingMail.State.RETRYING
            mail.send_at = timezone.now() + RETRY_AFTER * mail.attempts
            mail.save(update_fields=["state", "attempts", "last_error", "send_at"])
            schedule(mail)
            return "retrying"
        mail.state = OutgoingMail.State.FAILED
        mail.save(update_fields=["state", "attempts", "last_error"])
        return "failed"
    mail.state = OutgoingMail.State.SENT
    mail.sent_at = timezone.now()
    mail.save(update_fields=["state", "attempts", "sent_at"])
    return "sent"
