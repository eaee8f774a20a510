"""What a politician reads: status cards that lead to the list, a clean table of contents,
ready-made "changed since" dates, and no "last changed" without changes."""

import datetime

from django.utils import timezone

from plans.history import since_presets

PLAN = "/hallingdal/regionplan/"


def test_status_cards_link_to_the_list_filtered_to_their_status(
    hallingdal_plan, hallingdal_reader_client
):
    from measures.summary import StatusSummary

    page = hallingdal_reader_client.get(PLAN).content.decode()
    for item in StatusSummary.for_plans([hallingdal_plan])[hallingdal_plan.pk]:
        link = f'href="{PLAN}?status={item.status.value}#results"'
        assert (link in page) == bool(item.count), item.status  # a status nobody has: no link
    assert f'href="{PLAN}?status=red#results"' in page


def test_the_filter_lands_on_the_results_and_announces_them_from_a_region_that_stays(
    hallingdal_reader_client,
):
    page = hallingdal_reader_client.get(PLAN).content.decode()
    assert f'action="{PLAN}#results"' in page  # without JavaScript: straight to the results
    region = page.index('id="results-announcement"')
    assert region < page.index('id="results"')  # outside what htmx swaps
    assert 'class="results__count" role="status"' not in page  # said once, not twice


def test_table_of_contents_does_not_number_the_numbered_focus_areas(hallingdal_reader_client):
    page = hallingdal_reader_client.get(PLAN).content.decode()
    start = page.index('<nav class="toc"')
    toc = page[start : page.index("</nav>", start)]
    assert "<ol" not in toc and "<ul>" in toc
    assert "1. Næringsutvikling" in toc


def test_a_measure_without_changes_shows_no_last_changed_date(hallingdal_reader_client, measure):
    page = hallingdal_reader_client.get(measure.get_absolute_url()).content.decode()
    assert "Ingen endringar er registrerte enno." in page
    assert "Sist endra" not in page


def test_changed_since_offers_the_last_meeting_the_last_report_and_30_days(
    hallingdal_plan, hallingdal_reader_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    with django_assert_max_num_queries(2):
        presets = since_presets(hallingdal_plan, today)
    assert [p.kind for p in presets][-1] == "days"
    assert presets[-1].date == today - datetime.timedelta(days=30)
    report = hallingdal_plan.status_reports.filter(finalised_at__isnull=False).latest(
        "finalised_at"
    )
    assert any(
        p.kind == "report" and p.date == timezone.localdate(report.finalised_at) for p in presets
    )
    day = presets[-1].date.isoformat()
    page = hallingdal_reader_client.get(f"{PLAN}endringar/?since={day}").content.decode()
    assert f'href="?since={day}" aria-current="true"' in page
    assert "Dei siste 30 dagane" in page and "Sidan siste ferdige statusrapport" in page


def test_the_last_meeting_preset_is_the_latest_meeting_already_held(hallingdal_plan):
    today = timezone.localdate()
    report = hallingdal_plan.status_reports.first()
    report.meeting_date = today - datetime.timedelta(days=3)
    report.save(update_fields=["meeting_date"])
    presets = since_presets(hallingdal_plan, today)
    assert presets[0].kind == "meeting" and presets[0].date == report.meeting_date
    report.meeting_date = today + datetime.timedelta(days=3)  # a meeting still to come
    report.save(update_fields=["meeting_date"])
    assert "meeting" not in [p.kind for p in since_presets(hallingdal_plan, today)]
