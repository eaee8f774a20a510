import pytest
from django.utils import timezone
from helpers import HTMX

from budgets.models import Budget, BudgetLine, Contribution
from budgets.overview import BudgetOverview
from plans.models import Plan

pytestmark = pytest.mark.django_db
URL = "/lillehammer-regionen/budsjett/2026/"


def test_overview_computes_frame_allocated_and_unallocated(budget):
    overview = BudgetOverview(budget)
    assert (overview.frame, overview.allocated, overview.unallocated) == (
        4_500_000,
        3_890_000,
        610_000,
    )
    assert overview.carried_over == 150_000 and not overview.over_allocated
    assert [v.line.title for v in overview.pending] == ["Økt innenforskap"]
    subtotals = {g.group.title: (g.allocated, g.total) for g in overview.groups}
    assert subtotals["Strategisk plan for næringsutvikling og bostedsattraktivitet"] == (
        2_950_000,
        3_100_000,
    )
    assert subtotals["Øvrige prioriteringer"] == (940_000, 940_000)


def test_shares_against_the_strategys_target(budget):
    overview = BudgetOverview(budget)
    assert overview.target_plan.slug == "strategisk-handlingsplan-2021-2025"
    shares = {
        s.label: (s.amount, s.percent, s.target, s.difference) for s in overview.category_shares
    }
    assert shares["Næringsutvikling"] == (2_950_000, 75.8, 80, -4.2)
    assert shares["Idrett"] == (250_000, 6.4, 10, -3.6)
    assert shares["Annet"][2] == 10


def test_footnotes_get_markers_in_order(budget):
    overview = BudgetOverview(budget)
    markers = [(marker, text[:20]) for marker, text in overview.footnotes]
    assert markers[0] == ("*", "150 000 overføres fr")
    cyberland = next(v for g in overview.groups for v in g.lines if v.line.title == "Cyberland")
    assert cyberland.marker == "*" and cyberland.total == 250_000


def test_over_allocation_is_shown_loudly(lillehammer_reader_client, budget):
    BudgetLine.objects.filter(title="Cyberland").update(amount=1_000_000)
    overview = BudgetOverview(budget)
    assert overview.over_allocated and overview.unallocated == -290_000
    body = lillehammer_reader_client.get(URL).content.decode()
    assert "Overdisponert" in body and "290\u202f000" in body


def test_budget_page_in_bokmal_with_norwegian_grouping(lillehammer_reader_client):
    body = lillehammer_reader_client.get(URL).content.decode()
    assert "Budsjett 2026" in body and "Udisponert" in body
    for figure in ("4\u202f500\u202f000", "3\u202f890\u202f000", "610\u202f000", "250\u202f000"):
        assert figure in body
    assert "Avventer hovedprosjekt" in body
    assert "150 000 overføres fra 2025" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body  # the chart
    assert 'id="shares-caption">Fordeling mot målet</caption>' in body  # its table equivalent


def test_a_draft_budget_is_for_the_councils_own_people_only(
    client, lillehammer_reader_client, hallingdal_secretariat_client, budget
):
    assert budget.finalised_at is None and budget.plan.published
    for outsider in (client, hallingdal_secretariat_client):
        assert outsider.get(URL).status_code == 404
        assert outsider.get(URL[:-1] + "/eksport.json").status_code == 404
        assert "budsjett/2026" not in outsider.get("/lillehammer-regionen/").content.decode()
    assert lillehammer_reader_client.get(URL).status_code == 200
    assert (
        "budsjett/2026" in lillehammer_reader_client.get("/lillehammer-regionen/").content.decode()
    )


def test_a_finalised_budget_is_as_public_as_its_plan(client, budget):
    Budget.objects.filter(pk=budget.pk).update(finalised_at=timezone.now())
    assert client.get(URL).status_code == 200
    assert client.get(URL[:-1] + "/eksport.json").status_code == 200
    Plan.objects.filter(slug="handlings-og-okonomiplan-2026").update(published=False)
    assert client.get(URL).status_code == 404


def test_a_rolled_over_draft_stays_hidden_until_it_is_finalised(
    client, lillehammer_secretariat_client, budget
):
    Budget.objects.filter(pk=budget.pk).update(finalised_at=timezone.now())
    lillehammer_secretariat_client.post(URL + "neste-ar/", {})
    assert Budget.objects.filter(council=budget.council, year=2027).exists()
    assert client.get("/lillehammer-regionen/budsjett/2027/").status_code == 404
    assert client.get("/lillehammer-regionen/budsjett/2027/eksport.json").status_code == 404


def test_budget_page_query_count(lillehammer_reader_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        lillehammer_reader_client.get(URL)


def test_contributions_make_the_frame(budget):
    Contribution.objects.create(budget=budget, source="Ekstra", amount=100_000, order=9)
    assert BudgetOverview(budget).unallocated == 710_000


def evaluate(sheet, ref, seen=()):
    """A tiny evaluator for the formulas budget_xlsx writes: SUM(range), A+B, A-B."""
    import re

    value = sheet[ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value or 0
    expr = value[1:]
    match = re.fullmatch(r"SUM\(([A-Z])(\d+):([A-Z])(\d+)\)", expr)
    if match:
        c1, r1, c2, r2 = match.groups()
        return sum(
            evaluate(sheet, f"{chr(c)}{r}")
            for c in range(ord(c1), ord(c2) + 1)
            for r in range(int(r1), int(r2) + 1)
        )
    total, sign = 0, 1
    for token in re.findall(r"[+-]|[A-Z]\d+", expr):
        if token in "+-":
            sign = 1 if token == "+" else -1
        else:
            total += sign * evaluate(sheet, token)
    return total


def test_budget_excel_has_sum_formulas_that_compute_our_figures(budget):
    import io

    from openpyxl import load_workbook

    from budgets.exports import budget_xlsx

    sheet = load_workbook(io.BytesIO(budget_xlsx(budget))).active
    rows = {row[0].value: row[0].row for row in sheet.iter_rows() if row[0].value}
    frame, allocated, unallocated = rows["Ramme"], rows["Disponert"], rows["Udisponert"]
    assert sheet[f"B{frame}"].value.startswith("=SUM(")
    assert evaluate(sheet, f"B{frame}") == 4_500_000
    assert evaluate(sheet, f"B{allocated}") == 3_890_000
    assert evaluate(sheet, f"B{unallocated}") == 610_000
    cyberland = next(r for r in sheet.iter_rows() if str(r[0].value).startswith("Cyberland"))
    assert evaluate(sheet, f"D{cyberland[0].row}") == 250_000
    assert sheet.title == "Budsjett 2026"


def test_budget_json_and_pdf_carry_the_same_figures(budget):
    import io

    from pypdf import PdfReader

    from budgets.exports import budget_data, budget_pdf

    data = budget_data(budget)
    assert (data["frame"], data["allocated"], data["unallocated"]) == (
        4_500_000,
        3_890_000,
        610_000,
    )
    pending = [line for g in data["groups"] for line in g["lines"] if line["amount"] is None]
    assert pending[0]["pending"] == "Avventer hovedprosjekt"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(budget_pdf(budget))).pages)
    assert "150 000 overføres fra 2025" in text and "Gudbrandsdalstinget" in text
    assert "610\u202f000" in text or "610 000" in text


def test_budget_downloads_and_command(lillehammer_reader_client, tmp_path):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    response = lillehammer_reader_client.get("/lillehammer-regionen/budsjett/2026/eksport.xlsx")
    assert response.status_code == 200
    assert "lillehammer-regionen-budsjett-2026.xlsx" in response["Content-Disposition"]
    out = tmp_path / "b.json"
    call_command(
        "export_budget",
        "lillehammer-regionen",
        "2026",
        format="json",
        output=out,
        stdout=io.StringIO(),
    )
    assert '"unallocated": 610000' in out.read_text()
    with pytest.raises(CommandError) as error:
        call_command("export_budget", "lillehammer-regionen", "2031", format="pdf", output=out)
    assert error.value.returncode == 2 and "Budgets of lillehammer-regionen: 2026" in str(
        error.value
    )


def test_finalising_an_over_allocated_budget_is_refused_with_a_message(
    lillehammer_secretariat_client, budget
):
    BudgetLine.objects.filter(title="Cyberland").update(amount=1_000_000)
    response = lillehammer_secretariat_client.post(URL + "ferdigstill/")
    assert response.status_code == 409
    assert "kan ikke ferdigstilles" in response.content.decode()
    budget.refresh_from_db()
    assert budget.finalised_at is None


def test_a_balanced_budget_can_be_finalised(lillehammer_secretariat_client, budget):
    assert lillehammer_secretariat_client.post(URL + "ferdigstill/").status_code == 302
    budget.refresh_from_db()
    assert budget.finalised_at is not None


def test_roll_over_copies_lines_and_moves_only_what_is_chosen(
    lillehammer_secretariat_client, budget
):
    cyberland = BudgetLine.objects.get(title="Cyberland")
    film = BudgetLine.objects.get(title="Filmsatsing")
    response = lillehammer_secretariat_client.post(
        URL + "neste-ar/", {f"carry-{film.pk}": "kr 50 000"}
    )
    assert response.status_code == 302
    draft = Budget.objects.get(council=budget.council, year=2027)
    lines = {line.title: line for line in BudgetLine.objects.filter(group__budget=draft)}
    assert len(lines) == 20
    assert lines["Filmsatsing"].carried_over == 50_000
    assert lines["Cyberland"].carried_over == 0  # nothing moved that was not asked for
    assert lines["Cyberland"].amount == 100_000
    # This year's budget is untouched.
    cyberland.refresh_from_db()
    film.refresh_from_db()
    assert (cyberland.carried_over, film.amount) == (150_000, 150_000)
    assert BudgetOverview(budget).unallocated == 610_000
    assert BudgetOverview(draft).frame == 4_500_000


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "kan ikke være negativt"),
        ("tusen", "er ikke et beløp"),
        ("200 000", "høyst linjens totale"),
    ],
)
def test_roll_over_rejects_bad_carry_over_and_writes_nothing(
    lillehammer_secretariat_client, budget, value, message
):
    film = BudgetLine.objects.get(title="Filmsatsing")
    response = lillehammer_secretariat_client.post(URL + "neste-ar/", {f"carry-{film.pk}": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Budget.objects.filter(year=2027).exists()


def test_roll_over_twice_is_refused(lillehammer_secretariat_client, budget):
    lillehammer_secretariat_client.post(URL + "neste-ar/", {})
    response = lillehammer_secretariat_client.post(URL + "neste-ar/", {})
    assert response.status_code == 409
    assert Budget.objects.filter(year=2027).count() == 1


def test_another_councils_secretariat_cannot_touch_this_budget(
    hallingdal_secretariat_client, budget
):
    # A draft of another council is not even visible to them.
    assert hallingdal_secretariat_client.post(URL + "ferdigstill/").status_code == 404
    assert hallingdal_secretariat_client.post(URL + "neste-ar/", {}).status_code == 404
    budget.refresh_from_db()
    assert budget.finalised_at is None


def line_url(line, action="endre"):
    return f"{URL}linje/{line.pk}/{action}/"


def line_data(line, **changes):
    data = {
        "version": line.version,
        "title": line.title,
        "amount": line.amount or "",
        "carried_over": line.carried_over or "",
        "pending_text": line.pending_text,
        "category": line.category,
        "footnote": line.footnote,
        "group": line.group_id,
        "link": f"measure-{line.measure_id}" if line.measure_id else "",
    }
    return {**data, **changes}


def test_editing_a_line_amount_updates_every_figure_out_of_band(lillehammer_secretariat_client):
    line = BudgetLine.objects.get(title="Filmsatsing")
    response = lillehammer_secretariat_client.post(
        line_url(line), line_data(line, amount="kr 250 000"), headers=HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<tr id="line-{line.pk}" hx-swap-oob="true">' in body
    assert '<div id="budget-figures" hx-swap-oob="true">' in body
    assert "510\u202f000" in body  # 610 000 − 100 000 more for Filmsatsing
    line.refresh_from_db()
    assert (line.amount, line.version) == (250_000, 2)
    change = line.group.budget.changes.get()
    assert (change.field, change.old_value, change.new_value) == ("amount", "150000", "250000")
    assert change.changed_by.username == "lillehammer-regionen-sekretariat"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-5"}, "kan ikke være negativt"),
        ({"amount": "150 000,50"}, "øre"),
        ({"amount": "", "pending_text": ""}, "eller skriv under «avventer»"),
    ],
)
def test_bad_line_input_is_rejected_and_writes_nothing(
    lillehammer_secretariat_client, changes, message
):
    line = BudgetLine.objects.get(title="Filmsatsing")
    response = lillehammer_secretariat_client.post(
        line_url(line), line_data(line, **changes), headers=HTMX
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    line.refresh_from_db()
    assert (line.amount, line.version) == (150_000, 1)


def test_a_stale_line_edit_is_a_conflict_not_an_overwrite(lillehammer_secretariat_client):
    line = BudgetLine.objects.get(title="Filmsatsing")
    stale = line_data(line)
    lillehammer_secretariat_client.post(
        line_url(line), {**stale, "amount": "200 000"}, headers=HTMX
    )
    response = lillehammer_secretariat_client.post(
        line_url(line), {**stale, "amount": "100 000"}, headers=HTMX
    )
    assert response.status_code == 409
    line.refresh_from_db()
    assert line.amount == 200_000


def test_editing_a_contribution_changes_the_frame(lillehammer_secretariat_client):
    contribution = Contribution.objects.get(source="Kommunene")
    response = lillehammer_secretariat_client.post(
        f"{URL}tilskot/{contribution.pk}/endre/",
        {"version": 1, "source": "Kommunene", "amount": "1.200.000"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "4\u202f700\u202f000" in response.content.decode()


def test_without_javascript_a_line_edit_redirects_back(lillehammer_secretariat_client):
    line = BudgetLine.objects.get(title="Filmsatsing")
    response = lillehammer_secretariat_client.post(line_url(line), line_data(line, amount="160000"))
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#line-{line.pk}"


def test_budget_excel_uses_a_real_thousands_separator_and_ends_with_the_total_row(budget):
    import io

    from openpyxl import load_workbook

    from budgets.exports import budget_xlsx

    overview = BudgetOverview(budget)
    sheet = load_workbook(io.BytesIO(budget_xlsx(budget))).active
    rows = {row[0].value: row[0].row for row in sheet.iter_rows() if row[0].value}
    total = rows["Totalt (rammen)"]
    assert evaluate(sheet, f"B{total}") == overview.frame == 4_500_000
    assert evaluate(sheet, f"C{total}") == overview.carried_over > 0
    assert evaluate(sheet, f"D{total}") == overview.frame + overview.carried_over
    assert sheet[f"A{total}"].font.bold
    formats = {c.number_format for row in sheet.iter_rows() for c in row[1:] if c.value}
    # "#,##0" is Excel's grouping (shown as a space in Norwegian); "# ##0" was a literal space.
    assert formats == {"#,##0"}


def test_budget_json_and_excel_name_the_strategy_the_targets_come_from(budget):
    import io

    from openpyxl import load_workbook

    from budgets.exports import budget_data, budget_xlsx

    assert budget_data(budget)["strategy"] == {
        "plan": "strategisk-handlingsplan-2021-2025",
        "title": "Strategisk handlingsplan 2021-25",
        "first_year": 2021,
        "last_year": 2025,
        "in_force": False,
    }
    sheet = load_workbook(io.BytesIO(budget_xlsx(budget))).active
    assert sheet.cell(sheet.max_row, 1).value == (
        "Ingen strategi gjelder i 2026. Målene er fra Strategisk handlingsplan 2021-25 "
        "(2021–2025), som utløp ved utgangen av 2025."
    )


def test_a_new_budget_names_the_strategy_in_force_and_exports_without_lines():
    import io

    from openpyxl import load_workbook

    from budgets.exports import budget_data, budget_xlsx
    from plans.models import Plan

    plan = Plan.objects.get(council__slug="nord-gudbrandsdal", slug="handlingsplan-2026")
    budget = Budget.objects.create(council=plan.council, year=2026, plan=plan)
    strategy = budget_data(budget)["strategy"]
    assert (strategy["plan"], strategy["in_force"]) == ("strategisk-plan-2025-2028", True)
    sheet = load_workbook(io.BytesIO(budget_xlsx(budget))).active
    assert sheet.cell(sheet.max_row, 1).value.startswith("Strategi som gjeld")
    assert "2026:" in sheet.cell(sheet.max_row, 1).value
    # No line yet: every sum is a number or a formula Excel can read (a bare "=" is neither).
    assert "=" not in [cell.value for row in sheet.iter_rows() for cell in row]
