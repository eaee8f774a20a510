"""Background work of the input rounds (django-tasks; `manage.py db_worker` runs it)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .mail import send_invitation_mail
from .models import Invitation


@task()
def mail_invitation(invitation_id: int, base_url: str) -> str:
    """Mail one municipality its link. The invitation records the outcome for the round's page;
    a refused mail also fails the task (the worker's result keeps the error), so it is never
    lost silently and the secretariat can send it again."""
    invitation = (
        Invitation.objects.select_related("round__plan__council", "round__opened_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return "gone"
    if not invitation.email:
        return "no address"
    if invitation.round.is_closed or hasattr(invitation, "answer"):
        return "no longer needed"
    try:
        send_invitation_mail(invitation, base_url)
    except Exception as error:
        Invitation.objects.filter(pk=invitation.pk).update(mail_error=str(error)[:1000] or "?")
        raise
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            mailed_at=timezone.now(), mailed_to=invitation.email, mail_error=""
        )
    return "sent"
