import pytest
from django.urls import reverse
from helpers import measure_by_code

from measures.models import Measure
from measures.status import Status
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_council_list_links_every_council(client):
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Hallingdal regionråd", "Interkommunalt politisk råd i Nord-Gudbrandsdal"):
        assert name in response.content.decode()
    assert reverse("plans:council", args=["hallingdal"]) in response.content.decode()


def test_council_page_lists_plans_and_municipalities(client):
    response = client.get(reverse("plans:council", args=["lillehammer-regionen"]))
    body = response.content.decode()
    assert "Handlings- og økonomiplan 2026" in body
    assert "Strategisk handlingsplan 2021-25" in body
    assert "3441" in body and "Gausdal" in body


def test_plan_page_lists_focus_areas_goals_and_measures_with_status_as_text(client):
    response = client.get(reverse("plans:plan", args=["hallingdal", "regionplan"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Næringsutvikling og arbeidsplassar" in body
    assert "Utarbeide ein felles plattform for næringsutvikling i Hallingdal." in body
    assert body.count('class="badge badge--red"') >= 1
    # Status is in words, not only colour (nynorsk by the council's language form).
    assert "Raud" in body and "Ikkje vurdert" in body


def test_plan_page_uses_the_councils_language_form(client):
    nn = client.get(reverse("plans:plan", args=["hallingdal", "regionplan"])).content.decode()
    nb = client.get(
        reverse("plans:plan", args=["lillehammer-regionen", "handlings-og-okonomiplan-2026"])
    ).content.decode()
    assert '<html lang="nn">' in nn and "Tiltak" in nn
    assert '<html lang="nb">' in nb and "Ikke vurdert" in nb


def test_chosen_language_overrides_the_councils(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("plans:plan", args=["hallingdal", "regionplan"])).content.decode()
    assert '<html lang="en">' in body and "Not assessed" in body


def test_plan_page_renders_text_paragraphs_and_escapes_markup(client, hallingdal_plan):
    measure = Measure.objects.filter(goal__focus_area__plan=hallingdal_plan).first()
    Measure.objects.filter(pk=measure.pk).update(text="Første\n\n- punkt\n\n<script>x</script>")
    body = client.get(hallingdal_plan.get_absolute_url()).content.decode()
    assert "<p>Første</p><ul><li>punkt</li></ul>" in body
    assert "<script>x</script>" not in body


def test_unpublished_plan_is_hidden_from_the_public_and_other_councils(
    client, nord_gudbrandsdal_secretariat_client, hallingdal_reader_client
):
    Plan.objects.filter(council__slug="hallingdal").update(published=False)
    url = reverse("plans:plan", args=["hallingdal", "regionplan"])
    assert client.get(url).status_code == 404
    assert nord_gudbrandsdal_secretariat_client.get(url).status_code == 404
    assert hallingdal_reader_client.get(url).status_code == 200


def test_measure_page_shows_the_measure_and_its_history(client):
    measure = measure_by_code("1.2.2")
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Jobbe for eit fylkesdistriktssenter i Hallingdal" in body
    assert "Dette blir det ikkje jobba med" in body
    assert body.count("badge--red") >= 2  # current status and the history entry


def test_measure_of_another_plan_is_not_found_under_this_plan(client, hallingdal_plan):
    other = Measure.objects.filter(goal__focus_area__plan__council__slug="nord-gudbrandsdal")[0]
    url = reverse("measures:detail", args=["hallingdal", "regionplan", other.pk])
    assert client.get(url).status_code == 404


def test_plan_page_query_count_does_not_grow_with_the_plan(client, django_assert_max_num_queries):
    small = reverse(
        "plans:plan", args=["lillehammer-regionen", "strategisk-handlingsplan-2021-2025"]
    )
    large = reverse("plans:plan", args=["hallingdal", "regionplan"])
    funded = reverse("plans:plan", args=["lillehammer-regionen", "handlings-og-okonomiplan-2026"])
    # Session, council, plan, focus areas, status counts, goals with measures, budget lines;
    # at most 5 for the status over time (plans/trend.py); the overview per revision reads the
    # focus areas once more (measures/summary.py). The same for every size.
    for url in (small, large, funded):
        with django_assert_max_num_queries(13):
            assert client.get(url).status_code == 200


def test_accessibility_statement_is_linked_from_every_page(client):
    body = client.get("/").content.decode()
    assert reverse("accessibility") in body
    assert client.get(reverse("accessibility")).status_code == 200


def test_status_labels_follow_the_language_form():
    from django.utils import translation

    with translation.override("nn"):
        assert [str(s.label) for s in Status] == ["Ikkje vurdert", "Grøn", "Gul", "Raud"]
        assert str(Status.YELLOW.meaning) == "Påstarta, i rute"
    with translation.override("nb"):
        assert [str(s.label) for s in Status] == ["Ikke vurdert", "Grønn", "Gul", "Rød"]
        assert str(Status.RED.meaning) == "Ikke gjennomført, ikke i rute"
