import pytest

from measures.due import parse_due

PLAN = (2025, 2028)


@pytest.mark.parametrize(
    ("due", "years"),
    [
        ("2025", (2025, 2025)),
        ("2025.- 2026", (2025, 2026)),
        ("2025 2026", (2025, 2026)),
        ("2026-2028", (2026, 2028)),
        ("innen utgangen av første halvår 2026", (2026, 2026)),
        ("årleg", PLAN),
        ("Årlig", PLAN),
        ("Kont", PLAN),
        ("kontinuerleg", PLAN),
        ("Løpande", PLAN),
        ("", (None, None)),
        ("Innen utgangen av året", (None, None)),
        ("20255", (None, None)),
    ],
)
def test_parse_due_reads_the_year_range_from_free_text(due, years):
    assert tuple(parse_due(due, PLAN)) == years


def test_recurring_without_a_plan_has_no_years():
    assert tuple(parse_due("årleg")) == (None, None)


def test_saving_a_measure_derives_its_years(hallingdal_plan):
    from measures.models import Measure

    m = Measure.objects.get(goal__focus_area__plan=hallingdal_plan, due="2025.- 2026")
    assert (m.due_first_year, m.due_last_year) == (2025, 2026)
    m = Measure.objects.get(goal__focus_area__plan=hallingdal_plan, due="Kont")
    assert (m.due_first_year, m.due_last_year) == (2025, 2028)
