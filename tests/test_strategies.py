"""Action plans under a strategy, the strategy's financing, and budgets against the strategy
in force (issue 19)."""

import pytest

from budgets.models import Budget
from budgets.overview import BudgetOverview
from measures.models import Measure
from measures.status import Status
from plans.models import ChangeRecord, FocusArea, Goal, Plan, PlanKind, TargetShare
from strategies.models import Financing, GoalLink, MeasureLink
from strategies.services import goal_rollup, strategy_for_year

pytestmark = pytest.mark.django_db

NB = "\u202f"  # the narrow no-break space that groups kroner
STRATEGY_URL = "/lillehammer-regionen/strategisk-handlingsplan-2021-2025/strategi/"
FINANCING_URL = STRATEGY_URL + "finansiering/"
BUDGET_URL = "/lillehammer-regionen/budsjett/2026/"


def kroner(amount):
    return f"{amount:,}".replace(",", NB)


@pytest.fixture
def strategy(db):
    return Plan.objects.get(
        council__slug="lillehammer-regionen", slug="strategisk-handlingsplan-2021-2025"
    )


@pytest.fixture
def action_plan(db):
    return Plan.objects.get(
        council__slug="lillehammer-regionen", slug="handlings-og-okonomiplan-2026"
    )


def strategy_goal(strategy, text):
    return Goal.objects.get(focus_area__plan=strategy, text=text)


def financing_post(version, sources, shares, administration="500000", estimated=True, note=""):
    data = {
        "version": str(version),
        "administration": administration,
        "note": note,
        "sources-TOTAL_FORMS": str(len(sources)),
        "sources-INITIAL_FORMS": "0",
        "shares-TOTAL_FORMS": str(len(shares)),
        "shares-INITIAL_FORMS": "0",
    }
    if estimated:
        data["administration_estimated"] = "on"
    for i, (source, amount) in enumerate(sources):
        data[f"sources-{i}-source"], data[f"sources-{i}-amount"] = source, amount
    for i, (category, percent) in enumerate(shares):
        data[f"shares-{i}-category"], data[f"shares-{i}-percent"] = category, percent
    return data


SEED_SOURCES = [("Innlandet fylkeskommune", "2500000"), ("Kommunene", "1000000")]
SEED_SHARES = [("Næringsutvikling", "80"), ("Idrett", "10"), ("Annet", "10")]


# The demo data ----------------------------------------------------------------------------


def test_seed_000s_action_plan_follows_its_2025_2028_strategy_which_holds_only_the_seeds_words():
    plan = Plan.objects.get(council__slug="nord-gudbrandsdal", slug="handlingsplan-2026")
    strategy = plan.parent
    assert (strategy.kind, strategy.first_year, strategy.last_year) == (
        PlanKind.STRATEGIC_PLAN,
        2025,
        2028,
    )
    assert strategy.council_id == plan.council_id
    # Nothing the seed does not say: no goals, no adoption, no financing, no target.
    assert not FocusArea.objects.filter(plan=strategy).exists()
    assert (strategy.adopted_on, strategy.adopted_by, strategy.intro) == (None, "", "")
    assert not Financing.objects.filter(strategy=strategy).exists()
    assert not strategy.target_shares.exists()


def test_seed_004s_financing_adds_up_to_3_500_000_with_about_3_000_000_for_measures(strategy):
    financing = Financing.objects.get(strategy=strategy)
    sources = [(s.source, s.amount) for s in financing.sources.all()]
    assert sources == [("Innlandet fylkeskommune", 2_500_000), ("Kommunene", 1_000_000)]
    assert financing.administration == 500_000 and financing.administration_estimated
    assert "3 500 000" in financing.note
    shares = dict(strategy.target_shares.values_list("category", "percent"))
    assert shares == {"Næringsutvikling": 80, "Idrett": 10, "Annet": 10}


# The strategy page -----------------------------------------------------------------------


def test_lillehammers_strategy_page_shows_the_funds_the_target_and_the_2026_action_plan(client):
    body = client.get(STRATEGY_URL).content.decode()
    assert "Strategisk handlingsplan 2021-25" in body
    for figure in (3_500_000, 2_500_000, 1_000_000, 500_000, 3_000_000):
        assert kroner(figure) in body
    # The seed's estimates, said to be ones.
    assert f'stat-card__about">om lag</span> {kroner(500_000)}' in body
    assert f'stat-card__about">om lag</span> {kroner(3_000_000)}' in body
    for percent in ("80 %", "10 %"):
        assert percent in body
    assert "Handlings- og økonomiplan 2026" in body
    assert "Utenfor strategiens periode (2021–2025)" in body
    assert "Utløpt" in body  # in 2026 the 2021-25 strategy has run out


def test_the_rollup_counts_each_measure_under_the_strategy_goal_it_serves(strategy, action_plan):
    big_cases = strategy_goal(strategy, "Arbeid med store strategiske saker")
    sport = strategy_goal(strategy, "Videreutvikle idrettsregionen Lillehammer")
    business = strategy_goal(strategy, "Realisere Strategisk næringsplan for Lillehammer-regionen")
    measures = Measure.objects.filter(goal__focus_area__plan=action_plan)
    cases_goal = Goal.objects.get(focus_area__plan=action_plan, text="Store, strategiske saker")
    # One measure of the big cases names another strategy goal than its goal: its own wins.
    moved = cases_goal.measures.first()
    MeasureLink.objects.create(measure=moved, serves=business)
    moved.change_status(Status.RED)
    cases_goal.measures.exclude(pk=moved.pk).update(status=Status.GREEN)

    rollups = {
        r.goal.pk if r.goal else None: r.summary for r in goal_rollup(strategy, [action_plan])
    }
    cases_count = cases_goal.measures.count()
    assert rollups[big_cases.pk].counts == {Status.GREEN: cases_count - 1}
    assert rollups[business.pk].counts == {Status.RED: 1}
    assert rollups[sport.pk].total == 1  # the demo's "Videreutvikling av idrettsregionen"
    assert rollups[None].total == measures.count() - cases_count - 1


def test_the_rollup_shows_status_as_words_and_symbols_not_colour_alone(client, action_plan):
    Measure.objects.filter(goal__focus_area__plan=action_plan).update(status=Status.YELLOW)
    body = client.get(STRATEGY_URL).content.decode()
    assert 'class="badge badge--yellow"' in body and "◐" in body and "Gul" in body


def test_the_strategy_page_asks_the_same_queries_however_many_action_plans(
    client, strategy, action_plan, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as first:
        client.get(STRATEGY_URL)
    for year in (2027, 2028):
        plan = Plan.objects.create(
            council=strategy.council,
            slug=f"plan-{year}",
            title=f"Plan {year}",
            kind=PlanKind.ACTION_PLAN,
            first_year=year,
            last_year=year,
            parent=strategy,
            published=True,
        )
        area = FocusArea.objects.create(plan=plan, title="Område")
        goal = Goal.objects.create(focus_area=area, text="Mål")
        GoalLink.objects.create(
            goal=goal, serves=strategy_goal(strategy, "Arbeid med store strategiske saker")
        )
        for n in range(5):
            Measure.objects.create(goal=goal, text=f"Tiltak {n}", status=Status.GREEN)
    with django_assert_num_queries(len(first.captured_queries)):
        body = client.get(STRATEGY_URL).content.decode()
    assert "Plan 2027" in body and "Plan 2028" in body


def test_unpublished_action_plans_are_listed_only_for_those_who_may_read_them(
    client, lillehammer_reader_client, action_plan
):
    Plan.objects.filter(pk=action_plan.pk).update(published=False)
    assert "Handlings- og økonomiplan 2026" not in client.get(STRATEGY_URL).content.decode()
    body = lillehammer_reader_client.get(STRATEGY_URL).content.decode()
    assert "Handlings- og økonomiplan 2026" in body


def test_the_strategy_plan_page_links_to_its_strategy_page(client, strategy):
    body = client.get(strategy.get_absolute_url()).content.decode()
    assert STRATEGY_URL in body


# Which strategy a year's budget is measured against -----------------------------------------


def test_the_2026_budget_names_the_expired_strategy_as_the_source_of_its_target(
    lillehammer_reader_client, budget
):
    overview = BudgetOverview(budget)
    assert overview.target_plan.slug == "strategisk-handlingsplan-2021-2025"
    assert not overview.strategy.in_force
    body = lillehammer_reader_client.get(BUDGET_URL).content.decode()
    assert "Ingen strategi gjelder i 2026." in body
    assert "Strategisk handlingsplan 2021-25" in body and "utløp ved utgangen av 2025" in body
    assert STRATEGY_URL in body


def test_the_budget_compares_its_frame_with_the_strategys_yearly_funds(budget):
    overview = BudgetOverview(budget)
    rows = [(r.source, r.strategy_amount, r.budget_amount) for r in overview.funding]
    assert rows[:2] == [
        ("Innlandet fylkeskommune", 2_500_000, 2_500_000),
        ("Kommunene", 1_000_000, 1_000_000),
    ]
    assert rows[2][1:] == (None, 1_000_000)  # the money from 2025 is not the strategy's
    assert (overview.financing.yearly, overview.frame) == (3_500_000, 4_500_000)


def test_a_budget_in_the_strategys_period_says_the_strategy_is_in_force(
    lillehammer_reader_client, budget
):
    Budget.objects.create(council=budget.council, year=2024)
    body = lillehammer_reader_client.get("/lillehammer-regionen/budsjett/2024/").content.decode()
    assert "Strategi som gjelder i 2024" in body and "Ingen strategi gjelder" not in body


def test_the_strategy_the_budgets_plan_follows_wins_when_two_are_in_force(strategy, action_plan):
    newer = Plan.objects.create(
        council=strategy.council,
        slug="snb",
        title="Strategisk plan for næringsutvikling og bostedsattraktivitet",
        kind=PlanKind.STRATEGIC_PLAN,
        first_year=2025,
        last_year=2030,
    )
    assert strategy_for_year(strategy.council, 2026).plan == newer
    assert strategy_for_year(strategy.council, 2026).in_force
    assert strategy_for_year(strategy.council, 2025, follows=strategy.pk).plan == strategy
    assert strategy_for_year(strategy.council, 2025).plan == newer


def test_no_strategy_means_no_target(hallingdal_council):
    assert strategy_for_year(hallingdal_council, 2026) is None


# Editing the financing --------------------------------------------------------------------


def test_the_secretariat_edits_the_financing_and_it_is_recorded(
    lillehammer_secretariat_client, strategy
):
    financing = Financing.objects.get(strategy=strategy)
    data = financing_post(
        financing.version,
        [("Innlandet fylkeskommune", "2600000"), ("Kommunene", "1000000")],
        [("Næringsutvikling", "70"), ("Idrett", "20"), ("Annet", "10")],
        note="Endret <i>2026</i>",
    )
    response = lillehammer_secretariat_client.post(FINANCING_URL, data)
    assert response.status_code == 302
    financing.refresh_from_db()
    assert [s.amount for s in financing.sources.all()] == [2_600_000, 1_000_000]
    assert financing.note == "Endret <i>2026</i>"  # kept as typed, escaped on output
    assert dict(strategy.target_shares.values_list("category", "percent"))["Idrett"] == 20
    record = ChangeRecord.objects.get(plan=strategy, field="financing")
    assert "2500000" in record.old_value and "2600000" in record.new_value
    body = lillehammer_secretariat_client.get(STRATEGY_URL).content.decode()
    assert kroner(3_600_000) in body and "Endret &lt;i&gt;2026&lt;/i&gt;" in body


def test_a_second_editor_cannot_silently_overwrite_the_first(login, strategy):
    first = login("lillehammer-regionen-sekretariat")
    second = login("lillehammer-regionen-sekretariat")
    version = Financing.objects.get(strategy=strategy).version
    mine = financing_post(version, [("Innlandet fylkeskommune", "2700000")], SEED_SHARES)
    theirs = financing_post(version, SEED_SOURCES + [("Ekstra", "1")], SEED_SHARES)
    assert first.post(FINANCING_URL, mine).status_code == 302
    response = second.post(FINANCING_URL, theirs)
    assert response.status_code == 409
    body = response.content.decode()
    assert kroner(2_700_000) in body  # what is saved now…
    assert 'value="Ekstra"' in body  # …beside what they typed, kept in the form
    financing = Financing.objects.get(strategy=strategy)
    assert [s.amount for s in financing.sources.all()] == [2_700_000]
    # Saving again keeps theirs, on purpose.
    again = theirs | {"version": str(financing.version)}
    assert second.post(FINANCING_URL, again).status_code == 302
    assert Financing.objects.get(strategy=strategy).sources.count() == 3


@pytest.mark.parametrize(
    ("sources", "shares", "administration", "message"),
    [
        (SEED_SOURCES, [("Næringsutvikling", "80"), ("Idrett", "30")], "0", "110"),
        (SEED_SOURCES, [("Idrett", "10"), ("idrett", "10")], "0", "Idrett"),
        ([("Kommunene", "")], SEED_SHARES, "0", ""),
        ([("", "1000")], SEED_SHARES, "0", ""),
        (SEED_SOURCES, SEED_SHARES, "4000000", ""),
        (SEED_SOURCES, [("Idrett", "101")], "0", ""),
        ([("Kommunene", "-5")], SEED_SHARES, "0", ""),
        ([("Kommunene", "99999999999")], SEED_SHARES, "0", ""),
    ],
)
def test_bad_financing_gets_a_message_and_writes_nothing(
    lillehammer_secretariat_client, strategy, sources, shares, administration, message
):
    financing = Financing.objects.get(strategy=strategy)
    data = financing_post(financing.version, sources, shares, administration=administration)
    response = lillehammer_secretariat_client.post(FINANCING_URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and message in body
    assert Financing.objects.get(strategy=strategy).version == financing.version
    assert TargetShare.objects.filter(plan=strategy).count() == 3


def test_a_strategy_without_financing_gets_its_first(nord_gudbrandsdal_secretariat_client):
    url = "/nord-gudbrandsdal/strategisk-plan-2025-2028/strategi/finansiering/"
    assert nord_gudbrandsdal_secretariat_client.get(url).status_code == 200
    data = financing_post(1, [("Kommunane", "600000")], [], administration="0", estimated=False)
    assert nord_gudbrandsdal_secretariat_client.post(url, data).status_code == 302
    financing = Financing.objects.get(strategy__slug="strategisk-plan-2025-2028")
    assert financing.version == 2 and financing.sources.get().amount == 600_000


def test_readers_and_other_councils_cannot_edit_the_financing(
    lillehammer_reader_client, nord_gudbrandsdal_secretariat_client, strategy
):
    data = financing_post(1, SEED_SOURCES, SEED_SHARES)
    assert lillehammer_reader_client.post(FINANCING_URL, data).status_code == 403
    assert nord_gudbrandsdal_secretariat_client.post(FINANCING_URL, data).status_code == 403
    assert lillehammer_reader_client.get(FINANCING_URL).status_code == 403


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_strategies_catalogue_is_translated(language):
    from pathlib import Path

    import polib

    path = Path(__file__).resolve().parent.parent / "strategies" / "locale" / language
    po = polib.pofile(str(path / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, f"untranslated in {language}: {missing}"


# Naming the strategy goal a goal or measure serves ------------------------------------------

LINKS_URL = "/lillehammer-regionen/handlings-og-okonomiplan-2026/strategimal/"


def links_post(action_plan, changes=()):
    """The form as the page sends it, every row as saved, with `changes` {key: strategy goal}."""
    from strategies.editing import current_links

    current = current_links(action_plan)
    data = {}
    for goal in Goal.objects.filter(focus_area__plan=action_plan):
        data[f"goal-{goal.pk}"] = data[f"seen-goal-{goal.pk}"] = str(
            current.get(f"goal-{goal.pk}") or ""
        )
    for measure in Measure.objects.filter(goal__focus_area__plan=action_plan):
        key = f"measure-{measure.pk}"
        data[key] = data[f"seen-{key}"] = str(current.get(key) or "")
    for key, goal in dict(changes).items():
        data[key] = str(goal.pk) if goal else ""
    return data


def test_the_secretariat_names_the_strategy_goal_a_goal_and_a_measure_serve(
    lillehammer_secretariat_client, strategy, action_plan
):
    business = strategy_goal(strategy, "Realisere Strategisk næringsplan for Lillehammer-regionen")
    new_tasks = Goal.objects.get(focus_area__plan=action_plan, text="Nye oppdrag")
    measure = new_tasks.measures.first()
    cases = Goal.objects.get(focus_area__plan=action_plan, text="Store, strategiske saker")
    body = lillehammer_secretariat_client.get(LINKS_URL).content.decode()
    assert "Strategisk handlingsplan 2021-25" in body
    data = links_post(action_plan, {f"goal-{new_tasks.pk}": business, f"goal-{cases.pk}": None})
    assert lillehammer_secretariat_client.post(LINKS_URL, data).status_code == 302
    assert GoalLink.objects.get(goal=new_tasks).serves == business
    assert not GoalLink.objects.filter(goal=cases).exists()
    rollups = {
        r.goal.pk if r.goal else None: r.summary for r in goal_rollup(strategy, [action_plan])
    }
    assert rollups[business.pk].total == new_tasks.measures.count()
    records = ChangeRecord.objects.filter(plan=action_plan, field="serves")
    assert {r.subject_id for r in records} == {new_tasks.pk, cases.pk}
    # A measure can name its own.
    data = links_post(
        action_plan,
        {f"measure-{measure.pk}": strategy_goal(strategy, "Arbeid med store strategiske saker")},
    )
    assert lillehammer_secretariat_client.post(LINKS_URL, data).status_code == 302
    assert (
        MeasureLink.objects.get(measure=measure).serves.text == "Arbeid med store strategiske saker"
    )


def test_a_second_editor_changing_the_same_link_gets_the_conflict_and_writes_nothing(
    login, strategy, action_plan
):
    first = login("lillehammer-regionen-sekretariat")
    second = login("lillehammer-regionen-sekretariat")
    goal = Goal.objects.get(focus_area__plan=action_plan, text="Nye oppdrag")
    other = Goal.objects.get(focus_area__plan=action_plan, text="Store, strategiske saker")
    business = strategy_goal(strategy, "Realisere Strategisk næringsplan for Lillehammer-regionen")
    sport = strategy_goal(strategy, "Videreutvikle idrettsregionen Lillehammer")
    mine = links_post(action_plan, {f"goal-{goal.pk}": business})
    theirs = links_post(action_plan, {f"goal-{goal.pk}": sport, f"goal-{other.pk}": None})
    assert first.post(LINKS_URL, mine).status_code == 302
    response = second.post(LINKS_URL, theirs)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Realisere Strategisk næringsplan" in body
    assert "Lagre mine likevel" in body
    assert GoalLink.objects.get(goal=goal).serves == business
    assert GoalLink.objects.filter(goal=other).exists()  # their other change waits too
    # Saving again keeps theirs, on purpose.
    again = theirs | {f"seen-goal-{goal.pk}": str(business.pk)}
    assert second.post(LINKS_URL, again).status_code == 302
    assert GoalLink.objects.get(goal=goal).serves == sport


def test_only_a_goal_of_the_plans_own_strategy_can_be_named(
    lillehammer_secretariat_client, action_plan
):
    goal = Goal.objects.get(focus_area__plan=action_plan, text="Nye oppdrag")
    foreign = Goal.objects.filter(focus_area__plan__council__slug="hallingdal").first()
    data = links_post(action_plan) | {f"goal-{goal.pk}": str(foreign.pk)}
    response = lillehammer_secretariat_client.post(LINKS_URL, data)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not GoalLink.objects.filter(goal=goal).exists()


def test_a_plan_without_a_strategy_says_so(hallingdal_secretariat_client):
    url = "/hallingdal/regionplan/strategimal/"
    assert "følgjer ingen strategi" in hallingdal_secretariat_client.get(url).content.decode()
    assert hallingdal_secretariat_client.post(url, {}).status_code == 400


def test_the_links_page_asks_a_fixed_number_of_queries(
    lillehammer_secretariat_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        lillehammer_secretariat_client.get(LINKS_URL)


def test_the_budget_pdf_names_the_expired_strategy_its_targets_come_from(budget):
    import subprocess

    from budgets.exports import budget_pdf

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=budget_pdf(budget), capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Ingen strategi gjelder i 2026: målene er fra Strategisk handlingsplan 2021-25" in flat
    assert "utløp ved utgangen av 2025" in flat
