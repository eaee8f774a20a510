"""Adding, moving, archiving and linking budget lines and contributions; the audit trail;
finalised budgets; the money shown on the plan."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from helpers import HTMX

from budgets.exports import budget_data
from budgets.models import BudgetChange, BudgetGroup, BudgetLine, Contribution
from budgets.overview import BudgetOverview
from budgets.services import finalise_budget
from measures.models import Measure

pytestmark = pytest.mark.django_db
URL = "/lillehammer-regionen/budsjett/2026/"
PLAN_URL = "/lillehammer-regionen/handlings-og-okonomiplan-2026/"


def other_priorities():
    return BudgetGroup.objects.get(title="Øvrige prioriteringer", budget__year=2026)


def new_line(**changes):
    return {
        "version": 1,
        "group": other_priorities().pk,
        "title": "Ungdomsfestival",
        "amount": "kr 60 000",
        "carried_over": "",
        "pending_text": "",
        "category": "",
        "footnote": "",
        "link": "",
        **changes,
    }


def counts():
    return (
        BudgetLine.all_objects.count(),
        Contribution.all_objects.count(),
        BudgetChange.objects.count(),
    )


def test_adding_a_line_swaps_the_tables_and_every_figure(lillehammer_secretariat_client, budget):
    response = lillehammer_secretariat_client.post(URL + "linje/ny/", new_line(), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    line = BudgetLine.objects.get(title="Ungdomsfestival")
    assert line.amount == 60_000 and line.group == other_priorities()
    assert line.order == max(other_priorities().lines.values_list("order", flat=True))
    assert 'id="budget-tables" data-focus="line-' in body and 'hx-swap-oob="true"' in body
    assert "550\u202f000" in body  # the remainder, 610 000 − 60 000
    change = BudgetChange.objects.get(subject_label="Ungdomsfestival")
    assert change.action == BudgetChange.Action.CREATED
    assert change.changed_by.username == "lillehammer-regionen-sekretariat"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"amount": "-5 000"}, "An amount cannot be negative."),
        ({"amount": "12,50"}, "Use whole kroner: budgets have no øre."),
        ({"amount": "mye"}, "“%(text)s” is not an amount. Write it like 2 500 000."),
        (
            {"amount": "", "pending_text": ""},
            "Give an amount, or say in “pending” why there is none yet.",
        ),
        ({"title": ""}, "This field is required."),
        (
            {"link": "measure-999999"},
            "Select a valid choice. %(value)s is not one of the available choices.",
        ),
    ],
)
def test_a_bad_new_line_is_rejected_in_place_and_writes_nothing(
    lillehammer_secretariat_client, changes, message
):
    before = counts()
    response = lillehammer_secretariat_client.post(
        URL + "linje/ny/", new_line(**changes), headers=HTMX
    )
    assert response.status_code == 400
    with translation.override("nb"):  # the council's language form
        # The part before any placeholder or quoted input.
        expected = gettext(message).split("%")[0].split("«")[0].split("“")[0]
    assert 'class="field-error"' in response.content.decode()
    assert escape(expected) in response.content.decode()
    assert counts() == before


def test_a_line_for_another_budgets_group_is_not_found(lillehammer_secretariat_client):
    before = counts()
    response = lillehammer_secretariat_client.post(
        URL + "linje/ny/", new_line(group="999999"), headers=HTMX
    )
    assert response.status_code == 404
    assert counts() == before


def test_a_line_cannot_finance_a_measure_of_another_plan(lillehammer_secretariat_client):
    elsewhere = Measure.objects.filter(goal__focus_area__plan__slug="regionplan").first()
    before = counts()
    response = lillehammer_secretariat_client.post(
        URL + "linje/ny/", new_line(link=f"measure-{elsewhere.pk}")
    )
    assert response.status_code == 400
    assert counts() == before


def test_adding_a_contribution_raises_the_frame(lillehammer_secretariat_client, budget):
    data = {"version": 1, "source": "Gåve frå Sparebankstiftelsen", "amount": "200.000"}
    response = lillehammer_secretariat_client.post(URL + "tilskot/ny/", data)
    assert response.status_code == 302
    assert BudgetOverview(budget).frame == 4_700_000


def test_adding_a_line_without_javascript_is_a_page(lillehammer_secretariat_client):
    group = other_priorities()
    response = lillehammer_secretariat_client.get(URL + f"linje/ny/?gruppe={group.pk}")
    assert response.status_code == 200
    assert f'<option value="{group.pk}" selected>' in response.content.decode()
    response = lillehammer_secretariat_client.post(URL + f"linje/ny/?gruppe={group.pk}", new_line())
    line = BudgetLine.objects.get(title="Ungdomsfestival")
    assert response["Location"] == f"{URL}#line-{line.pk}"


def test_archiving_a_line_takes_it_out_of_every_figure_and_it_can_be_restored(
    lillehammer_secretariat_client, budget
):
    film = BudgetLine.objects.get(title="Filmsatsing", group__budget=budget)
    response = lillehammer_secretariat_client.post(URL + f"linje/{film.pk}/arkiver/", headers=HTMX)
    assert response.status_code == 200
    assert BudgetOverview(budget).unallocated == 760_000
    body = response.content.decode()
    assert 'id="archived-items"' in body and "Filmsatsing" in body
    assert (
        film.title not in lillehammer_secretariat_client.get(URL + "eksport.json").content.decode()
    )

    lillehammer_secretariat_client.post(URL + f"linje/{film.pk}/gjenopprett/")
    assert BudgetOverview(budget).unallocated == 610_000
    actions = list(
        BudgetChange.objects.filter(subject_label="Filmsatsing").values_list("action", flat=True)
    )
    assert actions == ["restored", "archived"]


def test_an_archived_line_is_not_rolled_over(lillehammer_secretariat_client, budget):
    film = BudgetLine.objects.get(title="Filmsatsing", group__budget=budget)
    lillehammer_secretariat_client.post(URL + f"linje/{film.pk}/arkiver/")
    lillehammer_secretariat_client.post(URL + "neste-ar/", {})
    assert not BudgetLine.all_objects.filter(group__budget__year=2027, title="Filmsatsing")


def test_moving_a_line_up_swaps_it_with_the_one_above_and_keeps_focus(
    lillehammer_secretariat_client, budget
):
    group = other_priorities()
    titles = list(group.lines.values_list("title", flat=True))
    second = group.lines.get(title=titles[1])
    response = lillehammer_secretariat_client.post(
        URL + f"linje/{second.pk}/flytt/", {"direction": "up"}, headers=HTMX
    )
    assert f'data-focus="move-up-line-{second.pk}"' in response.content.decode()
    assert list(group.lines.values_list("title", flat=True))[:2] == [titles[1], titles[0]]
    change = BudgetChange.objects.get(action="moved")
    assert (change.old_value, change.new_value) == ("2", "1")
    lillehammer_secretariat_client.post(
        URL + f"linje/{second.pk}/flytt/", {"direction": "up"}
    )  # top: no-op
    assert list(group.lines.values_list("title", flat=True))[0] == titles[1]


def test_moving_a_contribution_down(lillehammer_secretariat_client, budget):
    first = budget.contributions.first()
    lillehammer_secretariat_client.post(URL + f"tilskot/{first.pk}/flytt/", {"direction": "down"})
    assert list(budget.contributions.all())[1] == first


def test_a_finalised_budget_refuses_changes_until_reopened(lillehammer_secretariat_client, budget):
    film = BudgetLine.objects.get(title="Filmsatsing", group__budget=budget)
    lillehammer_secretariat_client.post(URL + "ferdigstill/")
    budget.refresh_from_db()
    assert budget.finalised_at
    before = counts()
    for url, data in [
        (f"linje/{film.pk}/endre/", {"version": film.version, "title": "x"}),
        ("linje/ny/", new_line()),
        (f"linje/{film.pk}/arkiver/", {}),
        (f"linje/{film.pk}/flytt/", {"direction": "up"}),
    ]:
        response = lillehammer_secretariat_client.post(URL + url, data, headers=HTMX)
        assert response.status_code == 409, url
        assert "ferdigstilt" in response.content.decode() or "finalised" in (
            response.content.decode()
        )
    assert counts() == before
    page = lillehammer_secretariat_client.get(URL).content.decode()
    assert "linje/ny/" not in page and "gjenopne/" in page

    lillehammer_secretariat_client.post(URL + "gjenopne/")
    budget.refresh_from_db()
    assert budget.finalised_at is None
    actions = list(budget.changes.values_list("action", flat=True)[:2])
    assert actions == ["reopened", "finalised"]


def test_change_history_lists_who_changed_what(lillehammer_secretariat_client, budget):
    film = BudgetLine.objects.get(title="Filmsatsing", group__budget=budget)
    data = {
        "version": film.version,
        "group": film.group_id,
        "title": film.title,
        "amount": "175 000",
        "carried_over": "",
        "pending_text": "",
        "category": "",
        "footnote": "",
        "link": f"measure-{film.measure_id}",
    }
    assert (
        lillehammer_secretariat_client.post(URL + f"linje/{film.pk}/endre/", data).status_code
        == 302
    )
    page = lillehammer_secretariat_client.get(URL + "endringar/", headers={"Accept-Language": "en"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Filmsatsing" in body and "150000" in body and "175000" in body
    assert "lillehammer-regionen-sekretariat" in body


def test_the_reader_sees_history_but_no_edit_controls(lillehammer_reader_client):
    page = lillehammer_reader_client.get(URL).content.decode()
    assert "endringar/" in page and "linje/ny/" not in page and "arkiver/" not in page
    assert lillehammer_reader_client.get(URL + "endringar/").status_code == 200


def test_demo_lines_finance_the_measures_the_seed_names(budget):
    linked = BudgetLine.objects.filter(group__budget=budget, measure__isnull=False)
    assert linked.count() == 19
    cyberland = linked.get(title="Cyberland")
    assert cyberland.measure.heading == "Cyberland"
    assert linked.get(title="Regionmarkedsfører").measure.heading == "Regionmarkedsføring"
    assert BudgetLine.objects.get(title="Drift av rådet").link is None


def test_plan_page_shows_the_money_next_to_the_measure(lillehammer_reader_client):
    body = lillehammer_reader_client.get(PLAN_URL).content.decode()
    cyberland = BudgetLine.objects.get(title="Cyberland")
    assert f"/budsjett/2026/#line-{cyberland.pk}" in body
    assert "250\u202f000&nbsp;kr" in body


def test_measure_page_shows_its_money(lillehammer_reader_client):
    cyberland = BudgetLine.objects.get(title="Cyberland")
    body = lillehammer_reader_client.get(cyberland.measure.get_absolute_url()).content.decode()
    assert "250\u202f000&nbsp;kr" in body and "150\u202f000" in body


def test_the_public_sees_the_money_of_a_finalised_budget_only(client, budget):
    cyberland = BudgetLine.objects.get(title="Cyberland")
    assert "250\u202f000&nbsp;kr" not in client.get(PLAN_URL).content.decode()
    assert (
        "250\u202f000&nbsp;kr"
        not in client.get(cyberland.measure.get_absolute_url()).content.decode()
    )
    finalise_budget(budget)
    assert "250\u202f000&nbsp;kr" in client.get(PLAN_URL).content.decode()
    assert (
        "250\u202f000&nbsp;kr" in client.get(cyberland.measure.get_absolute_url()).content.decode()
    )


def test_a_line_change_is_on_the_cached_plan_page_at_once(client, budget):
    finalise_budget(budget)  # so the public sees its money
    film = BudgetLine.objects.get(title="Filmsatsing")
    assert "150\u202f000&nbsp;kr" in client.get(PLAN_URL).content.decode()
    film.amount = 90_000
    film.save()
    body = client.get(PLAN_URL).content.decode()
    assert "90\u202f000&nbsp;kr" in body


def test_link_menu_offers_the_plans_areas_goals_and_measures(
    lillehammer_secretariat_client, budget
):
    film = BudgetLine.objects.get(title="Filmsatsing", group__budget=budget)
    body = lillehammer_secretariat_client.get(URL + f"linje/{film.pk}/endre/").content.decode()
    assert f'<option value="measure-{film.measure_id}" selected>' in body
    assert "<optgroup" in body and 'value="focus_area-' in body and 'value="goal-' in body


def test_editing_the_link_is_audited(lillehammer_secretariat_client, budget):
    film = BudgetLine.objects.get(title="Drift av rådet", group__budget=budget)
    measure = Measure.objects.get(
        goal__focus_area__plan=budget.plan, text__startswith="Nettverk og møteplasser"
    )
    data = {
        "version": film.version,
        "group": film.group_id,
        "title": film.title,
        "amount": "100 000",
        "carried_over": "",
        "pending_text": "",
        "category": "",
        "footnote": "",
        "link": f"measure-{measure.pk}",
    }
    assert (
        lillehammer_secretariat_client.post(URL + f"linje/{film.pk}/endre/", data).status_code
        == 302
    )
    film.refresh_from_db()
    assert film.measure == measure
    assert BudgetChange.objects.get(field="measure").new_value.startswith("Nettverk")


def test_budget_page_query_count_with_edit_controls(
    lillehammer_secretariat_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert lillehammer_secretariat_client.get(URL).status_code == 200


def test_plan_page_query_count_for_the_secretariat(
    lillehammer_secretariat_client, django_assert_max_num_queries
):
    # 10, 4 for the status over time, 1 archived list, 1 open status requests (owners/).
    with django_assert_max_num_queries(16):
        assert lillehammer_secretariat_client.get(PLAN_URL).status_code == 200


def test_budget_json_names_what_each_line_finances(budget):
    lines = {line["title"]: line for g in budget_data(budget)["groups"] for line in g["lines"]}
    assert lines["Cyberland"]["finances"]["kind"] == "measure"
    assert lines["Cyberland"]["finances"]["text"] == "Cyberland"
    assert lines["Drift av rådet"]["finances"] is None


def test_a_malformed_group_is_not_found(lillehammer_secretariat_client):
    before = counts()
    assert (
        lillehammer_secretariat_client.post(URL + "linje/ny/", new_line(group="x")).status_code
        == 404
    )
    assert lillehammer_secretariat_client.get(URL + "linje/ny/?gruppe=x").status_code == 404
    assert counts() == before
