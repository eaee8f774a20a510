"""Counties: the demo from seed 002, the county's relation to each council over time, the county
page across its councils, search and themes there, and the county reader role."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from budgets.models import Budget
from measures.models import Measure, Theme
from measures.status import Status
from plans.counties.page import relation_history
from plans.models import Council, County, CountyMembership, CountyPlan, CountyRelation, Plan

pytestmark = pytest.mark.django_db

INNLANDET = "/fylke/innlandet/"
SEED_DECISION = (
    "Fylkestinget 12. februar 2025: samarbeidsavtaler med samtlige IPR med unntak av Hadeland, "
    "Nord-Gudbrandsdal og Nord-Østerdal"
)


def lillehammer_plan():
    return Plan.objects.get(
        council__slug="lillehammer-regionen", slug="handlings-og-okonomiplan-2026"
    )


def add_measure(plan, text, status=Status.NOT_ASSESSED, themes=()):
    goal = plan.focus_areas.first().goals.first()
    measure = Measure.objects.create(goal=goal, text=text, order=999)
    if status != Status.NOT_ASSESSED:
        measure.change_status(status)
    for name in themes:
        measure.themes.add(Theme.objects.get_or_create(name=name)[0])
    return measure


def relate(council, county, kind, since, shares_plans=False, **fields):
    return CountyRelation.objects.create(
        council=council, county=county, kind=kind, since=since, shares_plans=shares_plans, **fields
    )


# The demo, as seed 002 says ---------------------------------------------------------------


def test_innlandet_relates_to_its_two_demo_councils_as_seed_002_says():
    innlandet = County.objects.get(slug="innlandet")
    current = {
        relation.council.slug: relation
        for relation in CountyRelation.objects.current().filter(county=innlandet)
    }
    member, not_member = current["lillehammer-regionen"], current["nord-gudbrandsdal"]
    assert (member.kind, member.since) == ("member", dt.date(2025, 2, 12))
    assert member.decision == SEED_DECISION and member.reason == ""
    assert (not_member.kind, not_member.since) == ("not_member", dt.date(2025, 2, 12))
    assert not_member.reason == "Kommunene er ikke enige om fylkeskommunalt medlemskap."
    assert set(innlandet.councils.values_list("slug", flat=True)) == set(current)


def test_buskerud_is_hallingdals_county_with_nothing_but_its_name():
    buskerud = County.objects.get(slug="buskerud")
    assert buskerud.name == "Buskerud fylkeskommune"
    assert list(buskerud.councils.values_list("slug", flat=True)) == ["hallingdal"]
    assert not buskerud.council_relations.exists()
    assert not buskerud.plans.exists()
    assert not buskerud.memberships.exists()


def test_innlandsstrategien_is_the_countys_record_with_what_the_seed_says():
    strategy = CountyPlan.objects.get(
        county__slug="innlandet", title="Innlandsstrategien 2024–2028"
    )
    assert (strategy.kind, strategy.stage) == ("planstrategi", "adopted")
    assert (strategy.first_year, strategy.last_year) == (2024, 2028)
    assert (strategy.adopted_on, strategy.adopted_by) == (dt.date(2024, 12, 19), "Fylkestinget")
    assert "Regional plan for infrastrukturen for energi" in strategy.summary


# The relation over time -------------------------------------------------------------------


def test_a_later_decision_replaces_the_relation_from_its_day_on(hallingdal_council):
    buskerud = County.objects.get(slug="buskerud")
    relate(hallingdal_council, buskerud, "not_member", dt.date(2024, 1, 1), reason="Ikkje aktuelt")
    relate(hallingdal_council, buskerud, "member", dt.date(2025, 6, 1), decision="Sak 12/25")
    relate(
        hallingdal_council, buskerud, "partner", dt.date(2999, 1, 1)
    )  # decided, not yet in force

    def kind_on(day):
        return CountyRelation.objects.current(day).get(council=hallingdal_council).kind

    assert kind_on(dt.date(2024, 6, 1)) == "not_member"
    assert kind_on(dt.date(2025, 6, 1)) == "member"
    assert CountyRelation.objects.current().get(council=hallingdal_council).kind == "member"
    assert not CountyRelation.objects.current(dt.date(2023, 1, 1)).filter(
        council=hallingdal_council
    )


def test_a_correction_for_the_same_day_wins_and_the_first_record_is_kept(hallingdal_council):
    buskerud = County.objects.get(slug="buskerud")
    first = relate(hallingdal_council, buskerud, "member", dt.date(2025, 2, 12), decision="Sak 5")
    correction = relate(
        hallingdal_council, buskerud, "member", dt.date(2025, 2, 12), decision="Sak 5/25"
    )
    assert CountyRelation.objects.current().get(council=hallingdal_council) == correction
    assert relation_history([first, correction]) == [correction]
    with pytest.raises(TypeError):
        first.save()  # append-only: history is never rewritten
    assert CountyRelation.objects.filter(pk=first.pk).exists()


def test_a_relation_without_a_day_counts_as_the_earliest(hallingdal_council):
    buskerud = County.objects.get(slug="buskerud")
    undated = relate(hallingdal_council, buskerud, "partner", None)
    assert CountyRelation.objects.current().get(council=hallingdal_council) == undated
    dated = relate(hallingdal_council, buskerud, "member", dt.date(2020, 1, 1))
    assert CountyRelation.objects.current().get(council=hallingdal_council) == dated
    assert relation_history([dated, undated]) == [undated, dated]


def test_the_old_county_role_becomes_a_relation_when_migrating(transactional_db):
    """Council.county_role ("member", "partner", "none") is migrated into CountyRelations."""
    county = County.objects.create(name="Testfylke", short_name="Testfylke", slug="testfylke")
    round_trip = Council.objects.create(name="D", short_name="D", slug="d-rad", county=county)
    relate(round_trip, county, "member", dt.date(2025, 2, 12))
    executor = MigrationExecutor(connection)
    before = [
        ("plans", "0010_import_upload_parsed"),
        ("measures", "0006_hidden_controls_refused"),
    ]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldCouncil = old_apps.get_model("plans", "Council")
    OldCouncil.objects.create(name="A", short_name="A", slug="a-rad", county_role="member")
    OldCouncil.objects.create(name="B", short_name="B", slug="b-rad", county_role="partner")
    OldCouncil.objects.create(name="C", short_name="C", slug="c-rad", county_role="none")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    kinds = dict(CountyRelation.objects.values_list("council__slug", "kind"))
    assert {slug: kinds.get(slug) for slug in ("a-rad", "b-rad", "c-rad")} == {
        "a-rad": "member",
        "b-rad": "partner",
        "c-rad": None,
    }
    assert Council.objects.get(slug="a-rad").county.name == "Fylkeskommunen"
    assert Council.objects.get(slug="c-rad").county is None
    # A member council went back to county_role "member" and forward again.
    assert kinds["d-rad"] == "member"


# The county page --------------------------------------------------------------------------


def test_the_county_page_shows_both_councils_with_the_seeds_relation_and_reason(client):
    page = client.get(INNLANDET).content.decode()
    assert "Interkommunalt politisk råd i Nord-Gudbrandsdal" in page
    assert "Lillehammer-regionen interkommunale politiske råd" in page
    # In Innlandet's language form (bokmål), with the seed's own words.
    assert "Fylkeskommunen er medlem av rådet." in page
    assert "Fylkeskommunen er ikke medlem av rådet." in page
    assert "Kommunene er ikke enige om fylkeskommunalt medlemskap." in page
    assert page.count("12. februar 2025") >= 2
    assert "Innlandsstrategien 2024–2028" in page


def test_the_county_page_sets_the_councils_status_side_by_side(client):
    plan = lillehammer_plan()
    add_measure(plan, "Ferdig tiltak", Status.GREEN)
    add_measure(plan, "Forsinka tiltak", Status.RED)
    response = client.get(INNLANDET)
    views = {view.council.slug: view for view in response.context["council_views"]}
    summaries = {p.slug: p.summary for p in views["lillehammer-regionen"].plans}
    counts = summaries["handlings-og-okonomiplan-2026"].counts
    assert (counts[Status.GREEN], counts[Status.RED], counts[Status.NOT_ASSESSED]) == (1, 1, 28)
    assert [p.slug for p in views["nord-gudbrandsdal"].plans] == [
        "strategisk-plan-2025-2028",
        "handlingsplan-2026",
    ]
    assert response.content.decode().count('class="status-bar"') == 3


def test_the_county_page_lists_themes_across_councils(client):
    groups = {group.theme.name: group for group in client.get(INNLANDET).context["theme_groups"]}
    assert {"Samferdsel", "Kollektivtransport", "Arrangement", "Energi"} <= set(groups)
    samferdsel = groups["Samferdsel"]
    councils = {council.slug: count for council, count in samferdsel.councils}
    assert councils == {"nord-gudbrandsdal": 6, "lillehammer-regionen": 2}
    assert samferdsel.summary.total == 8


def test_the_county_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14) as before:
        client.get(INNLANDET)
    plan = lillehammer_plan()
    for number in range(30):
        add_measure(plan, f"Tiltak {number}", Status.YELLOW, themes=[f"Tema {number % 7}"])
    Plan.objects.create(
        council=plan.council,
        slug="ny",
        title="Ny plan",
        kind="handlingsplan",
        first_year=2027,
        last_year=2027,
        published=True,
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(INNLANDET)


def test_an_unknown_county_is_not_found(client):
    assert client.get("/fylke/finnmark/").status_code == 404


def test_the_counties_page_lists_each_county_with_its_councils(client):
    page = client.get("/fylke/").content.decode()
    assert "Innlandet fylkeskommune" in page and "Buskerud fylkeskommune" in page
    assert "Hallingdal" in page


def test_the_council_page_keeps_its_wording_and_names_the_county(client):
    page = client.get("/lillehammer-regionen/").content.decode()
    assert "Fylkeskommunen er medlem av rådet." in page
    assert 'href="/fylke/innlandet/"' in page
    hallingdal = client.get("/hallingdal/").content.decode()
    assert "Buskerud fylkeskommune" in hallingdal
    assert "Det er ikkje registrert noko forhold til fylkeskommunen." in hallingdal


# Search across the county's councils ------------------------------------------------------


def test_a_search_for_kollektiv_finds_measures_of_more_than_one_council(client):
    add_measure(lillehammer_plan(), "Bedre kollektivtransport mellom Øyer og Lillehammer")
    response = client.get(f"{INNLANDET}sok/", {"q": "kollektiv"})
    hits = list(response.context["page"])
    councils = {m.goal.focus_area.plan.council.slug for m in hits}
    assert councils == {"lillehammer-regionen", "nord-gudbrandsdal"}
    page = response.content.decode()
    # Each hit names its council.
    assert page.count('class="search-result__council"') == len(hits)
    assert "Lillehammer-regionen</strong>" in page and "Nord-Gudbrandsdal</strong>" in page


def test_the_county_search_never_finds_another_countys_or_an_unpublished_plan(client):
    add_measure(lillehammer_plan(), "Bedre kollektivtransport")
    Plan.objects.filter(council__slug="nord-gudbrandsdal").update(published=False)
    hits = list(client.get(f"{INNLANDET}sok/", {"q": "kollektiv"}).context["page"])
    assert {m.goal.focus_area.plan.council.slug for m in hits} == {"lillehammer-regionen"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_the_county_search_ranks_a_match_in_the_measure_above_one_in_its_goal(client):
    plan = lillehammer_plan()
    in_text = add_measure(plan, "Kollektivtransport, kollektivknutepunkt og kollektivfelt")
    hits = list(client.get(f"{INNLANDET}sok/", {"q": "kollektiv"}).context["page"])
    assert hits[0] == in_text
    assert len(hits) > 1


# Themes across the county -----------------------------------------------------------------


def test_a_theme_lists_every_councils_measures_and_filters_by_status(client):
    plan = lillehammer_plan()
    add_measure(plan, "Nytt busstilbod", Status.RED, themes=["Kollektivtransport"])
    url = f"{INNLANDET}tema/kollektivtransport/"
    everything = client.get(url)
    councils = {m.goal.focus_area.plan.council.slug for m in everything.context["page"]}
    assert councils == {"lillehammer-regionen", "nord-gudbrandsdal"}
    assert everything.context["page"].paginator.count == 5
    red = client.get(url, {"status": "red"})
    assert [m.text for m in red.context["page"]] == ["Nytt busstilbod"]
    ng = client.get(url, {"council": "nord-gudbrandsdal", "status": ["red", "not_assessed"]})
    assert ng.context["page"].paginator.count == 3


def test_a_theme_filter_with_an_unknown_status_says_so_and_filters_nothing(client):
    response = client.get(f"{INNLANDET}tema/samferdsel/", {"status": "purple"})
    assert response.status_code == 400
    assert "purple" in response.content.decode()
    assert response.context["page"].paginator.count == 8


def test_an_unknown_theme_is_not_found(client):
    assert client.get(f"{INNLANDET}tema/finst-ikkje/").status_code == 404


# The county reader ------------------------------------------------------------------------


@pytest.fixture
def county_reader(login):
    """innlandet-fylke: on Innlandet's staff; Lillehammer-regionen lets the county read all its
    plans (demo setting), Nord-Gudbrandsdal does not."""
    return login("innlandet-fylke")


def test_a_county_reader_reads_unpublished_plans_of_councils_that_agreed(county_reader, client):
    Plan.objects.update(published=False)
    lillehammer = lillehammer_plan()
    assert county_reader.get(lillehammer.get_absolute_url()).status_code == 200
    assert client.get(lillehammer.get_absolute_url()).status_code == 404
    nord = Plan.objects.get(council__slug="nord-gudbrandsdal", slug="handlingsplan-2026")
    assert county_reader.get(nord.get_absolute_url()).status_code == 404
    hallingdal = Plan.objects.get(council__slug="hallingdal")
    assert county_reader.get(hallingdal.get_absolute_url()).status_code == 404


def test_a_county_reader_sees_no_internal_notes_no_draft_budget_and_edits_nothing(county_reader):
    plan = lillehammer_plan()
    measure = add_measure(plan, "Tiltak med notat")
    Measure.objects.filter(pk=measure.pk).update(internal_note="HEMMELEG-NOTAT")
    page = county_reader.get(measure.get_absolute_url()).content.decode()
    assert "HEMMELEG-NOTAT" not in page
    plan_page = county_reader.get(plan.get_absolute_url()).content.decode()
    assert "HEMMELEG-NOTAT" not in plan_page
    budget = Budget.objects.get(council__slug="lillehammer-regionen", year=2026)
    assert county_reader.get(budget.get_absolute_url()).status_code == 404
    status_url = reverse("measures:status", args=[plan.council.slug, plan.slug, measure.pk])
    assert county_reader.post(status_url, {"status": "green"}).status_code == 403


def test_the_county_reader_loses_access_when_the_council_withdraws(county_reader):
    Plan.objects.update(published=False)
    plan = lillehammer_plan()
    relate(plan.council, County.objects.get(slug="innlandet"), "member", timezone.localdate())
    assert county_reader.get(plan.get_absolute_url()).status_code == 404


def test_a_county_readers_county_page_says_so_and_shows_the_shared_unpublished_plans(
    county_reader, client
):
    Plan.objects.update(published=False)
    staff_page = county_reader.get(INNLANDET)
    assert staff_page.context["is_county_reader"]
    shown = [p.slug for view in staff_page.context["council_views"] for p in view.plans]
    assert sorted(shown) == ["handlings-og-okonomiplan-2026", "strategisk-handlingsplan-2021-2025"]
    public = client.get(INNLANDET)
    assert [p for view in public.context["council_views"] for p in view.plans] == []


def test_a_county_reader_of_another_county_gets_nothing_extra(login):
    user = get_user_model().objects.create_user("buskerud-fylke")
    CountyMembership.objects.create(user=user, county=County.objects.get(slug="buskerud"))
    Plan.objects.update(published=False)
    reader = login("buskerud-fylke")
    assert reader.get(lillehammer_plan().get_absolute_url()).status_code == 404


def test_each_theme_shows_its_first_five_measures_and_links_to_all(client):
    response = client.get(INNLANDET)
    samferdsel = next(g for g in response.context["theme_groups"] if g.theme.name == "Samferdsel")
    assert samferdsel.count == 8 and len(samferdsel.first_measures) == 5
    councils = [m.goal.focus_area.plan.council.slug for m in samferdsel.first_measures]
    assert councils == ["nord-gudbrandsdal"] * 5  # in council order, then plan order
    assert "Alle de 8 tiltakene om Samferdsel" in response.content.decode()


def test_a_decision_is_added_in_the_admin_by_whoever_records_it_and_never_changed(
    superuser_client, hallingdal_council
):
    buskerud = County.objects.get(slug="buskerud")
    response = superuser_client.post(
        reverse("admin:plans_countyrelation_add"),
        {
            "council": hallingdal_council.pk,
            "county": buskerud.pk,
            "kind": "member",
            "since": "2026-01-01",
            "decision": "Fylkestinget sak 1/26",
            "reason": "",
        },
    )
    assert response.status_code == 302
    relation = CountyRelation.objects.get(council=hallingdal_council)
    assert relation.changed_by.username == "admin" and not relation.shares_plans
    change = reverse("admin:plans_countyrelation_change", args=[relation.pk])
    assert superuser_client.post(change, {"kind": "not_member"}).status_code == 403
    assert (
        superuser_client.post(
            reverse("admin:plans_countyrelation_delete", args=[relation.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    relation.refresh_from_db()
    assert relation.kind == "member"
