"""The invitation mail: in the council's language form, with the municipality's personal link."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_invitation_mail(invitation, base_url):
    """Send `invitation`'s mail to its current address; raises if the mail server refuses."""
    round_ = invitation.round
    council = round_.plan.council
    context = {
        "invitation": invitation,
        "round": round_,
        "plan": round_.plan,
        "council": council,
        "link": base_url.rstrip("/") + invitation.answer_path(),
    }
    with translation.override(council.language):
        subject = " ".join(render_to_string("rounds/email/invitation_subject.txt", context).split())
        body = render_to_string("rounds/email/invitation_message.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    if round_.opened_by and round_.opened_by.email:
        message.reply_to = [round_.opened_by.email]
    message.send()
