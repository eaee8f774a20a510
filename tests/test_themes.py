"""Themes: the secretariat tags a measure from the shared list or with a new name; recorded in
the audit trail; refused with a message for bad input, writing nothing."""

import pytest
from django.urls import reverse
from helpers import HTMX

from measures.models import Measure, Theme
from plans.models import ChangeRecord, Plan

pytestmark = pytest.mark.django_db


def themes_url(measure):
    plan = measure.goal.focus_area.plan
    return reverse("measures:themes", args=[plan.council.slug, plan.slug, measure.pk])


def names(measure):
    return sorted(measure.themes.values_list("name", flat=True))


def test_the_secretariat_tags_a_measure_from_the_list_and_with_a_new_theme(
    hallingdal_secretariat_client, measure
):
    samferdsel = Theme.objects.get(name="Samferdsel")
    revision = Plan.objects.get(pk=measure.goal.focus_area.plan_id).revision
    response = hallingdal_secretariat_client.post(
        themes_url(measure), {"themes": [samferdsel.pk], "new_theme": "  Næringsareal  "}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#themes")
    assert names(measure) == ["Næringsareal", "Samferdsel"]
    assert Theme.objects.get(name="Næringsareal").slug == "naeringsareal"
    record = ChangeRecord.objects.get(measure=measure, field="themes")
    assert (record.old_value, record.new_value) == ("", "Næringsareal, Samferdsel")
    assert record.changed_by.username == "hallingdal-sekretariat"
    assert Plan.objects.get(pk=measure.goal.focus_area.plan_id).revision > revision


def test_a_new_theme_in_another_case_is_the_existing_theme(hallingdal_secretariat_client, measure):
    count = Theme.objects.count()
    hallingdal_secretariat_client.post(themes_url(measure), {"new_theme": "kollektivTRANSPORT"})
    assert names(measure) == ["Kollektivtransport"]
    assert Theme.objects.count() == count


def test_untagging_records_it_and_the_county_no_longer_lists_the_measure(login, client):
    measure = Measure.objects.get(
        goal__focus_area__plan__council__slug="lillehammer-regionen", text__startswith="Dovrebanen"
    )
    secretariat = login("lillehammer-regionen-sekretariat")
    secretariat.post(themes_url(measure), {"themes": [Theme.objects.get(name="Samferdsel").pk]})
    assert names(measure) == ["Samferdsel"]
    record = ChangeRecord.objects.get(measure=measure, field="themes")
    assert (record.old_value, record.new_value) == ("Kollektivtransport, Samferdsel", "Samferdsel")
    listed = client.get("/fylke/innlandet/tema/kollektivtransport/").context["page"]
    assert measure not in list(listed)


def test_saving_the_same_themes_records_nothing(hallingdal_secretariat_client, measure):
    hallingdal_secretariat_client.post(themes_url(measure), {})
    assert not ChangeRecord.objects.filter(measure=measure, field="themes").exists()


def test_with_htmx_the_themes_section_is_swapped_in_place(hallingdal_secretariat_client, measure):
    response = hallingdal_secretariat_client.post(
        themes_url(measure), {"new_theme": "Beredskap"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="themes"')
    assert "Beredskap" in html and 'role="status"' in html
    assert "<html" not in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"new_theme": "Kollektiv\u202etransport"}, "U+202E"),
        ({"new_theme": "x" * 61}, "60"),
        ({"themes": ["999999"]}, "999999"),
        ({"themes": ["ikkje-eit-tal"]}, "ikkje-eit-tal"),
    ],
    ids=["direction control", "too long", "unknown theme", "not a theme id"],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    hallingdal_secretariat_client, measure, data, message
):
    themes_before = Theme.objects.count()
    for headers in ({}, HTMX):
        response = hallingdal_secretariat_client.post(themes_url(measure), data, headers=headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Theme.objects.count() == themes_before
    assert names(measure) == []
    assert not ChangeRecord.objects.filter(measure=measure, field="themes").exists()


def test_an_archived_measure_cannot_be_tagged(hallingdal_secretariat_client, measure):
    Measure.all_objects.filter(pk=measure.pk).update(archived_at="2026-01-01T00:00:00Z")
    response = hallingdal_secretariat_client.post(
        themes_url(measure), {"new_theme": "Beredskap"}, headers=HTMX
    )
    assert response.status_code == 409
    assert names(measure) == []
    plain = hallingdal_secretariat_client.post(themes_url(measure), {"new_theme": "Beredskap"})
    assert plain.status_code == 302
    assert names(measure) == []


def test_readers_and_other_councils_may_not_tag(
    hallingdal_reader_client, nord_gudbrandsdal_secretariat_client, client, measure
):
    data = {"new_theme": "Beredskap"}
    assert hallingdal_reader_client.post(themes_url(measure), data).status_code == 403
    assert nord_gudbrandsdal_secretariat_client.post(themes_url(measure), data).status_code == 403
    assert client.post(themes_url(measure), data).status_code == 302  # to the login page
    assert names(measure) == []


def test_the_measure_page_shows_its_themes_and_the_form_only_to_the_secretariat(login, client):
    measure = Measure.objects.get(
        goal__focus_area__plan__council__slug="lillehammer-regionen", text__startswith="Dovrebanen"
    )
    public = client.get(measure.get_absolute_url()).content.decode()
    assert 'href="/fylke/innlandet/tema/kollektivtransport/"' in public
    assert "themes-edit" not in public
    secretariat = login("lillehammer-regionen-sekretariat").get(measure.get_absolute_url())
    assert "themes-edit" in secretariat.content.decode()
