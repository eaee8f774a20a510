"""Whole pages kept under their ETag (regionplan/lib/response_cache.py, issue 17): a second
reader is answered without rendering, with their own CSRF token, and never with a page that
is out of date or was made for someone else."""

import re

import pytest
from django.contrib.messages import constants, storage
from django.db import connection
from django.http import HttpResponse
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure, Theme
from owners.models import Party
from plans.models import Goal, Municipality, Plan

PLAN_URL = "/hallingdal/regionplan/"
COUNCIL_URL = "/hallingdal/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def reader(csrf_cookie):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = csrf_cookie
    return client


def no_rendering(monkeypatch):
    monkeypatch.setattr(Template, "render", lambda *a, **k: pytest.fail("rendered a template"))


@pytest.mark.parametrize("url", [PLAN_URL, COUNCIL_URL, "measure"])
def test_a_second_reader_gets_the_kept_page_with_their_own_working_csrf_token(
    db, monkeypatch, url, measure
):
    url = measure.get_absolute_url() if url == "measure" else url
    first = reader("a" * 32).get(url)
    assert first.status_code == 200
    no_rendering(monkeypatch)
    second_reader = reader("b" * 32)
    second = second_reader.get(url)
    assert second.status_code == 200
    page = second.content.decode()
    assert TOKEN.findall(page) and TOKEN.findall(page) != TOKEN.findall(first.content.decode())
    monkeypatch.undo()
    # The token the kept page carries is this reader's: their form is accepted.
    token = TOKEN.search(page)[1]
    answer = second_reader.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302


def test_a_reader_without_a_csrf_cookie_gets_one_that_matches_the_kept_page(db):
    reader("a" * 32).get(PLAN_URL)
    newcomer = Client(enforce_csrf_checks=True)
    page = newcomer.get(PLAN_URL)
    assert "csrftoken" in page.cookies
    token = TOKEN.search(page.content.decode())[1]
    answer = newcomer.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302


def test_a_status_change_shows_on_the_next_read_of_every_kept_page(
    client, measure, hallingdal_secretariat
):
    urls = [PLAN_URL, COUNCIL_URL, measure.get_absolute_url()]
    before = {url: client.get(url).content for url in urls}
    measure.change_status("red", user=hallingdal_secretariat)
    for url in urls:
        after = client.get(url).content
        assert after != before[url], url
    assert "badge--red" in client.get(measure.get_absolute_url()).content.decode()


def test_a_page_kept_for_a_member_is_not_given_to_the_public(client, hallingdal_reader_client):
    member_page = hallingdal_reader_client.get(PLAN_URL).content.decode()
    public_page = client.get(PLAN_URL).content.decode()
    assert "account_logout" not in public_page
    assert reverse("account_logout") in member_page
    assert reverse("account_logout") not in public_page


def test_a_renamed_person_sees_their_new_name_on_kept_pages(hallingdal_reader_client):
    from django.contrib.auth import get_user_model

    hallingdal_reader_client.get(PLAN_URL)
    user = get_user_model().objects.get(username="hallingdal-politikar")
    user.first_name, user.last_name = "Kari", "Nordmann-Åsen"
    user.save()
    assert "Kari Nordmann-Åsen" in hallingdal_reader_client.get(PLAN_URL).content.decode()


def test_the_council_page_links_a_municipality_as_soon_as_it_has_a_party(
    client, hallingdal_council
):
    Party.objects.filter(municipality__council=hallingdal_council).update(municipality=None)
    hol = Municipality.objects.get(council=hallingdal_council, name="Hol")
    assert "/ansvarlege/hol-kommune-test/" not in client.get(COUNCIL_URL).content.decode()
    Party.objects.create(
        council=hallingdal_council,
        name="Hol kommune test",
        slug="hol-kommune-test",
        municipality=hol,
    )
    assert "/ansvarlege/hol-kommune-test/" in client.get(COUNCIL_URL).content.decode()


def test_a_page_with_a_query_string_is_not_kept(db, client):
    from django.core.cache import cache

    client.get(PLAN_URL, {"utm_source": "x"})
    assert not [key for key in cache._cache if "whole-page" in key]
    client.get(PLAN_URL)
    assert [key for key in cache._cache if "whole-page" in key]


def test_a_page_with_a_message_is_rendered_for_it_and_not_kept(db, client):
    client.get(PLAN_URL)
    message = storage.base.Message(constants.SUCCESS, "Lagra «æøå».")
    cookie = storage.cookie.CookieStorage(None)._encode([message])
    client.cookies["messages"] = cookie
    page = client.get(PLAN_URL).content.decode()
    assert "Lagra «æøå»." in page
    client.cookies.pop("messages", None)
    assert "Lagra «æøå»." not in client.get(PLAN_URL).content.decode()


def test_a_response_that_sets_a_cookie_or_changes_the_session_is_not_kept(rf):
    from regionplan.lib.response_cache import storable

    request = rf.get("/")
    with_cookie = HttpResponse("<p>x</p>")
    with_cookie.set_cookie("seen", "1")
    assert storable(request, with_cookie, "p") is None
    assert storable(request, HttpResponse("<p>x</p>"), "p") is not None
    request.session = type("Session", (), {"modified": True})()
    assert storable(request, HttpResponse("<p>x</p>"), "p") is None
    assert storable(rf.get("/"), HttpResponse(status=404), "p") is None


def kept_pages():
    from django.core.cache import cache

    return [key for key in cache._cache if "whole-page" in key]


def test_the_token_goes_only_where_forms_carry_it_and_typed_text_stays_as_typed(
    db, hallingdal_plan
):
    typed = "[Les meir](https://example.org/?t=csrfplaceholder) «token» {{ csrf_token }}"
    Plan.objects.filter(pk=hallingdal_plan.pk).update(intro=typed, revision=999)
    reader("a" * 32).get(PLAN_URL)
    page = reader("b" * 32).get(PLAN_URL).content.decode()
    token = TOKEN.search(page)[1]
    forms = page.count('name="csrfmiddlewaretoken"')
    assert page.count(token) == forms + 1  # and the htmx header on <body>
    assert "https://example.org/?t=csrfplaceholder" in page
    assert "{{ csrf_token }}" in page


def test_made_up_htmx_header_values_keep_no_extra_pages(db):
    for value in ["x1", "x2", "TRUE", ""]:
        reader("a" * 32).get(PLAN_URL, headers={"HX-History-Restore-Request": value})
    assert len(kept_pages()) == 1


def test_a_signed_in_readers_new_csrf_cookie_reuses_their_kept_page(
    hallingdal_reader_client, monkeypatch
):
    hallingdal_reader_client.cookies["csrftoken"] = "a" * 32
    hallingdal_reader_client.get(PLAN_URL)
    no_rendering(monkeypatch)
    hallingdal_reader_client.cookies["csrftoken"] = "b" * 32
    page = hallingdal_reader_client.get(PLAN_URL)
    assert page.status_code == 200 and len(kept_pages()) == 1
    monkeypatch.undo()
    hallingdal_reader_client.handler.enforce_csrf_checks = True
    token = TOKEN.search(page.content.decode())[1]
    answer = hallingdal_reader_client.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302


def test_a_renamed_party_shows_on_the_measure_page_at_once(client, hallingdal_plan):
    measure = Measure.objects.filter(
        goal__focus_area__plan=hallingdal_plan, responsible_parties__isnull=False
    ).first()
    party = measure.responsible_parties.first()
    assert party.name in client.get(measure.get_absolute_url()).content.decode()
    Party.objects.filter(pk=party.pk).update(name="Nytt namn «AS»")
    assert "Nytt namn «AS»" in client.get(measure.get_absolute_url()).content.decode()


def test_a_renamed_county_shows_on_the_council_page_at_once(client, hallingdal_council):
    assert hallingdal_council.county.name in client.get(COUNCIL_URL).content.decode()
    county = hallingdal_council.county
    county.name = "Buskerud fylkeskommune (nytt namn)"
    county.save()
    assert "(nytt namn)" in client.get(COUNCIL_URL).content.decode()


def test_a_theme_renamed_elsewhere_changes_the_etag_of_the_secretariats_measure_page(
    hallingdal_secretariat_client, measure
):
    theme = Theme.objects.create(name="Testtema vassforvaltning", slug="testtema-vass")
    url = measure.get_absolute_url()
    first = hallingdal_secretariat_client.get(url)
    Theme.objects.filter(pk=theme.pk).update(name="Testtema vatn og avløp")
    again = hallingdal_secretariat_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Testtema vatn og avløp" in again.content.decode()


def test_the_secretariats_pages_are_never_kept(hallingdal_secretariat_client, measure):
    for url in (PLAN_URL, COUNCIL_URL, measure.get_absolute_url()):
        hallingdal_secretariat_client.get(url)
    assert kept_pages() == []


@pytest.mark.parametrize(
    ("who", "most"),
    [
        # The plan; the measure's responsible parties (their names and pages). The measure
        # itself is read only to render: the plan's revision stands for it.
        ("anonymous", 2),
        # Their session and person, the plan with their role in its council, the measure's
        # responsible parties.
        ("reader", 4),
    ],
)
def test_a_kept_measure_page_costs_only_its_validators(
    client, hallingdal_reader_client, measure, who, most, monkeypatch
):
    visitor = client if who == "anonymous" else hallingdal_reader_client
    visitor.cookies["csrftoken"] = "c" * 32  # the CSRF cookie a first page would have set
    url = measure.get_absolute_url()
    visitor.get(url)
    no_rendering(monkeypatch)
    with CaptureQueriesContext(connection) as context:
        assert visitor.get(url).status_code == 200
    assert len(context.captured_queries) <= most


def test_nothing_is_kept_while_developing(db, client, settings, monkeypatch):
    settings.DEBUG = True
    client.get(PLAN_URL)
    rendered = []
    original = Template.render
    monkeypatch.setattr(Template, "render", lambda *a, **k: rendered.append(1) or original(*a, **k))
    client.get(PLAN_URL)
    assert rendered


def test_the_etag_header_is_a_plain_string_as_wsgi_servers_require(db, client):
    assert type(client.get(PLAN_URL)["ETag"]) is str


def test_a_renamed_person_is_named_anew_in_the_history_kept_pages_show(
    client, measure, hallingdal_secretariat
):
    measure.change_status("red", comment="Seint ute", user=hallingdal_secretariat)
    url = measure.get_absolute_url()
    assert "hallingdal-sekretariat" in client.get(url).content.decode()
    hallingdal_secretariat.first_name, hallingdal_secretariat.last_name = "Randi", "Ål"
    hallingdal_secretariat.save()
    assert "Randi Ål" in client.get(url).content.decode()


def test_a_sign_in_outdates_no_page(client, hallingdal_plan, django_user_model):
    from django.contrib.auth.models import update_last_login

    revision = hallingdal_plan.revision
    update_last_login(None, django_user_model.objects.get(username="hallingdal-politikar"))
    hallingdal_plan.refresh_from_db()
    assert hallingdal_plan.revision == revision


@pytest.mark.parametrize("change", ["archived", "moved to another plan", "deleted"])
def test_a_kept_measure_page_is_not_served_once_the_measure_left_the_plan_or_was_archived(
    client, measure, change
):
    if change == "deleted":  # one nothing refers to yet (reports and answers protect theirs)
        measure = Measure.objects.create(goal=measure.goal, order=999, text="Mellombels tiltak")
    url = measure.get_absolute_url()
    assert "Tiltaket vart arkivert" not in client.get(url).content.decode()
    if change == "archived":
        measure.archived_at = timezone.now()
        measure.save()
    elif change == "moved to another plan":
        fresh = Measure.objects.get(pk=measure.pk)
        fresh.goal = Goal.objects.exclude(focus_area__plan=measure.goal.focus_area.plan).first()
        fresh.save()
    else:
        measure.delete()
    response = client.get(url)
    if change == "archived":
        assert response.status_code == 200
        assert "Tiltaket vart arkivert" in response.content.decode()
    else:
        assert response.status_code == 404
