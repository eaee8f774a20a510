"""Plan files made in the background and kept per revision (issue 17, renderings/).

The worker is django-tasks' own `db_worker`, run here in the test's process with `--batch`: it
takes every queued task from the database, runs it and stops.
"""

import time

import pytest
from django_tasks_db.models import DBTaskResult
from helpers import HTMX, run_worker

from plans.models import Council
from plans.synthetic import build_synthetic_plan
from renderings import services, tasks
from renderings.models import PreparedFile


@pytest.fixture
def large_plan(db):
    """A published 1,000-measure plan of Hallingdal's."""
    plan = build_synthetic_plan(
        Council.objects.get(slug="hallingdal"), slug="stor-plan", measures=1000
    )
    plan.refresh_from_db()  # its areas and goals bumped the revision
    return plan


def urls(plan, fmt="pdf"):
    base = plan.get_absolute_url()
    return base + f"eksport.{fmt}", base + f"eksport.{fmt}/klargjering/"


def test_large_plan_pdf_returns_at_once_and_the_file_arrives_from_the_worker(
    client, large_plan, monkeypatch
):
    export_url, status_url = urls(large_plan)
    started = time.perf_counter()
    response = client.get(export_url)
    # Nothing is rendered in the request: it points to the waiting page...
    assert response.status_code == 302 and response["Location"] == status_url
    assert time.perf_counter() - started < 5  # 18 s when the PDF was made in the request
    waiting = client.get(status_url)
    body = waiting.content.decode()
    assert waiting.status_code == 200
    assert "Fila blir laga" in body  # nynorsk: "the file is being prepared"
    assert 'hx-trigger="every 2s"' in body and 'http-equiv="refresh"' in body
    file = PreparedFile.objects.get(plan=large_plan, fmt="pdf")
    assert (file.state, file.revision) == ("pending", large_plan.revision)
    assert DBTaskResult.objects.filter(id=file.task_id).exists()

    run_worker()

    file.refresh_from_db()
    assert file.state == "ready" and file.size > 10_000
    ready = client.get(status_url, headers=HTMX)
    assert "hx-trigger" not in ready.content.decode()
    assert export_url in ready.content.decode()
    download = client.get(export_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and len(download.content) == file.size


def test_second_request_for_the_same_revision_reuses_the_file(client, large_plan, monkeypatch):
    export_url, _status = urls(large_plan, "xlsx")
    client.get(export_url)
    run_worker()
    first = client.get(export_url)
    assert first.status_code == 200

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setitem(services.EXPORTS, "xlsx", ("", refuse))
    monkeypatch.setitem(tasks.EXPORTS, "xlsx", ("", refuse))
    second = client.get(export_url)
    assert second.status_code == 200 and second.content == first.content
    assert PreparedFile.objects.filter(plan=large_plan, fmt="xlsx").count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_change_to_the_plan_prepares_a_new_file_and_drops_the_old(
    client, large_plan, hallingdal_secretariat
):
    export_url, status_url = urls(large_plan, "xlsx")
    client.get(export_url)
    run_worker()
    measure = large_plan.focus_areas.first().goals.first().measures.first()
    measure.change_status("red", user=hallingdal_secretariat)
    assert client.get(export_url)["Location"] == status_url
    run_worker()
    large_plan.refresh_from_db()
    files = PreparedFile.objects.filter(plan=large_plan, fmt="xlsx")
    assert [(f.revision, f.state) for f in files] == [(large_plan.revision, "ready")]


def test_a_failed_rendering_is_shown_and_can_be_tried_again(client, large_plan, monkeypatch):
    export_url, status_url = urls(large_plan)

    def broken(plan, base_url=""):
        raise RuntimeError("font missing")

    monkeypatch.setitem(tasks.EXPORTS, "pdf", ("application/pdf", broken))
    client.get(export_url)
    run_worker()
    file = PreparedFile.objects.get(plan=large_plan, fmt="pdf")
    assert file.state == "failed" and "font missing" in file.error
    page = client.get(status_url).content.decode()
    assert "kunne ikkje lagast" in page and "Prøv igjen" in page
    assert "hx-trigger" not in page
    # The download address does not pretend: it leads to the page that says so.
    assert client.get(export_url)["Location"] == status_url

    monkeypatch.undo()
    monkeypatch.setitem(tasks.EXPORTS, "pdf", ("application/pdf", lambda plan: b"%PDF-again"))
    assert client.post(status_url)["Location"] == status_url
    assert PreparedFile.objects.get(plan=large_plan, fmt="pdf").state == "pending"
    run_worker()
    assert client.get(export_url).content == b"%PDF-again"


def test_a_file_whose_worker_was_lost_is_offered_again(client, large_plan):
    export_url, status_url = urls(large_plan)
    client.get(export_url)
    PreparedFile.objects.update(requested_at="2026-01-01T00:00:00Z")
    assert "Prøv igjen" in client.get(status_url).content.decode()


def test_small_plan_file_is_made_in_the_request_and_stored(client, hallingdal_plan, monkeypatch):
    url = hallingdal_plan.get_absolute_url() + "eksport.xlsx"
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"PK")
    stored = PreparedFile.objects.get(plan=hallingdal_plan, fmt="xlsx")
    assert (stored.state, stored.revision) == ("ready", hallingdal_plan.revision)
    monkeypatch.setitem(services.EXPORTS, "xlsx", ("", lambda plan: b"rendered again"))
    assert client.get(url).content == first.content
    assert not DBTaskResult.objects.exists()


def test_waiting_page_is_for_those_who_may_read_the_plan(client, large_plan):
    large_plan.published = False
    large_plan.save()
    _export, status_url = urls(large_plan)
    assert client.get(status_url).status_code == 404
    assert client.post(status_url).status_code == 404
    assert not PreparedFile.objects.exists()


def test_only_pdf_and_excel_are_prepared(client, large_plan):
    assert client.get(large_plan.get_absolute_url() + "eksport.csv/klargjering/").status_code == 404
