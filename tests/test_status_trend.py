"""Status over time: counts at each finalised report and now, from the status history."""

from collections import Counter

from django.utils import timezone

from measures.models import Measure
from measures.summary import StatusSummary
from plans.models import Plan
from plans.trend import status_trend, trend_chart


def test_the_trend_takes_five_queries_whatever_the_plans_size(
    hallingdal_plan, django_assert_max_num_queries
):
    small = Plan.objects.get(
        council__slug="lillehammer-regionen", slug="handlings-og-okonomiplan-2026"
    )
    for plan in (hallingdal_plan, small):
        with django_assert_max_num_queries(5):
            status_trend(plan)


def test_now_counts_what_the_status_overview_counts(hallingdal_plan):
    trend = status_trend(hallingdal_plan)
    summary, by_area = StatusSummary.for_focus_areas(hallingdal_plan)
    assert trend.samples[-1].is_now
    assert trend.samples[-1].summary.counts == summary.counts
    for area, samples in trend.by_area.items():
        assert +samples[-1].summary.counts == +by_area[area].counts


def test_a_report_counts_the_statuses_it_froze(hallingdal_plan):
    trend = status_trend(hallingdal_plan)
    report_sample = trend.samples[-2]
    frozen = Counter(report_sample.report.items.values_list("status", flat=True))
    assert trend.has_history and report_sample.report.item_number == "03-26"
    assert +report_sample.summary.counts == +frozen


def test_a_status_set_after_the_report_moves_now_but_not_the_report(hallingdal_plan, measure):
    before = status_trend(hallingdal_plan)
    measure.change_status("red", comment="Stoppa opp")
    after = status_trend(hallingdal_plan)
    assert after.samples[-2].summary.counts == before.samples[-2].summary.counts
    assert after.samples[-1].summary.counts["red"] == before.samples[-1].summary.counts["red"] + 1
    area = measure.goal.focus_area_id
    assert after.by_area[area][-1].summary.counts["red"] == (
        before.by_area[area][-1].summary.counts["red"] + 1
    )


def test_an_archived_measure_leaves_now_but_stays_in_earlier_reports(hallingdal_plan, measure):
    before = status_trend(hallingdal_plan)
    Measure.all_objects.filter(pk=measure.pk).update(archived_at=timezone.now())
    after = status_trend(hallingdal_plan)
    assert after.samples[-1].summary.total == before.samples[-1].summary.total - 1
    assert after.samples[-2].summary.total == before.samples[-2].summary.total


def test_the_chart_names_each_report_and_now(hallingdal_plan):
    svg = trend_chart(status_trend(hallingdal_plan).samples, "Regionplan")
    assert svg.startswith("<svg") and "03-26" in svg and ">No<" in svg  # nn: "now"


def test_the_plan_page_shows_the_chart_and_its_table(hallingdal_reader_client):
    page = hallingdal_reader_client.get("/hallingdal/regionplan/").content.decode()
    assert "Status over tid" in page and 'class="trend__chart"' in page
    assert "Sak 03-26" in page and "Status over tid per satsingsområde" in page


def test_the_plan_pdf_carries_the_status_over_time(hallingdal_plan):
    import io

    from pypdf import PdfReader

    from plans.exports import plan_pdf

    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(plan_pdf(hallingdal_plan))).pages
    )
    assert "Status over tid: heile planen" in text and "Sak 03-26" in text
