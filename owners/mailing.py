"""The request e-mails, in the council's language, each with the contact's personal link."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from regionplan.lib.links import make_token

from .models import OutgoingMail

LINK_PURPOSE = "status-request"


def personal_link(addressee, contact):
    token = make_token(LINK_PURPOSE, addressee=addressee.pk, contact=contact.pk)
    return reverse("owners:answer", args=[token])


def still_needed(mail):
    """A reminder is not sent once the party answered; nothing after the request closed."""
    request = mail.addressee.request
    if request.closed_at:
        return False
    return mail.kind == OutgoingMail.Kind.REQUEST or not mail.addressee.answered_at


def message_for(mail):
    addressee, contact = mail.addressee, mail.contact
    request = addressee.request
    plan = request.plan
    council = plan.council
    context = {
        "mail": mail,
        "contact": contact,
        "party": addressee.party,
        "request": request,
        "plan": plan,
        "council": council,
        "measure_count": addressee.measures.count(),
        "link": request.site_url.rstrip("/") + personal_link(addressee, contact),
    }
    with translation.override(council.language or settings.LANGUAGE_CODE):
        subject = render_to_string("owners/mail_subject.txt", context).strip()
        body = render_to_string("owners/mail_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[f"{contact.name} <{contact.email}>"])
