"""What the busiest requests cost in queries (issue 17): the status change and a politician's
reading. Timings are in bench/plan_page.py, never here.

Queries are counted as Django sends them. The test's own transaction turns the view's
`atomic()` into SAVEPOINT/RELEASE statements that a request in production does not send (there
the view's block is the outermost transaction: BEGIN and COMMIT, which Django does not count),
so those two are left out of the count.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from helpers import HTMX, measure_by_code

from measures.models import Measure, StatusChange
from measures.summary import count_overview, overview_from, plan_overview

PLAN_URL = "/hallingdal/regionplan/"
CACHED_SESSIONS = "django.contrib.sessions.backends.cached_db"


def statements(context):
    return [
        query["sql"]
        for query in context.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


@pytest.fixture
def editor(settings, login):
    """The secretariat on the plan page, with sessions as production keeps them with a shared
    cache (CACHE_URL): read from the cache, written through to the database."""
    settings.SESSION_ENGINE = CACHED_SESSIONS
    client = login("hallingdal-sekretariat")
    assert client.get(PLAN_URL).status_code == 200
    return client


def test_status_change_with_htmx_takes_at_most_six_queries(editor, measure):
    with CaptureQueriesContext(connection) as context:
        response = editor.post(
            f"{PLAN_URL}tiltak/{measure.pk}/status/",
            {"status": "green", "comment": "I rute"},
            headers=HTMX,
        )
    assert response.status_code == 200
    sent = statements(context)
    assert len(sent) <= 6, "\n".join(sent)
    # The change is complete: history row, status and comment, the overview counting it.
    change = StatusChange.objects.get(measure=measure)
    assert (change.from_status, change.to_status, change.comment) == (
        "not_assessed",
        "green",
        "I rute",
    )
    measure.refresh_from_db()
    assert (measure.status, measure.comment) == ("green", "I rute")
    body = response.content.decode()
    assert f'id="measure-{measure.pk}-status"' in body
    assert 'id="overview"' in body


def test_status_change_without_javascript_takes_at_most_six_queries(editor, measure):
    with CaptureQueriesContext(connection) as context:
        response = editor.post(f"{PLAN_URL}tiltak/{measure.pk}/status/", {"status": "red"})
    assert response.status_code == 302
    sent = statements(context)
    assert len(sent) <= 6, "\n".join(sent)


def test_overview_after_status_changes_matches_a_fresh_count(editor, hallingdal_plan):
    for code, status in [("1.1.1", "green"), ("1.1.2", "red"), ("1.1.1", "yellow")]:
        measure = measure_by_code(code)
        response = editor.post(
            f"{PLAN_URL}tiltak/{measure.pk}/status/", {"status": status}, headers=HTMX
        )
        assert response.status_code == 200
    hallingdal_plan.refresh_from_db()
    summary, areas = plan_overview(hallingdal_plan)
    fresh_summary, fresh_areas = overview_from(count_overview(hallingdal_plan.pk))
    assert summary.counts == fresh_summary.counts
    assert [(a.pk, a.summary.counts) for a in areas] == [
        (a.pk, a.summary.counts) for a in fresh_areas
    ]
    assert summary.counts["yellow"] == fresh_summary.counts["yellow"] > 0


def test_status_change_for_a_measure_of_another_plan_is_404_and_writes_nothing(
    editor, hallingdal_plan
):
    other = Measure.objects.exclude(goal__focus_area__plan=hallingdal_plan).first()
    revision = hallingdal_plan.revision
    response = editor.post(f"{PLAN_URL}tiltak/{other.pk}/status/", {"status": "red"})
    assert response.status_code == 404
    hallingdal_plan.refresh_from_db()
    assert hallingdal_plan.revision == revision
    assert not StatusChange.objects.filter(measure=other, to_status="red").exists()


def test_status_change_of_an_archived_measure_is_refused_and_writes_nothing(editor, measure):
    Measure.all_objects.filter(pk=measure.pk).update(archived_at="2026-01-01T00:00:00Z")
    response = editor.post(
        f"{PLAN_URL}tiltak/{measure.pk}/status/", {"status": "red"}, headers=HTMX
    )
    assert response.status_code == 409
    assert not StatusChange.objects.filter(measure=measure).exists()


def test_politician_reads_the_plan_page_with_one_membership_lookup(hallingdal_reader_client):
    hallingdal_reader_client.get(PLAN_URL)  # the rendered body is cached from here on
    with CaptureQueriesContext(connection) as context:
        assert hallingdal_reader_client.get(PLAN_URL).status_code == 200
    sent = statements(context)
    assert len(sent) <= 4, "\n".join(sent)
    assert sum("plans_membership" in sql for sql in sent) == 1, "\n".join(sent)
