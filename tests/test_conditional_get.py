"""Conditional GET on pages and downloads (issue 17): an ETag from the plan's revision, the
viewer's role and the language; a matching If-None-Match gets 304 without rendering."""

import pytest
from django.db import connection
from django.template.base import Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from helpers import HTMX

from plans.models import StatusReport

PLAN_URL = "/hallingdal/regionplan/"


def revalidate(client, url, response, **headers):
    return client.get(url, headers={"If-None-Match": response["ETag"], **headers})


def test_plan_page_gets_304_on_a_matching_etag_and_200_after_a_status_change(
    client, measure, hallingdal_secretariat
):
    first = client.get(PLAN_URL)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = revalidate(client, PLAN_URL, first)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    measure.change_status("red", user=hallingdal_secretariat)
    after = revalidate(client, PLAN_URL, first)
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "badge--red" in after.content.decode()


def test_a_304_renders_nothing_and_asks_one_query(db, client, monkeypatch):
    first = client.get(PLAN_URL)
    monkeypatch.setattr(Template, "render", lambda *a, **k: pytest.fail("rendered a template"))
    with CaptureQueriesContext(connection) as context:
        response = revalidate(client, PLAN_URL, first)
    assert response.status_code == 304
    assert len(context.captured_queries) == 1


def test_etag_differs_by_role_language_and_fragment(
    client, hallingdal_reader_client, hallingdal_secretariat_client
):
    anonymous = client.get(PLAN_URL)["ETag"]
    reader = hallingdal_reader_client.get(PLAN_URL)["ETag"]
    secretariat = hallingdal_secretariat_client.get(PLAN_URL)["ETag"]
    fragment = client.get(PLAN_URL, headers=HTMX)["ETag"]
    client.cookies["django_language"] = "en"
    english = client.get(PLAN_URL)["ETag"]
    assert len({anonymous, reader, secretariat, fragment, english}) == 5


def test_anothers_etag_does_not_give_a_reader_304(client, hallingdal_reader_client):
    public = client.get(PLAN_URL)
    response = revalidate(hallingdal_reader_client, PLAN_URL, public)
    assert response.status_code == 200


def test_page_with_a_waiting_message_is_rendered_not_304(hallingdal_secretariat_client, measure):
    first = hallingdal_secretariat_client.get(PLAN_URL)
    hallingdal_secretariat_client.cookies["messages"] = "pending"
    response = revalidate(hallingdal_secretariat_client, PLAN_URL, first)
    assert response.status_code == 200


def test_measure_page_gets_304_and_200_after_its_status_changes(
    client, measure, hallingdal_secretariat
):
    url = measure.get_absolute_url()
    first = client.get(url)
    assert revalidate(client, url, first).status_code == 304
    measure.change_status("green", comment="Ferdig", user=hallingdal_secretariat)
    after = revalidate(client, url, first)
    assert after.status_code == 200 and "Ferdig" in after.content.decode()


def test_council_page_gets_304_and_200_after_a_status_change(
    client, measure, hallingdal_secretariat
):
    url = "/hallingdal/"
    first = client.get(url)
    assert first.status_code == 200
    assert revalidate(client, url, first).status_code == 304
    measure.change_status("green", user=hallingdal_secretariat)
    assert revalidate(client, url, first).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_plan_exports_get_304_and_200_after_a_status_change(
    client, measure, hallingdal_secretariat, fmt
):
    url = f"{PLAN_URL}eksport.{fmt}"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert revalidate(client, url, first).status_code == 304
    measure.change_status("yellow", user=hallingdal_secretariat)
    assert revalidate(client, url, first).status_code == 200


def test_budget_export_gets_304_and_200_after_an_amount_changes(
    lillehammer_secretariat_client, budget
):
    from budgets.editing import update_item
    from budgets.models import BudgetLine

    url = f"/lillehammer-regionen/budsjett/{budget.year}/eksport.json"
    first = lillehammer_secretariat_client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert revalidate(lillehammer_secretariat_client, url, first).status_code == 304
    line = BudgetLine.objects.filter(group__budget=budget).first()
    user = lillehammer_secretariat_client.get("/").wsgi_request.user
    update_item(line, {"amount": line.amount + 1000}, expected_version=line.version, user=user)
    after = revalidate(lillehammer_secretariat_client, url, first)
    assert after.status_code == 200
    assert str(line.amount + 1000) in after.content.decode()


def test_final_report_pdf_and_archive_get_304(db, client):
    report = StatusReport.objects.filter(finalised_at__isnull=False).first()
    args = [report.plan.council.slug, report.plan.slug, report.item_number]
    for name in ("reports:pdf", "reports:archive"):
        url = reverse(name, args=args) + f"?versjon={report.version}"
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"]
        assert revalidate(client, url, first).status_code == 304


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "*"},
        {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
    ],
)
def test_a_measure_not_in_the_plan_is_404_whatever_the_client_claims_to_have(
    client, hallingdal_plan, headers
):
    from measures.models import Measure

    elsewhere = Measure.objects.exclude(goal__focus_area__plan=hallingdal_plan).first()
    for missing in (elsewhere.pk, 999_999):
        response = client.get(f"/hallingdal/regionplan/tiltak/{missing}/", headers=headers)
        assert response.status_code == 404
        assert not response.has_header("ETag")
