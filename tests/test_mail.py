"""Mail settings from the environment, and an invitation sent through a real SMTP server."""

import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from plans.models import Membership
from regionplan.configuration import email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def settings_for(**environ):
    return email_settings(environ, debug=False, file_path="/tmp/mail")


def test_a_single_email_url_with_starttls_user_and_password():
    result = settings_for(EMAIL_URL="smtp+starttls://plan%40k.no:hemm%3Aleg@smtp.k.no:587")
    assert result["EMAIL_BACKEND"] == SMTP
    assert (result["EMAIL_HOST"], result["EMAIL_PORT"]) == ("smtp.k.no", 587)
    assert (result["EMAIL_HOST_USER"], result["EMAIL_HOST_PASSWORD"]) == ("plan@k.no", "hemm:leg")
    assert result["EMAIL_USE_TLS"] and not result["EMAIL_USE_SSL"]


def test_smtps_defaults_to_port_465_and_plain_smtp_to_25():
    assert settings_for(EMAIL_URL="smtps://smtp.k.no")["EMAIL_PORT"] == 465
    assert settings_for(EMAIL_URL="smtps://smtp.k.no")["EMAIL_USE_SSL"]
    assert settings_for(EMAIL_URL="smtp://relay")["EMAIL_PORT"] == 25


def test_console_and_file_urls():
    assert "console" in settings_for(EMAIL_URL="console:")["EMAIL_BACKEND"]
    result = settings_for(EMAIL_URL="file:///var/tmp/post")
    assert result["EMAIL_FILE_PATH"] == "/var/tmp/post"


def test_separate_variables():
    result = settings_for(EMAIL_HOST="smtp.k.no", EMAIL_PORT="2525", EMAIL_USE_TLS="true")
    assert (result["EMAIL_HOST"], result["EMAIL_PORT"], result["EMAIL_USE_TLS"]) == (
        "smtp.k.no",
        2525,
        True,
    )


def test_development_writes_mail_to_files_and_production_defaults_to_localhost():
    assert email_settings({}, debug=True, file_path="/x/var/mail")["EMAIL_FILE_PATH"] == (
        "/x/var/mail"
    )
    assert "EMAIL_BACKEND" not in email_settings({}, debug=False, file_path="/x")


@pytest.mark.parametrize(
    "environ",
    [
        {"EMAIL_URL": "imap://mail.k.no"},
        {"EMAIL_URL": "smtp://"},
        {"EMAIL_HOST": "h", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
    ],
)
def test_mistakes_stop_the_start_with_a_message(environ):
    with pytest.raises(ImproperlyConfigured):
        settings_for(**environ)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.mark.django_db
def test_an_invitation_goes_through_a_real_smtp_server_and_its_link_works(
    smtp_server, settings, hallingdal_secretariat_client, client
):
    controller, inbox = smtp_server
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    response = hallingdal_secretariat_client.post(
        reverse("accounts:invite", args=["hallingdal"]),
        {"email": "gunn@hallingdal.example", "role": "reader"},
    )
    assert response.status_code == 302
    (message,) = inbox.messages
    assert message["To"] == "gunn@hallingdal.example"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/invitasjon/\S+/", body)[0]
    accepted = client.post(
        link,
        {
            "first_name": "Gunn",
            "last_name": "Li",
            "password1": "Kvitingen ved Gol 2026",
            "password2": "Kvitingen ved Gol 2026",
        },
    )
    assert accepted.status_code == 302
    assert Membership.objects.filter(user__email="gunn@hallingdal.example").exists()
