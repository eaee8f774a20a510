"""Issue 13: what a probe as an attacker and as a busy secretariat found, each fixed and kept.

Text kept as typed: tests/test_typed_text.py; concurrent writes: tests/test_concurrent_writes.py;
sign-in behind a proxy: tests/test_signin.py.
"""

import logging

import pytest
from django.db import OperationalError
from django.test import override_settings

from measures.models import Measure
from plans.exports import EXPORTS
from regionplan.lib import transactions
from regionplan.lib.spreadsheets import inert

pytestmark = pytest.mark.django_db

PLAN_URL = "/hallingdal/regionplan/"


class Deadlocked(Exception):
    sqlstate = "40P01"


def deadlock():
    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlocked()
    return error


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_victim_is_run_again(monkeypatch):
    monkeypatch.setattr(transactions.time, "sleep", lambda seconds: None)
    calls = []

    @transactions.retry_deadlocks
    def write():
        calls.append(1)
        if len(calls) == 1:
            raise deadlock()
        return "saved"

    assert write() == "saved" and len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    calls = []

    @transactions.retry_deadlocks
    def write():
        calls.append(1)
        raise OperationalError("disk full")

    with pytest.raises(OperationalError):
        write()
    assert len(calls) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/hallingdal/regionplan/sak/03%00-26/",
        "/hallingdal/importer/?plan=regionplan%00",
        "/hallingdal/regionplan/?q=kollektiv%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_a_form_is_a_bad_request_and_writes_nothing(
    hallingdal_secretariat_client, measure
):
    url = f"{PLAN_URL}tiltak/{measure.pk}/status/"
    response = hallingdal_secretariat_client.post(url, {"status": "green", "comment": "ok\x00"})
    assert response.status_code == 400
    assert not measure.status_changes.exists()


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_on_plain_http_while_pages_redirect(client):
    assert client.get("/healthz/").status_code == 200
    assert client.get("/").status_code == 301


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get(PLAN_URL)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_no_page_has_an_inline_style_or_script(hallingdal_secretariat_client):
    client = hallingdal_secretariat_client
    for url in ("/", "/hallingdal/", PLAN_URL, "/lillehammer-regionen/budsjett/2026/"):
        body = client.get(url).content.decode()
        assert "style=" not in body, url
        assert "<script>" not in body and "<style" not in body, url


@override_settings(SESSION_COOKIE_SECURE=True, LANGUAGE_COOKIE_SECURE=True)
def test_language_and_download_cookies_are_secure_and_same_site(client):
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["secure"] and cookie["samesite"] == "Lax" and cookie["httponly"]
    response = client.get(f"{PLAN_URL}eksport.json", {"token": "abc123"})
    cookie = response.cookies["download"]
    assert cookie["secure"] and cookie["samesite"] == "Lax"


def test_unknown_query_parameters_share_the_cached_page(client):
    from django.core.cache import cache

    client.get(PLAN_URL, {"status": "red"})
    keys = len(cache._cache)
    client.get(PLAN_URL, {"status": "red", "utm_source": "nyheitsbrev", "fbclid": "x1"})
    client.get(PLAN_URL, {"status": "red", "page": "9", "q": "  "})
    assert len(cache._cache) == keys


def test_a_403_is_logged_as_one_line(hallingdal_reader_client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = hallingdal_reader_client.get(f"{PLAN_URL}statusrunde/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    console = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    assert console.filter(record)
    assert "\n" not in console.format(record)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+47 99", "'+47 99"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Mål: a<b", "Mål: a<b"),
    ],
)
def test_csv_cells_that_would_start_a_formula_are_made_inert(cell, written):
    assert inert(cell) == written


def test_the_csv_export_writes_a_formula_like_text_inert(hallingdal_plan, measure):
    Measure.objects.filter(pk=measure.pk).update(text='=HYPERLINK("http://x","klikk")')
    assert "'=HYPERLINK(" in EXPORTS["csv"][1](hallingdal_plan).decode()
    assert '"=HYPERLINK(' in EXPORTS["json"][1](hallingdal_plan).decode()
