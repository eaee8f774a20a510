import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from helpers import HTMX

from measures.models import Measure
from measures.status import Status
from plans.models import Plan
from plans.synthetic import build_synthetic_plan

pytestmark = pytest.mark.django_db

PLAN_URL = "/hallingdal/regionplan/"


def shown_codes(response):
    """Codes of the measure rows in a response, in page order."""
    row = r'<tr id="measure-\d+">\s*<td class="measures__code"[^>]*>\s*<a [^>]*>\s*([^<]+?)\s*<'
    return re.findall(row, response.content.decode())


def test_filter_by_status_shows_only_those_measures(client):
    response = client.get(PLAN_URL, {"status": "red"})
    assert shown_codes(response) == ["1.2.2"]
    assert "Viser 1 av 69 tiltak" in response.content.decode()


def test_filters_combine(client, hallingdal_plan):
    area = hallingdal_plan.focus_areas.get(number=6)
    response = client.get(PLAN_URL, {"status": ["yellow", "red"], "area": area.pk})
    assert shown_codes(response) == ["6.3.6"]


def test_party_filter_matches_every_spelling_of_the_party(client):
    codes = shown_codes(client.get(PLAN_URL, {"party": "Regionråd"}))
    responsible = dict(
        Measure.objects.filter(goal__focus_area__plan__slug="regionplan").values_list(
            "code", "responsible"
        )
    )
    assert {responsible[c] for c in codes} >= {"Regionråd", "Regionrådet", "Kommunane Regionråd"}
    assert all("Regionråd" in responsible[c] for c in codes)


def test_party_filter_offers_parties_derived_from_the_data(client):
    body = client.get(PLAN_URL).content.decode()
    for party in ("Regionråd", "Næringshage", "Kommunane", "IKT Hallingdal"):
        assert f'<option value="{party}">' in body


def test_year_filter_uses_the_parsed_range(client):
    codes = shown_codes(client.get(PLAN_URL, {"year": 2026}))
    dues = dict(
        Measure.objects.filter(goal__focus_area__plan__slug="regionplan").values_list("code", "due")
    )
    assert {dues[c] for c in codes} >= {"2026", "2025.- 2026", "årleg", "Kont"}
    assert "2027" not in {dues[c] for c in codes}


def test_search_kollektiv_finds_kollektivtilbod(client):
    response = client.get(PLAN_URL, {"q": "kollektiv"})
    codes = shown_codes(response)
    # 3.3.1 says "kollektivløysingar"; 3.3.2 (Hallingbussen) is under goal 3.3 "kollektivtilbod".
    assert {"3.3.1", "3.3.2"} <= set(codes)
    assert "1.1.1" not in codes
    assert "<mark>kollektiv</mark>" in response.content.decode().lower()


def test_search_by_code(client):
    assert shown_codes(client.get(PLAN_URL, {"q": "5.4.1"})) == ["5.4.1", "5.4.1"]


def test_invalid_filter_value_gets_a_message_and_shows_everything(client):
    response = client.get(PLAN_URL, {"status": "purple", "year": "soon"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nokre filter kunne ikkje brukast" in body
    assert len(shown_codes(response)) == 69


def test_no_match_says_so_and_offers_to_clear(client):
    body = client.get(PLAN_URL, {"q": "zzzzzz"}).content.decode()
    assert "Ingen tiltak passar" in body


def test_htmx_request_gets_only_the_results_fragment(client):
    response = client.get(PLAN_URL, {"status": "red"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert shown_codes(response) == ["1.2.2"]


def test_htmx_history_restore_gets_the_full_page(client):
    response = client.get(
        PLAN_URL,
        {"status": "red"},
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_plan_page_shows_legend_in_the_councils_wording(client):
    body = client.get(PLAN_URL).content.decode()
    for words in ("Ferdig, gjennomført", "Påstarta, i rute", "Ikkje gjennomført, ikkje i rute"):
        assert words in body
    nb = client.get("/lillehammer-regionen/handlings-og-okonomiplan-2026/").content.decode()
    assert "Påbegynt, i rute" in nb and "Grønn" in nb


def test_summary_counts_per_focus_area(client, hallingdal_plan):
    response = client.get(PLAN_URL)
    areas = {a.number: a for a in response.context["focus_areas"]}
    assert areas[1].summary.counts == {Status.NOT_ASSESSED: 9, Status.YELLOW: 1, Status.RED: 1}
    assert response.context["summary"].total == 69


def test_council_page_lists_plans_newest_first_with_status_summary(client):
    response = client.get("/lillehammer-regionen/")
    plans = response.context["plans"]
    assert [p.slug for p in plans] == [
        "handlings-og-okonomiplan-2026",
        "strategisk-handlingsplan-2021-2025",
    ]
    assert plans[0].summary.total == 28


def test_council_search_finds_measures_across_plans(client):
    response = client.get("/hallingdal/sok/", {"q": "kollektiv"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "3.3.1" in body
    assert "<mark>" in body


def test_council_search_escapes_the_query(client):
    body = client.get("/hallingdal/sok/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL-only")
def test_council_search_ranks_on_postgresql(client):
    response = client.get("/hallingdal/sok/", {"q": "kollektiv"})
    ranks = [m.rank for m in response.context["page"]]
    assert ranks == sorted(ranks, reverse=True)


def test_quality_hints_need_a_login(client):
    response = client.get(reverse("plans:plan_quality", args=["hallingdal", "regionplan"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("hallingdal-politikar", 403),
        ("nord-gudbrandsdal-sekretariat", 403),
        ("hallingdal-sekretariat", 200),
        ("admin", 200),
    ],
)
def test_quality_hints_are_for_the_councils_secretariat(login, username, status):
    url = reverse("plans:plan_quality", args=["hallingdal", "regionplan"])
    assert login(username).get(url).status_code == status


def test_quality_hints_list_repeated_codes_and_texts(
    hallingdal_secretariat_client, nord_gudbrandsdal_secretariat_client
):
    response = hallingdal_secretariat_client.get("/hallingdal/regionplan/kvalitet/")
    report = response.context["report"]
    assert sorted(group[0].code for group in report.repeated_codes) == ["5.4.1", "6.4.1"]
    assert report.without_responsible  # 3.1.4 has no Ansvar

    response = nord_gudbrandsdal_secretariat_client.get(
        "/nord-gudbrandsdal/handlingsplan-2026/kvalitet/"
    )
    report = response.context["report"]
    assert len(report.repeated_texts) == 1 and len(report.repeated_texts[0]) == 2


def test_secretariat_sees_the_link_to_quality_hints_and_readers_do_not(
    hallingdal_reader_client, hallingdal_secretariat_client
):
    assert "/kvalitet/" not in hallingdal_reader_client.get(PLAN_URL).content.decode()
    assert "/kvalitet/" in hallingdal_secretariat_client.get(PLAN_URL).content.decode()


@pytest.mark.parametrize("params", [{}, {"status": "red", "q": "kollektiv", "year": "2026"}])
def test_plan_page_query_count_is_the_same_for_10_and_1000_measures(
    client, hallingdal_council, params
):
    small = build_synthetic_plan(hallingdal_council, slug="small", measures=10)
    large = build_synthetic_plan(hallingdal_council, slug="large", measures=1000)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(plan.get_absolute_url(), params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12  # 7, and at most 5 for the status over time (plans/trend.py)


def test_plan_page_query_count_for_a_logged_in_secretariat(hallingdal_secretariat_client):
    with CaptureQueriesContext(connection) as queries:
        hallingdal_secretariat_client.get(PLAN_URL)
    # 10, 5 for the status over time (plans/trend.py), 1 for the archived list, 1 for the open
    # status requests' progress (owners/).
    assert len(queries) <= 17


def test_unpublished_plan_is_not_in_the_council_list_for_the_public(client):
    Plan.objects.filter(slug="handlingsplan-2026").update(published=False)
    response = client.get("/nord-gudbrandsdal/")
    # Only the (published) strategy record the action plan follows is left.
    assert [p.slug for p in response.context["plans"]] == ["strategisk-plan-2025-2028"]
