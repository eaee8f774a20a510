import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from budgets.models import Budget, BudgetLine
from budgets.overview import BudgetOverview
from measures.models import Measure, StatusChange
from measures.status import Status
from plans.models import Council, FocusArea, Goal, Membership, Plan, Role, StatusReport

pytestmark = pytest.mark.django_db


def plan_measures(council, plan):
    return Measure.objects.filter(
        goal__focus_area__plan__council__slug=council, goal__focus_area__plan__slug=plan
    )


def test_hallingdal_has_every_focus_area_goal_and_measure_of_the_seed(hallingdal_plan):
    # The seed has 26 "Mål" headings (1.1–1.4, 2.1–2.5, 3.1–3.4, 4.1–4.5, 5.1–5.4, 6.1–6.4).
    assert hallingdal_plan.focus_areas.count() == 6
    assert Goal.objects.filter(focus_area__plan=hallingdal_plan).count() == 26
    assert plan_measures("hallingdal", "regionplan").count() == 69


def test_hallingdal_keeps_both_copies_of_repeated_codes():
    codes = Counter(plan_measures("hallingdal", "regionplan").values_list("code", flat=True))
    assert codes["5.4.1"] == 2
    assert codes["6.4.1"] == 2
    assert [code for code, n in codes.items() if n > 1] == ["5.4.1", "6.4.1"]


def test_hallingdal_columns_are_kept_as_written():
    m = plan_measures("hallingdal", "regionplan").get(code="1.1.2")
    assert m.due == "2025"
    assert m.responsible == "Næringsforum"
    assert m.comment.startswith("Er påstarta, men går seint")
    dues = set(plan_measures("hallingdal", "regionplan").values_list("due", flat=True))
    assert {"årleg", "Kont", "2025.- 2026"} <= dues


def test_hallingdal_status_only_where_the_text_says_it():
    measures = plan_measures("hallingdal", "regionplan")
    assert measures.get(code="1.2.2").status == Status.RED  # "Dette blir det ikkje jobba med"
    assert measures.exclude(status=Status.NOT_ASSESSED).count() == 3
    # Even demo statuses are in the history.
    assert StatusChange.objects.filter(measure__in=measures).count() == 3


def test_hallingdal_agenda_item_03_26_is_there_for_the_report():
    report = StatusReport.objects.get(plan__council__slug="hallingdal", item_number="03-26")
    assert report.finalised_at is not None
    assert report.proposed_resolution == "Saka blir lagt fram utan forslag til vedtak."
    assert report.signatory_name
    assert report.background and report.assessment


def test_nord_gudbrandsdal_focus_areas_and_the_repeated_row():
    plan = Plan.objects.get(council__slug="nord-gudbrandsdal", slug="handlingsplan-2026")
    assert plan.focus_areas.count() == 4
    assert all(area.description for area in plan.focus_areas.all())
    texts = Counter(
        plan_measures("nord-gudbrandsdal", "handlingsplan-2026").values_list("text", flat=True)
    )
    repeated = [t for t, n in texts.items() if n == 2]
    assert repeated == [
        "Samordne kommunane sine behov og lage ei felles prioriteringsliste for utbygging av "
        "digital infrastruktur."
    ]


def test_lillehammer_budget_2026_frame_allocated_and_unallocated(budget):
    totals = BudgetOverview(budget)
    assert totals.frame == 4_500_000
    assert totals.allocated == 3_890_000
    assert totals.unallocated == 610_000


def test_lillehammer_cyberland_carry_over_and_pending_line():
    lines = BudgetLine.objects.filter(group__budget__council__slug="lillehammer-regionen")
    cyberland = lines.get(title="Cyberland")
    assert (cyberland.amount, cyberland.carried_over, cyberland.total) == (
        100_000,
        150_000,
        250_000,
    )
    assert "150 000 overføres fra 2025" in cyberland.footnote
    pending = lines.get(amount__isnull=True)
    assert pending.pending_text == "Avventer hovedprosjekt"
    assert {g.title for g in Budget.objects.get(year=2026).groups.all()} == {
        "Strategisk plan for næringsutvikling og bostedsattraktivitet",
        "Øvrige prioriteringer",
    }


def test_lillehammer_strategy_has_its_target_distribution():
    plan = Plan.objects.get(
        council__slug="lillehammer-regionen", slug="strategisk-handlingsplan-2021-2025"
    )
    shares = {s.category: s.percent for s in plan.target_shares.all()}
    assert shares == {"Næringsutvikling": 80, "Idrett": 10, "Annet": 10}
    assert (plan.first_year, plan.last_year) == (2021, 2025)


def test_councils_have_their_member_municipalities():
    expected = {
        "hallingdal": {"Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"},
        "nord-gudbrandsdal": {"Dovre", "Lesja", "Lom", "Sel", "Skjåk", "Vågå"},
        "lillehammer-regionen": {"Lillehammer", "Øyer", "Gausdal"},
    }
    for slug, names in expected.items():
        council = Council.objects.get(slug=slug)
        assert set(council.municipalities.values_list("name", flat=True)) == names
        assert all(len(n) == 4 for n in council.municipalities.values_list("number", flat=True))
    assert Council.objects.get(slug="lillehammer-regionen").county.slug == "innlandet"
    assert Council.objects.get(slug="hallingdal").county.slug == "buskerud"
    assert Council.objects.get(slug="hallingdal").language == "nn"
    assert Council.objects.get(slug="lillehammer-regionen").language == "nb"


def test_demo_users_per_council_and_admin():
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for slug in ("hallingdal", "nord-gudbrandsdal", "lillehammer-regionen"):
        editor = User.objects.get(username=f"{slug}-sekretariat")
        reader = User.objects.get(username=f"{slug}-politikar")
        assert editor.check_password("demo") and not editor.is_staff
        assert Membership.objects.get(user=editor).role == Role.SECRETARIAT
        assert Membership.objects.get(user=reader).role == Role.READER


def row_counts():
    models = [
        Council,
        Plan,
        FocusArea,
        Goal,
        Measure,
        StatusChange,
        Budget,
        BudgetLine,
        StatusReport,
        Membership,
        get_user_model(),
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_seed_demo_twice_changes_nothing():
    before = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before


def test_seed_demo_leaves_edited_demo_data_alone():
    measure = plan_measures("hallingdal", "regionplan").get(code="1.1.1")
    measure.change_status(Status.GREEN, comment="Ferdig")
    call_command("seed_demo", stdout=io.StringIO())
    measure.refresh_from_db()
    assert measure.status == Status.GREEN


def test_demo_password_comes_from_the_environment(monkeypatch):
    User = get_user_model()
    User.objects.filter(username__endswith="-politikar").delete()
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.get(username="hallingdal-politikar").check_password("another-secret")
