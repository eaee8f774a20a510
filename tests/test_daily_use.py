"""Daily use without friction (issue 15, part A): errors in place, limits refused and never
cut, archive asks first and can be undone, archived measures listed, moves redrawn in place."""

import re

import pytest
from django.urls import reverse
from helpers import HTMX, measure_by_code

from measures.forms import MeasureForm, StatusForm
from measures.models import Measure, StatusChange
from plans.models import ChangeRecord, FocusArea, Goal

pytestmark = pytest.mark.django_db

PLAN = "/hallingdal/regionplan/"


def url(name, measure):
    return reverse(f"measures:{name}", args=["hallingdal", "regionplan", measure.pk])


def ids_described_but_missing(html):
    """aria-describedby ids that name no element of the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = re.findall(r'aria-describedby="([^"]+)"', html)
    return sorted({i for value in named for i in value.split() if i not in ids})


# Errors in place ------------------------------------------------------------------------------


def test_a_page_with_debug_on_loads_htmx_without_the_helper_that_replaces_pages_on_400(
    hallingdal_secretariat_client, settings
):
    settings.DEBUG = True
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert "htmx-2.min.js" in body
    assert "django-htmx.js" not in body


def test_an_inline_edit_with_only_spaces_comes_back_as_its_row_with_the_error_and_the_input(
    hallingdal_secretariat_client, measure
):
    data = {
        "version": measure.version,
        "code": measure.code,
        "text": "   ",
        "due": "Ein gong i 2027 – «kanskje»",
        "responsible": measure.responsible,
    }
    response = hallingdal_secretariat_client.post(url("edit", measure), data, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert body.lstrip().startswith(f'<tr id="measure-{measure.pk}"') and "<html" not in body
    assert "Feltet er påkravd." in body
    assert "Ein gong i 2027 – «kanskje»" in body  # what they typed, escaped on output
    assert 'aria-invalid="true"' in body
    assert ids_described_but_missing(body) == []
    assert Measure.objects.get(pk=measure.pk).text == measure.text


def test_the_inline_editor_has_ids_of_its_own_and_every_described_by_exists(
    hallingdal_secretariat_client, measure
):
    body = hallingdal_secretariat_client.get(url("edit", measure), headers=HTMX).content.decode()
    assert f'id="measure-{measure.pk}-text"' in body and 'id="id_text"' not in body
    assert ids_described_but_missing(body) == []


def test_the_plan_page_names_only_existing_ids_in_aria_describedby(hallingdal_secretariat_client):
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert ids_described_but_missing(body) == []


def test_an_edit_without_javascript_shows_the_error_in_the_full_page_with_the_input(
    hallingdal_secretariat_client, measure
):
    data = {"version": measure.version, "code": measure.code, "text": "  ", "due": "Snart"}
    response = hallingdal_secretariat_client.post(url("edit", measure), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" in body and 'class="site-header"' in body and "site.css" in body
    assert "Feltet er påkravd." in body and 'value="Snart"' in body
    assert ids_described_but_missing(body) == []


# Limits: shown, and refused rather than cut ---------------------------------------------------


def test_forms_carry_their_limits_for_the_counter_and_never_as_maxlength():
    html = str(MeasureForm(instance=Measure(code="1")))
    assert 'data-maxlength="5000"' in html and "maxlength=" not in html.replace(
        "data-maxlength", ""
    )
    assert 'data-maxlength="1000"' in str(StatusForm()["comment"])


def test_the_status_form_carries_its_limit_for_the_counter(hallingdal_secretariat_client):
    body = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert 'data-maxlength="1000"' in body
    assert not re.search(r"<textarea[^>]*\smaxlength=", body)


@pytest.mark.parametrize("htmx", [True, False])
def test_a_status_comment_over_the_limit_is_refused_whole_and_kept_for_shortening(
    hallingdal_secretariat_client, measure, htmx
):
    comment = "Framdrift: " + "æ" * 1198  # 1,209 characters, as in the issue
    assert len(comment) == 1209
    before = StatusChange.objects.count()
    response = hallingdal_secretariat_client.post(
        url("status", measure),
        {"status": "yellow", "comment": comment},
        headers=HTMX if htmx else {},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "1000" in body and "1209" in body  # Django's "at most 1000 characters (it has 1209)"
    assert comment in body  # every character kept for them to shorten
    assert StatusChange.objects.count() == before
    assert Measure.objects.get(pk=measure.pk).comment == measure.comment
    assert ids_described_but_missing(body) == []


def test_a_status_comment_at_the_limit_is_saved_whole(hallingdal_secretariat_client, measure):
    comment = "ø" * 1000
    response = hallingdal_secretariat_client.post(
        url("status", measure), {"status": "green", "comment": comment}, headers=HTMX
    )
    assert response.status_code == 200
    assert Measure.objects.get(pk=measure.pk).comment == comment


# Archive: asks first, undo, the archived list ------------------------------------------------


def test_archiving_asks_first_and_a_get_changes_nothing(hallingdal_secretariat_client, measure):
    response = hallingdal_secretariat_client.get(url("archive", measure))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post" class="edit-form__actions">' in body
    assert "Arkiver tiltak 1.1.1?" in body
    assert not Measure.all_objects.get(pk=measure.pk).archived_at


def test_the_archive_message_offers_undo_and_says_where_restoring_is(
    hallingdal_secretariat_client, measure
):
    response = hallingdal_secretariat_client.post(url("archive", measure), follow=True)
    body = response.content.decode()
    assert Measure.all_objects.get(pk=measure.pk).archived_at
    assert "frå sida til tiltaket" not in body
    assert "Tiltak 1.1.1 er arkivert. Det står under «Arkivert» nedst i planen" in body
    undo = re.search(r'<form method="post" action="([^"]+)" class="inline-form">\s*<input', body)
    assert undo and undo.group(1) == url("restore", measure)
    assert 'name="undo"' in body


def test_undo_puts_the_measure_back_at_its_old_place(hallingdal_secretariat_client):
    first, second, third = (measure_by_code(code) for code in ("1.1.1", "1.1.2", "1.1.3"))
    hallingdal_secretariat_client.post(url("archive", second))
    hallingdal_secretariat_client.post(url("restore", second), {"undo": "1"})
    goal = Goal.objects.get(pk=first.goal_id)
    assert [m.code for m in goal.measures.order_by("order", "id")] == ["1.1.1", "1.1.2", "1.1.3"]
    actions = ChangeRecord.objects.filter(measure=second).values_list("action", flat=True)
    assert sorted(actions) == ["archived", "restored"]


def test_a_plain_restore_still_puts_the_measure_last(hallingdal_secretariat_client):
    second = measure_by_code("1.1.2")
    hallingdal_secretariat_client.post(url("archive", second))
    hallingdal_secretariat_client.post(url("restore", second))
    codes = [m.code for m in Goal.objects.get(pk=second.goal_id).measures.order_by("order", "id")]
    assert codes == ["1.1.1", "1.1.3", "1.1.2"]


def test_members_see_the_archived_measures_and_the_secretariat_can_restore_them(
    hallingdal_secretariat_client, hallingdal_reader_client, client, measure
):
    hallingdal_secretariat_client.post(url("archive", measure))
    secretariat = hallingdal_secretariat_client.get(PLAN).content.decode()
    assert "Arkivert (1)" in secretariat and f'id="archived-{measure.pk}"' in secretariat
    assert f'action="{url("restore", measure)}"' in secretariat
    reader = hallingdal_reader_client.get(PLAN).content.decode()
    assert "Arkivert (1)" in reader and f'action="{url("restore", measure)}"' not in reader
    public = client.get(PLAN).content.decode()
    assert "Arkivert (" not in public


def test_the_plan_page_reads_the_archived_list_in_one_query(
    hallingdal_secretariat_client, hallingdal_plan, django_assert_max_num_queries
):
    for code in ("1.1.1", "2.1.1", "3.1.1"):
        hallingdal_secretariat_client.post(url("archive", measure_by_code(code)))
    hallingdal_secretariat_client.get(PLAN)
    with django_assert_max_num_queries(25) as queries:
        hallingdal_secretariat_client.get(PLAN)
    archived_reads = [q for q in queries.captured_queries if 'archived_at" IS NOT NULL' in q["sql"]]
    assert len(archived_reads) == 1


# Moving in place ------------------------------------------------------------------------------


def test_moving_a_measure_through_htmx_redraws_its_goals_table_and_names_the_focus(
    hallingdal_secretariat_client, django_assert_max_num_queries
):
    second = measure_by_code("1.1.2")
    with django_assert_max_num_queries(20):
        response = hallingdal_secretariat_client.post(
            url("move", second),
            {"direction": "up"},
            headers={**HTMX, "HX-Current-URL": "http://testserver/hallingdal/regionplan/"},
        )
    body = response.content.decode()
    assert response.status_code == 200
    # Only the goal's table comes again, out of band, with the focus named.
    assert body.lstrip().startswith(
        f'<table class="table measures" id="goal-measures-{second.goal_id}" hx-swap-oob="true" '
        f'data-focus="move-up-measure-{second.pk}">'
    )
    assert body.count("<tr id=") == 3 and 'id="results"' not in body
    assert body.index("1.1.2") < body.index("1.1.1")  # drawn in its new place
    codes = [m.code for m in Goal.objects.get(pk=second.goal_id).measures.order_by("order", "id")]
    assert codes[:2] == ["1.1.2", "1.1.1"]  # codes stay as they are: renumbering is asked for
    assert ChangeRecord.objects.filter(measure=second, action="moved").exists()


def test_a_move_keeps_the_filters_of_the_page_it_was_made_on(hallingdal_secretariat_client):
    second = measure_by_code("1.1.2")
    response = hallingdal_secretariat_client.post(
        url("move", second),
        {"direction": "up"},
        headers={**HTMX, "HX-Current-URL": "http://testserver/hallingdal/regionplan/?q=portal"},
    )
    body = response.content.decode()
    assert f'id="measure-{second.pk}"' in body
    assert f'id="measure-{measure_by_code("1.1.3").pk}"' not in body


def test_rows_redrawn_after_a_move_link_to_their_measures_pages(hallingdal_secretariat_client):
    second = measure_by_code("1.1.2")
    response = hallingdal_secretariat_client.post(
        url("move", second), {"direction": "up"}, headers=HTMX
    )
    body = response.content.decode()
    assert f'href="/hallingdal/regionplan/tiltak/{second.pk}/"' in body
    assert f'hx-post="/hallingdal/regionplan/tiltak/{second.pk}/status/"' in body


def test_moving_a_goal_or_focus_area_through_htmx_redraws_in_place(
    hallingdal_secretariat_client, hallingdal_plan
):
    goal = Goal.objects.filter(focus_area__plan=hallingdal_plan).order_by(
        "focus_area__order", "order"
    )[1]
    response = hallingdal_secretariat_client.post(
        reverse("plans:goal_move", args=["hallingdal", "regionplan", goal.pk]),
        {"direction": "up"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert f'data-focus="move-up-goal-{goal.pk}"' in response.content.decode()
    area = FocusArea.objects.filter(plan=hallingdal_plan).order_by("order")[2]
    response = hallingdal_secretariat_client.post(
        reverse("plans:focus_area_move", args=["hallingdal", "regionplan", area.pk]),
        {"direction": "down"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert f'data-focus="move-down-area-{area.pk}"' in body
    assert (
        list(FocusArea.objects.filter(plan=hallingdal_plan).values_list("pk", flat=True))[3]
        == area.pk
    )


def test_moving_without_javascript_goes_back_to_the_moved_item(
    hallingdal_secretariat_client, hallingdal_plan
):
    goal = Goal.objects.filter(focus_area__plan=hallingdal_plan).order_by(
        "focus_area__order", "order"
    )[1]
    response = hallingdal_secretariat_client.post(
        reverse("plans:goal_move", args=["hallingdal", "regionplan", goal.pk]), {"direction": "up"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#goal-{goal.pk}")


def test_a_status_saved_through_htmx_names_the_rows_status_control_for_the_focus(
    hallingdal_secretariat_client, measure
):
    response = hallingdal_secretariat_client.post(
        url("status", measure), {"status": "yellow"}, headers=HTMX
    )
    body = response.content.decode()
    assert f'data-focus="status-toggle-{measure.pk}"' in body
    assert f'<summary id="status-toggle-{measure.pk}">' in body


# Renumbering codes, on request only -----------------------------------------------------------

RENUMBER = "/hallingdal/regionplan/nummerer/"


def test_the_renumber_page_shows_old_and_new_codes_and_changes_nothing(
    hallingdal_secretariat_client,
):
    second_641 = Measure.objects.filter(code="6.4.1").order_by("order", "id")[1]
    before = list(Measure.all_objects.order_by("pk").values_list("code", flat=True))
    body = hallingdal_secretariat_client.get(RENUMBER).content.decode()
    assert re.search(r"<td>6\.4\.1</td>\s*<td><strong>6\.4\.2</strong></td>", body)
    assert second_641.text[:30] in body
    assert list(Measure.all_objects.order_by("pk").values_list("code", flat=True)) == before


def test_moving_never_renumbers_and_renumbering_saves_what_was_shown_with_history(
    hallingdal_secretariat_client, django_assert_max_num_queries
):
    second = measure_by_code("1.1.2")
    hallingdal_secretariat_client.post(url("move", second), {"direction": "up"})
    assert Measure.objects.get(pk=second.pk).code == "1.1.2"  # never silently
    page = hallingdal_secretariat_client.get(RENUMBER)
    digest = page.context["digest"]
    assert [(c.old, c.new) for c in page.context["changes"]][:2] == [
        ("1.1.2", "1.1.1"),
        ("1.1.1", "1.1.2"),
    ]
    with django_assert_max_num_queries(30):
        response = hallingdal_secretariat_client.post(RENUMBER, {"digest": digest})
    assert response.status_code == 302
    assert Measure.objects.get(pk=second.pk).code == "1.1.1"
    record = ChangeRecord.objects.get(measure=second, field="code")
    assert (record.old_value, record.new_value) == ("1.1.2", "1.1.1")
    assert hallingdal_secretariat_client.get(RENUMBER).context["changes"] == []


def test_renumbering_refuses_when_the_plan_changed_since_the_list_was_shown(
    hallingdal_secretariat_client,
):
    digest = hallingdal_secretariat_client.get(RENUMBER).context["digest"]
    hallingdal_secretariat_client.post(url("move", measure_by_code("1.1.2")), {"direction": "up"})
    codes = list(Measure.all_objects.order_by("pk").values_list("code", flat=True))
    response = hallingdal_secretariat_client.post(RENUMBER, {"digest": digest})
    assert response.status_code == 409
    assert "Ingenting vart omnummerert" in response.content.decode()
    assert list(Measure.all_objects.order_by("pk").values_list("code", flat=True)) == codes


def test_an_editor_open_on_the_old_code_gets_a_conflict_after_renumbering(
    hallingdal_secretariat_client,
):
    second = measure_by_code("1.1.2")
    hallingdal_secretariat_client.post(url("move", second), {"direction": "up"})
    opened = Measure.objects.get(pk=second.pk)
    digest = hallingdal_secretariat_client.get(RENUMBER).context["digest"]
    hallingdal_secretariat_client.post(RENUMBER, {"digest": digest})
    data = {"version": opened.version, "code": "1.1.2", "text": opened.text}
    response = hallingdal_secretariat_client.post(url("edit", opened), data)
    assert response.status_code == 409
    assert Measure.objects.get(pk=second.pk).code == "1.1.1"
