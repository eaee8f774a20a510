"""Sign-in behind a proxy: failures count per username and address, never per username alone."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

pytestmark = pytest.mark.django_db

USERNAME = "hallingdal-sekretariat"
PROXY = "10.0.0.2"


def sign_in(client, address, password):
    return client.post(
        "/logg-inn/",
        {"login": USERNAME, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@override_settings(TRUSTED_PROXIES=1)
def test_five_failures_from_one_address_lock_only_that_address(client):
    attacker, secretariat, colleague = "203.0.113.9", "198.51.100.7", "192.0.2.44"
    for _ in range(4):
        assert sign_in(client, attacker, "feil").status_code == 200
    assert sign_in(client, attacker, "feil").status_code == 429  # the fifth failure locks
    assert sign_in(client, attacker, "demo").status_code == 429
    assert sign_in(client, secretariat, "demo").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, colleague, "feil").status_code == 200
    assert sign_in(client, colleague, "demo").status_code == 302
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert PROXY not in addresses


@override_settings(TRUSTED_PROXIES=1)
def test_a_client_cannot_choose_its_address_by_sending_x_forwarded_for(client):
    for number in range(5):
        # The attacker writes a new address each time; the proxy appends the real one.
        sign_in(client, f"192.0.2.{number}, 203.0.113.9", "feil")
    assert sign_in(client, "192.0.2.200, 203.0.113.9", "demo").status_code == 429


@override_settings(TRUSTED_PROXIES=0)
def test_without_a_proxy_the_connection_address_counts(client):
    for _ in range(5):
        sign_in(client, "203.0.113.9", "feil")
    assert AccessAttempt.objects.get().ip_address == PROXY


@override_settings(TRUSTED_PROXIES=1)
def test_the_lockout_page_says_when_it_lifts_and_what_to_do(client):
    for _ in range(5):
        sign_in(client, "203.0.113.9", "feil")
    body = sign_in(client, "203.0.113.9", "feil").content.decode()
    attempt = AccessAttempt.objects.get()
    from django.utils import timezone

    until = timezone.localtime(attempt.attempt_time + timezone.timedelta(hours=1))
    assert f"{until:%H:%M}" in body
    assert "Andre adresser" in body or "andre adresser" in body


def test_a_new_password_from_the_mailed_link_lifts_the_pause(client, mailoutbox):
    import re

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=USERNAME)
    EmailAddress.objects.create(user=user, email="sekr@hallingdal.example", verified=True)
    for _ in range(5):
        sign_in(client, "203.0.113.9", "feil")
    assert sign_in(client, "203.0.113.9", "demo").status_code == 429
    client.post("/konto/passord/nullstill/", {"email": "sekr@hallingdal.example"})
    link = re.search(r"http://testserver(/konto/passord/nullstill/\S+/)", mailoutbox[0].body)[1]
    form = client.get(link, follow=True)
    new = "Ny og lang frå Hallingdal 7"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert sign_in(client, "203.0.113.9", new).status_code == 302
