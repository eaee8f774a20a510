import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure
from measures.status import Status
from plans.models import Council, FocusArea, Goal, Plan

pytestmark = pytest.mark.django_db

URL = "/hallingdal/regionplan/"


def main_content(response):
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def test_a_repeated_request_is_served_from_the_cache(client):
    first = main_content(client.get(URL, {"status": "red"}))
    with CaptureQueriesContext(connection) as queries:
        second = main_content(client.get(URL, {"status": "red"}))
    assert second == first
    assert len(queries) == 1  # only the plan itself, for its revision


def test_filter_order_and_empty_fields_share_one_cache_entry(client):
    client.get(URL, {"status": ["red", "yellow"], "q": ""})
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"status": ["yellow", "red"], "area": ""})
    assert len(queries) == 1


def row_of(response, measure):
    body = response.content.decode()
    start = body.index(f'<tr id="measure-{measure.pk}"')
    return body[start : body.index("</tr>", start)]


def test_a_status_change_is_visible_on_the_next_request(client, measure):
    assert "badge--not_assessed" in row_of(client.get(URL), measure)
    measure.change_status(Status.GREEN)
    assert "badge--green" in row_of(client.get(URL), measure)


@pytest.mark.parametrize(
    "edit",
    [
        "measure_text",
        "goal_text",
        "focus_area_title",
        "plan_title",
        "council_name",
        "measure_deleted",
    ],
)
def test_every_kind_of_edit_invalidates_the_cached_page(client, measure, edit):
    client.get(URL)
    goal, area = measure.goal, measure.goal.focus_area
    if edit == "measure_text":
        measure.text = "Heilt ny tiltakstekst"
        measure.save()
        expected = "Heilt ny tiltakstekst"
    elif edit == "goal_text":
        goal.text = "Heilt nytt mål"
        goal.save()
        expected = "Heilt nytt mål"
    elif edit == "focus_area_title":
        area.title = "Nytt satsingsområde"
        area.save()
        expected = "Nytt satsingsområde"
    elif edit == "plan_title":
        plan = Plan.objects.get(pk=area.plan_id)
        plan.title = "Ny regionplan"
        plan.save()
        expected = "Ny regionplan"
    elif edit == "council_name":
        council = Council.objects.get(slug="hallingdal")
        council.name = "Hallingdal nye regionråd"
        council.save()
        expected = "Hallingdal nye regionråd"
    else:
        new = Measure.objects.create(goal=goal, code="9.9.9", text="Mellombels tiltak")
        assert "Mellombels tiltak" in client.get(URL).content.decode()
        new.delete()
        assert "Mellombels tiltak" not in client.get(URL).content.decode()
        return
    assert expected in client.get(URL).content.decode()


def test_new_goal_and_focus_area_appear_at_once(client, hallingdal_plan):
    client.get(URL)
    area = FocusArea.objects.create(plan=hallingdal_plan, order=99, title="Sjuande område")
    Goal.objects.create(focus_area=area, order=1, code="7.1", text="Eit nytt mål")
    body = client.get(URL).content.decode()
    assert "Sjuande område" in body and "Eit nytt mål" in body


def test_languages_are_cached_separately(client):
    assert "Ikkje vurdert" in client.get(URL).content.decode()
    client.cookies["django_language"] = "nb"
    assert "Ikke vurdert" in client.get(URL).content.decode()


def test_secretariat_pages_are_not_cached_or_shared(
    client, hallingdal_secretariat_client, hallingdal_reader_client
):
    assert "/kvalitet/" in hallingdal_secretariat_client.get(URL).content.decode()
    assert "/kvalitet/" not in hallingdal_reader_client.get(URL).content.decode()
    assert "/kvalitet/" not in client.get(URL).content.decode()


def other_plan():
    return Plan.objects.get(council__slug="lillehammer-regionen", slug__startswith="strategisk")


@pytest.mark.parametrize("kind", ["measure", "goal", "focus area"])
def test_a_row_moved_to_another_plan_leaves_the_cached_page_of_the_plan_it_left(
    client, measure, kind
):
    """The admin can move a measure, goal or focus area to another plan: both plans' pages
    change, though only the one it joins is its plan after the save."""
    target_goal = Goal.objects.filter(focus_area__plan=other_plan()).first()
    moved = {
        "measure": Measure.objects.get(pk=measure.pk),
        "goal": Goal.objects.get(pk=measure.goal_id),
        "focus area": FocusArea.objects.get(pk=measure.goal.focus_area_id),
    }[kind]
    assert f'id="measure-{measure.pk}"' in client.get(URL).content.decode()
    other_url = other_plan().get_absolute_url()
    assert f'id="measure-{measure.pk}"' not in client.get(other_url).content.decode()

    if kind == "measure":
        moved.goal = target_goal
    elif kind == "goal":
        moved.focus_area = target_goal.focus_area
    else:
        moved.plan = other_plan()
    moved.save()

    assert f'id="measure-{measure.pk}"' not in client.get(URL).content.decode()
    assert f'id="measure-{measure.pk}"' in client.get(other_url).content.decode()


def test_a_measure_moved_by_the_code_that_created_it_leaves_the_first_plan_too(client, measure):
    new = Measure.objects.create(goal=measure.goal, order=999, text="Mellombels tiltak")
    assert f'id="measure-{new.pk}"' in client.get(URL).content.decode()
    new.goal = Goal.objects.filter(focus_area__plan=other_plan()).first()
    new.save()
    assert f'id="measure-{new.pk}"' not in client.get(URL).content.decode()


def test_a_save_of_other_fields_does_not_forget_where_the_measure_is_stored(client, measure):
    fresh = Measure.objects.get(pk=measure.pk)
    fresh.goal = Goal.objects.filter(focus_area__plan=other_plan()).first()
    fresh.text = "Omskriven tekst"
    fresh.save(update_fields=["text"])  # the move itself is not saved yet
    assert "Omskriven tekst" in client.get(URL).content.decode()
    fresh.save()
    assert "Omskriven tekst" not in client.get(URL).content.decode()
