import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from helpers import HTMX, measure_by_code

from measures.models import Measure, StatusChange
from measures.status import Status
from plans.models import ChangeRecord, FocusArea, Goal

pytestmark = pytest.mark.django_db

PLAN = "/hallingdal/regionplan/"


def url(name, measure, **extra):
    return reverse(f"measures:{name}", args=["hallingdal", "regionplan", measure.pk], **extra)


def edit_data(measure, **changes):
    data = {
        "version": measure.version,
        "code": measure.code,
        "text": measure.text,
        "due": measure.due,
        "responsible": measure.responsible,
        "involvement": measure.involvement,
        "comment": measure.comment,
        "internal_note": measure.internal_note,
    }
    return {**data, **changes}


def writes():
    return (
        StatusChange.objects.count(),
        ChangeRecord.objects.count(),
        list(Measure.all_objects.order_by("pk").values_list("version", "status", "text")),
    )


# Status


def test_htmx_status_change_returns_its_cells_and_the_summary_out_of_band(
    hallingdal_secretariat_client, measure
):
    response = hallingdal_secretariat_client.post(
        url("status", measure), {"status": "yellow", "comment": "I gang"}, headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    # Only what a status alters: the comment and status cells (and the overview).
    assert body.lstrip().startswith("<template>")
    for cell in ("comment", "status"):
        assert f'id="measure-{measure.pk}-{cell}"' in body.split("</template>")[0]
    assert f'<tr id="measure-{measure.pk}"' not in body
    assert "badge--yellow" in body.split("</template>")[0]
    assert '<section class="overview" id="overview"' in body and 'hx-swap-oob="true"' in body
    change = measure.status_changes.get()
    assert (change.to_status, change.comment, change.changed_by.username) == (
        "yellow",
        "I gang",
        "hallingdal-sekretariat",
    )


def test_status_change_without_htmx_redirects_back_to_the_row(
    hallingdal_secretariat_client, measure
):
    response = hallingdal_secretariat_client.post(url("status", measure), {"status": "red"})
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}#measure-{measure.pk}"
    measure.refresh_from_db()
    assert measure.status == Status.RED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "purple"}, "«purple» er ikkje ein status"),
        ({"status": ""}, "Feltet er påkravd"),
        ({"status": "green", "comment": "x" * 1001}, "1000"),
    ],
)
def test_bad_status_input_gets_a_message_and_writes_nothing(
    hallingdal_secretariat_client, measure, data, message
):
    before = writes()
    response = hallingdal_secretariat_client.post(url("status", measure), data, headers=HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert writes() == before


def test_missing_csrf_token_is_refused_and_writes_nothing(login, measure):
    client = login("hallingdal-sekretariat", enforce_csrf_checks=True)
    before = writes()
    response = client.post(url("status", measure), {"status": "green"}, headers=HTMX)
    assert response.status_code == 403
    assert writes() == before


def test_an_id_from_another_council_is_not_found_and_writes_nothing(hallingdal_secretariat_client):
    other = Measure.objects.filter(goal__focus_area__plan__council__slug="nord-gudbrandsdal")[0]
    before = writes()
    response = hallingdal_secretariat_client.post(
        url("status", other), {"status": "green"}, headers=HTMX
    )
    assert response.status_code == 404
    response = hallingdal_secretariat_client.post(
        url("edit", other), edit_data(other, text="x"), headers=HTMX
    )
    assert response.status_code == 404
    assert writes() == before


def test_a_measure_archived_meanwhile_cannot_be_changed(hallingdal_secretariat_client, measure):
    hallingdal_secretariat_client.post(url("archive", measure))
    before = writes()
    response = hallingdal_secretariat_client.post(
        url("status", measure), {"status": "green"}, headers=HTMX
    )
    assert response.status_code == 409
    assert "arkivert" in response.content.decode()
    response = hallingdal_secretariat_client.post(
        url("edit", measure), edit_data(measure, text="Ny"), headers=HTMX
    )
    assert response.status_code == 409
    assert writes() == before


# Field edits


def test_field_edit_saves_and_records_every_changed_field(hallingdal_secretariat_client, measure):
    response = hallingdal_secretariat_client.post(
        url("edit", measure),
        edit_data(measure, text="Ny tekst", responsible="Regionråd", due="2026.- 2027"),
        headers=HTMX,
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert (measure.text, measure.responsible, measure.due_last_year) == (
        "Ny tekst",
        "Regionråd",
        2027,
    )
    records = {
        r.field: (r.old_value, r.new_value, r.changed_by.username)
        for r in ChangeRecord.objects.filter(measure=measure)
    }
    assert records == {
        "text": (
            "Utarbeide ein felles plattform for næringsutvikling i Hallingdal.",
            "Ny tekst",
            "hallingdal-sekretariat",
        ),
        "responsible": ("Næringsforum", "Regionråd", "hallingdal-sekretariat"),
        "due": ("2025", "2026.- 2027", "hallingdal-sekretariat"),
    }


def test_typed_markup_is_stored_as_text_and_never_rendered(hallingdal_secretariat_client, measure):
    hallingdal_secretariat_client.post(
        url("edit", measure),
        edit_data(measure, text="<script>alert(1)</script><b>Viktig</b>"),
        headers=HTMX,
    )
    measure.refresh_from_db()
    assert measure.text == "<script>alert(1)</script><b>Viktig</b>"  # kept as typed
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Viktig&lt;/b&gt;" in body
    hallingdal_secretariat_client.post(
        url("edit", measure),
        edit_data(measure, comment="a <img src=x onerror=alert(1)> b"),
        headers=HTMX,
    )
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_over_long_text_is_rejected_with_a_message(hallingdal_secretariat_client, measure):
    before = writes()
    response = hallingdal_secretariat_client.post(
        url("edit", measure), edit_data(measure, text="x" * 5001), headers=HTMX
    )
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert writes() == before


def test_second_editor_with_a_stale_version_gets_a_conflict_not_an_overwrite(login, measure):
    first, second = login("hallingdal-sekretariat"), login("hallingdal-sekretariat")
    stale = edit_data(measure)
    assert (
        first.post(
            url("edit", measure), {**stale, "text": "Frå den første"}, headers=HTMX
        ).status_code
        == 200
    )
    response = second.post(url("edit", measure), {**stale, "text": "Frå den andre"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Frå den første" in body and "Frå den andre" in body  # theirs next to mine
    measure.refresh_from_db()
    assert measure.text == "Frå den første"
    # Saving again from the conflict form (it carries the current version) keeps mine on purpose.
    response = second.post(
        url("edit", measure),
        {**stale, "text": "Frå den andre", "version": measure.version},
        headers=HTMX,
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.text == "Frå den andre"


def test_stale_version_without_javascript_shows_the_conflict_page(
    hallingdal_secretariat_client, measure
):
    stale = edit_data(measure)
    hallingdal_secretariat_client.post(url("edit", measure), {**stale, "text": "Først"})
    response = hallingdal_secretariat_client.post(url("edit", measure), {**stale, "text": "Andre"})
    assert response.status_code == 409
    assert "Nokon andre lagra dette medan du redigerte" in response.content.decode()


def test_status_change_does_not_make_a_field_edit_conflict(hallingdal_secretariat_client, measure):
    form = edit_data(measure)
    measure.change_status(Status.GREEN)
    response = hallingdal_secretariat_client.post(
        url("edit", measure), {**form, "comment": "Ferdig"}, headers=HTMX
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert (measure.status, measure.comment) == (Status.GREEN, "Ferdig")


# Structure


def test_archive_hides_the_measure_keeps_its_history_and_restore_brings_it_back(
    hallingdal_secretariat_client, measure
):
    measure.change_status(Status.RED)
    total = Measure.all_objects.count()
    hallingdal_secretariat_client.post(url("archive", measure))
    assert Measure.all_objects.count() == total  # no hard delete
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert f'id="measure-{measure.pk}"' not in body
    page = hallingdal_secretariat_client.get(url("detail", measure)).content.decode()
    assert "arkivert" in page and "badge--red" in page
    hallingdal_secretariat_client.post(url("restore", measure))
    assert f'id="measure-{measure.pk}"' in hallingdal_secretariat_client.get(PLAN).content.decode()
    actions = list(ChangeRecord.objects.filter(measure=measure).values_list("action", flat=True))
    assert sorted(actions) == ["archived", "restored"]


def test_adding_a_measure_goal_and_focus_area(hallingdal_secretariat_client, measure):
    goal = measure.goal
    response = hallingdal_secretariat_client.post(
        reverse("measures:add", args=["hallingdal", "regionplan", goal.pk]),
        edit_data(Measure(goal=goal), code="1.1.9", text="Nytt tiltak frå rådet"),
    )
    assert response.status_code == 302
    new = Measure.objects.get(code="1.1.9")
    assert new.order == 4 and new.goal == goal
    area = goal.focus_area
    hallingdal_secretariat_client.post(
        reverse("plans:goal_add", args=["hallingdal", "regionplan", area.pk]),
        {"version": 1, "code": "1.9", "text": "Nytt mål"},
    )
    hallingdal_secretariat_client.post(
        reverse("plans:focus_area_add", args=["hallingdal", "regionplan"]),
        {"version": 1, "number": 7, "title": "Nytt område", "description": ""},
    )
    assert Goal.objects.filter(code="1.9", focus_area=area).exists()
    assert FocusArea.objects.filter(title="Nytt område", order=7).exists()
    assert ChangeRecord.objects.filter(action="created").count() == 3
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert "Nytt tiltak frå rådet" in body and "Nytt mål" in body and "Nytt område" in body


def test_moving_a_measure_down_swaps_it_with_the_next(hallingdal_secretariat_client, measure):
    hallingdal_secretariat_client.post(url("move", measure), {"direction": "down"})
    codes = list(measure.goal.measures.order_by("order").values_list("code", flat=True))
    assert codes == ["1.1.2", "1.1.1", "1.1.3"]
    assert ChangeRecord.objects.get(action="moved").new_value == "2"


def test_editing_a_goal_and_a_focus_area(hallingdal_secretariat_client, measure):
    goal, area = measure.goal, measure.goal.focus_area
    hallingdal_secretariat_client.post(
        reverse("plans:goal_edit", args=["hallingdal", "regionplan", goal.pk]),
        {"version": goal.version, "code": goal.code, "text": "Omformulert mål"},
    )
    hallingdal_secretariat_client.post(
        reverse("plans:focus_area_edit", args=["hallingdal", "regionplan", area.pk]),
        {"version": area.version, "number": 1, "title": "Næring", "description": ""},
    )
    goal.refresh_from_db()
    area.refresh_from_db()
    assert (goal.text, area.title) == ("Omformulert mål", "Næring")
    response = hallingdal_secretariat_client.post(
        reverse("plans:goal_edit", args=["hallingdal", "regionplan", goal.pk]),
        {"version": 1, "code": goal.code, "text": "Stale"},
    )
    assert response.status_code == 409


# History, changes, status round


def test_recent_changes_and_changed_since(hallingdal_secretariat_client, measure, client):
    measure.change_status(Status.YELLOW, comment="I rute")
    hallingdal_secretariat_client.post(
        url("edit", measure),
        edit_data(measure, internal_note="Berre internt"),
        headers=HTMX,
    )
    today = timezone.localdate().isoformat()
    body = hallingdal_secretariat_client.get(
        reverse("plans:plan_changes", args=["hallingdal", "regionplan"]), {"since": today}
    ).content.decode()
    assert "I rute" in body and "Berre internt" in body
    assert "tiltak endra sidan" in body  # the demo statuses were set today too
    future = hallingdal_secretariat_client.get(
        reverse("plans:plan_changes", args=["hallingdal", "regionplan"]), {"since": "2099-01-01"}
    ).content.decode()
    assert "I rute" not in future
    public = client.get(reverse("plans:plan_changes", args=["hallingdal", "regionplan"])).content
    assert "Berre internt" not in public.decode()


def test_internal_notes_are_for_the_council_only(client, hallingdal_reader_client, measure):
    Measure.objects.filter(pk=measure.pk).update(internal_note="Sensitivt notat")
    measure.goal.focus_area.plan.__class__.objects.filter(slug="regionplan").bump_revision()
    assert "Sensitivt notat" not in client.get(PLAN).content.decode()
    assert "Sensitivt notat" not in client.get(url("detail", measure)).content.decode()
    assert "Sensitivt notat" in hallingdal_reader_client.get(PLAN).content.decode()
    detail = hallingdal_reader_client.get(url("detail", measure)).content.decode()
    assert "Sensitivt notat" in detail


def test_politician_sees_no_edit_controls(hallingdal_reader_client):
    body = hallingdal_reader_client.get(PLAN).content.decode()
    assert "status-edit" not in body and "/endre/" not in body


def test_status_round_walks_through_unassessed_measures(hallingdal_secretariat_client):
    round_url = reverse("measures:status_round", args=["hallingdal", "regionplan"])
    response = hallingdal_secretariat_client.get(round_url, {"since": "2099-01-01"})
    first = response.context["current"]
    assert response.context["done"] == 0
    response = hallingdal_secretariat_client.post(
        url("status", first),
        {"status": "green", "next": f"{round_url}?since=2000-01-01"},
    )
    assert response["Location"] == f"{round_url}?since=2000-01-01"
    response = hallingdal_secretariat_client.get(round_url, {"since": "2000-01-01"})
    assert response.context["done"] == 4  # three from the demo data and this one
    assert response.context["current"] != first


def test_status_round_refuses_an_offsite_next(hallingdal_secretariat_client, measure):
    response = hallingdal_secretariat_client.post(
        url("status", measure), {"status": "green", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"{PLAN}#measure-{measure.pk}"


def test_five_failed_logins_lock_the_account_out(client):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "hallingdal-politikar", "password": "feil"})
    response = client.post(
        reverse("account_login"), {"login": "hallingdal-politikar", "password": "demo"}
    )
    assert response.status_code == 429
    assert "For mange mislukka innloggingar" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_status_changes_all_land_in_history_in_commit_order():
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    measure = measure_by_code("1.1.1")
    statuses = [Status.GREEN, Status.YELLOW, Status.RED, Status.NOT_ASSESSED] * 5
    barrier = threading.Barrier(len(statuses))

    def change(status):
        barrier.wait()
        try:
            Measure.objects.get(pk=measure.pk).change_status(status, comment=status)
        finally:
            connection.close()

    threads = [threading.Thread(target=change, args=(s,)) for s in statuses]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    history = list(measure.status_changes.order_by("changed_at", "id"))
    assert len(history) == 20
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_status == before.to_status  # each saw the one committed before it
    measure.refresh_from_db()
    assert measure.status == history[-1].to_status


def test_goals_and_focus_areas_are_edited_inline_with_htmx(hallingdal_secretariat_client, measure):
    goal, area = measure.goal, measure.goal.focus_area
    goal_url = reverse("plans:goal_edit", args=["hallingdal", "regionplan", goal.pk])
    form = hallingdal_secretariat_client.get(goal_url, headers=HTMX).content.decode()
    assert "<html" not in form and f'id="goal-{goal.pk}"' in form and 'name="version"' in form
    saved = hallingdal_secretariat_client.post(
        goal_url, {"version": goal.version, "code": goal.code, "text": "Inline mål"}, headers=HTMX
    ).content.decode()
    assert saved.lstrip().startswith(f'<div class="goal-header" id="goal-{goal.pk}">')
    assert "Inline mål" in saved and "Endringane er lagra." in saved

    area_url = reverse("plans:focus_area_edit", args=["hallingdal", "regionplan", area.pk])
    response = hallingdal_secretariat_client.post(
        area_url, {"version": 99, "number": 1, "title": "X", "description": ""}, headers=HTMX
    )
    assert response.status_code == 409
    assert f'id="area-{area.pk}"' in response.content.decode()


def test_htmx_errors_come_as_a_message_for_the_live_region_not_a_page(
    hallingdal_secretariat_client,
):
    other = Measure.objects.filter(goal__focus_area__plan__council__slug="nord-gudbrandsdal")[0]
    response = hallingdal_secretariat_client.post(
        url("status", other), {"status": "green"}, headers=HTMX
    )
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#flash" and "<html" not in response.content.decode()
    assert "Det finst ingenting her" in response.content.decode()


def test_reader_trying_to_edit_gets_a_translated_403(hallingdal_reader_client, measure):
    response = hallingdal_reader_client.post(
        url("status", measure), {"status": "green"}, headers=HTMX
    )
    assert response.status_code == 403
    assert "berre sekretariatet" in response.content.decode()


def test_csrf_failure_says_nothing_was_saved_in_the_users_language(login, measure):
    client = login("hallingdal-sekretariat", enforce_csrf_checks=True)
    response = client.post(url("status", measure), {"status": "green"}, headers=HTMX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#flash"
    assert "Ingenting vart lagra" in response.content.decode()
