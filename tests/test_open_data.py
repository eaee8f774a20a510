"""Open data: the JSON API against its OpenAPI description, paging, conditional GET, published
data only and never internal notes; the Atom feeds; the DCAT-AP-NO catalogue; the licence."""

import datetime as dt
import json
import re

import feedparser
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.http import http_date
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec
from rdflib import Graph, URIRef, namespace
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from measures.models import Measure, StatusChange, Theme
from measures.status import Status
from opendata import openapi
from plans.models import Council, Plan

pytestmark = pytest.mark.django_db

HALLINGDAL = "/api/v1/plans/hallingdal/regionplan/"
STRATEGY = "/api/v1/plans/lillehammer-regionen/strategisk-handlingsplan-2021-2025/"
SECRET = "INTERNT-NOTAT-7f3a"


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), url
    return response, json.loads(response.content)


# The description --------------------------------------------------------------------------


def test_the_served_openapi_document_validates(client):
    response, document = get_json(client, "/api/v1/openapi.json")
    assert response.status_code == 200
    validate_spec(document)
    assert document["servers"] == [{"url": "http://testserver"}]


def api_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith("api/v1/"):
                yield "/" + route.replace("<slug:", "{").replace(">", "}")


def test_every_api_address_is_described_and_every_description_is_served():
    assert set(api_patterns()) == set(openapi.document()["paths"])


def schema_validator(path):
    """A validator for the 200 answer of `path` (a path of the OpenAPI document)."""
    document = openapi.document()
    registry = Registry().with_resource(
        "urn:regionplan", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    reference = document["paths"][path]["get"]["responses"]["200"]["content"]
    pointer = reference["application/json"]["schema"].get("$ref", "")
    return OAS31Validator({"$ref": "urn:regionplan" + pointer}, registry=registry)


WALK = [
    ("/api/v1/", "/api/v1/"),
    ("/api/v1/counties/", "/api/v1/counties/"),
    ("/api/v1/councils/", "/api/v1/councils/"),
    ("/api/v1/councils/lillehammer-regionen/", "/api/v1/councils/{council}/"),
    ("/api/v1/councils/hallingdal/", "/api/v1/councils/{council}/"),
    ("/api/v1/plans/", "/api/v1/plans/"),
    (HALLINGDAL, "/api/v1/plans/{council}/{plan}/"),
    (STRATEGY, "/api/v1/plans/{council}/{plan}/"),
    (HALLINGDAL + "measures/", "/api/v1/plans/{council}/{plan}/measures/"),
    (STRATEGY + "measures/", "/api/v1/plans/{council}/{plan}/measures/"),
    (HALLINGDAL + "status-history/", "/api/v1/plans/{council}/{plan}/status-history/"),
]


@pytest.mark.parametrize("url, path", WALK, ids=[url for url, _ in WALK])
def test_every_answer_matches_its_documented_schema(client, url, path):
    Measure.objects.get(goal__focus_area__plan__slug="regionplan", code="1.1.1").change_status(
        Status.GREEN, comment="Ferdig"
    )
    response, data = get_json(client, url)
    assert response.status_code == 200
    schema_validator(path).validate(data)


def test_an_error_answer_matches_the_documented_error(client):
    document = openapi.document()
    registry = Registry().with_resource(
        "urn:regionplan", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    validator = OAS31Validator(
        {"$ref": "urn:regionplan#/components/schemas/Error"}, registry=registry
    )
    for url in ("/api/v1/plans/?page_size=0", "/api/v1/plans/hallingdal/finst-ikkje/"):
        validator.validate(get_json(client, url)[1])


# Paging -----------------------------------------------------------------------------------


def test_lists_come_a_page_at_a_time_with_links_to_the_next_and_previous(client):
    _, first = get_json(client, HALLINGDAL + "measures/", page_size=30)
    assert (first["count"], first["page"], first["page_size"]) == (69, 1, 30)
    assert len(first["results"]) == 30 and first["previous"] is None
    _, second = get_json(client, first["next"])
    assert second["page"] == 2 and len(second["results"]) == 30
    _, third = get_json(client, second["next"])
    assert len(third["results"]) == 9 and third["next"] is None
    assert third["previous"].endswith("page=2") or "page=2" in third["previous"]
    ids = [m["id"] for page in (first, second, third) for m in page["results"]]
    assert len(set(ids)) == 69
    codes = [m["code"] for m in first["results"][:3]]
    assert codes == ["1.1.1", "1.1.2", "1.1.3"]  # plan order


def test_paging_keeps_the_filters(client):
    _, data = get_json(client, HALLINGDAL + "measures/", status="not_assessed", page_size=10)
    assert "status=not_assessed" in data["next"]
    assert all(m["status"] == "not_assessed" for m in data["results"])


@pytest.mark.parametrize(
    "params, status, words",
    [
        ({"page_size": "0"}, 400, "page_size"),
        ({"page_size": "501"}, 400, "500"),
        ({"page": "-1"}, 400, "page"),
        ({"page": "abc"}, 400, "page"),
        ({"page": "99"}, 404, "99"),
    ],
)
def test_a_bad_page_is_answered_with_a_message(client, params, status, words):
    response, data = get_json(client, "/api/v1/plans/", **params)
    assert response.status_code == status
    assert data["error"]["status"] == status and words in data["error"]["message"]


def test_filters_by_status_theme_council_and_since(client):
    _, red = get_json(client, HALLINGDAL + "measures/", status="red")
    assert [m["code"] for m in red["results"]] == ["1.2.2"]
    _, theme = get_json(
        client, "/api/v1/plans/nord-gudbrandsdal/handlingsplan-2026/measures/", theme="energi"
    )
    assert theme["count"] == 2
    assert all("energi" in [t["slug"] for t in m["themes"]] for m in theme["results"])
    _, plans = get_json(client, "/api/v1/plans/", council="lillehammer-regionen")
    assert {p["council"] for p in plans["results"]} == {"lillehammer-regionen"}
    _, county = get_json(client, "/api/v1/councils/", county="innlandet")
    assert {c["slug"] for c in county["results"]} == {"lillehammer-regionen", "nord-gudbrandsdal"}
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    _, none = get_json(client, HALLINGDAL + "status-history/", since=tomorrow)
    assert none["count"] == 0
    _, some = get_json(client, HALLINGDAL + "status-history/", since="2000-01-01")
    assert (
        some["count"]
        == StatusChange.objects.filter(measure__goal__focus_area__plan__slug="regionplan").count()
    )


@pytest.mark.parametrize(
    "url, params, words",
    [
        (HALLINGDAL + "measures/", {"status": "purple"}, "purple"),
        (HALLINGDAL + "status-history/", {"since": "i går"}, "since"),
    ],
)
def test_a_bad_filter_is_answered_with_a_message(client, url, params, words):
    response, data = get_json(client, url, **params)
    assert response.status_code == 400 and words in data["error"]["message"]


def test_the_api_only_reads(client):
    response = client.post(HALLINGDAL + "measures/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "GET" in json.loads(response.content)["error"]["message"]


def test_any_site_may_read_the_api(client):
    assert client.get("/api/v1/plans/")["Access-Control-Allow-Origin"] == "*"


def test_a_measure_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        get_json(client, HALLINGDAL + "measures/", page_size=500)


# Conditional GET --------------------------------------------------------------------------


def test_a_matching_if_none_match_gets_304_and_a_change_a_new_etag(client):
    first = client.get(HALLINGDAL)
    etag = first["ETag"]
    again = client.get(HALLINGDAL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    Measure.objects.get(goal__focus_area__plan__slug="regionplan", code="1.1.1").change_status(
        Status.GREEN
    )
    changed = client.get(HALLINGDAL, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["status_counts"]["green"] == 1


def test_if_modified_since_gets_304_until_the_plan_changes(client):
    first = client.get(HALLINGDAL + "measures/")
    since = first["Last-Modified"]
    assert (
        client.get(HALLINGDAL + "measures/", headers={"If-Modified-Since": since}).status_code
        == 304
    )
    Plan.objects.filter(slug="regionplan").update(
        updated_at=Plan.objects.get(slug="regionplan").updated_at + dt.timedelta(seconds=5)
    )
    assert (
        client.get(HALLINGDAL + "measures/", headers={"If-Modified-Since": since}).status_code
        == 200
    )
    old = http_date(0)
    assert (
        client.get(HALLINGDAL + "measures/", headers={"If-Modified-Since": old}).status_code == 200
    )


def test_unpublishing_a_plan_moves_the_lists_last_modified_on(client):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Plan.objects.update(updated_at=an_hour_ago)
    Council.objects.update(updated_at=an_hour_ago)
    since = client.get("/api/v1/plans/")["Last-Modified"]
    plan = Plan.objects.get(slug="regionplan")
    plan.published = False
    plan.save()  # a save, as the admin makes it: the council's updated_at moves on
    response = client.get("/api/v1/plans/", headers={"If-Modified-Since": since})
    assert response.status_code == 200
    assert "regionplan" not in {p["slug"] for p in json.loads(response.content)["results"]}


# Published data only, never internal notes ------------------------------------------------


def every_open_data_body(client):
    """The text of every open data answer: all API pages, the feeds and the catalogue."""
    bodies = []
    urls = ["/api/v1/", "/api/v1/counties/", "/api/v1/councils/", "/api/v1/plans/"]
    urls += [f"/api/v1/councils/{slug}/" for slug in Council.objects.values_list("slug", flat=True)]
    urls += [f"/{slug}/endringar.atom" for slug in Council.objects.values_list("slug", flat=True)]
    urls += ["/datakatalog.ttl", "/datakatalog.jsonld", "/api/v1/openapi.json", "/api/"]
    for plan in Plan.objects.select_related("council"):
        base = f"/api/v1/plans/{plan.council.slug}/{plan.slug}/"
        urls += [base, base + "measures/?page_size=500", base + "status-history/?page_size=500"]
        urls.append(f"/{plan.council.slug}/{plan.slug}/endringar.atom")
    for url in urls:
        response = client.get(url)
        bodies.append((url, response.status_code, response.content.decode()))
    return bodies


def test_internal_notes_and_who_changed_what_are_never_served(hallingdal_secretariat, client):
    Measure.objects.update(internal_note=SECRET)
    measure = Measure.objects.get(goal__focus_area__plan__slug="regionplan", code="1.1.1")
    measure.change_status(Status.YELLOW, comment="Godt i gang", user=hallingdal_secretariat)
    bodies = every_open_data_body(client)
    assert all(status == 200 for _, status, _ in bodies), [(u, s) for u, s, _ in bodies if s != 200]
    for url, _, body in bodies:
        assert SECRET not in body, url
        assert "hallingdal-sekretariat" not in body, url
        assert "internal_note" not in body, url
    history = json.loads(client.get(HALLINGDAL + "status-history/").content)["results"]
    assert {"from": "not_assessed", "to": "yellow", "comment": "Godt i gang"}.items() <= history[
        -1
    ].items()


def test_unpublished_plans_are_never_served_even_to_their_own_people(superuser_client, client):
    Plan.objects.filter(slug="regionplan").update(published=False)
    for who in (client, superuser_client):
        for url in (HALLINGDAL, HALLINGDAL + "measures/", HALLINGDAL + "status-history/"):
            response, data = get_json(who, url)
            assert response.status_code == 404 and data["error"]["status"] == 404
        assert who.get("/hallingdal/regionplan/endringar.atom").status_code == 404
        _, plans = get_json(who, "/api/v1/plans/")
        assert "regionplan" not in {p["slug"] for p in plans["results"]}
        _, council = get_json(who, "/api/v1/councils/hallingdal/")
        assert council["plans"] == []
        assert "Regionplan" not in who.get("/hallingdal/endringar.atom").content.decode()
        assert "/hallingdal/regionplan/" not in who.get("/datakatalog.ttl").content.decode()


def test_a_plan_names_the_plan_it_follows_only_while_that_one_is_published(client):
    strategy = Plan.objects.get(slug="strategisk-handlingsplan-2021-2025")
    Plan.objects.filter(slug="handlings-og-okonomiplan-2026").update(parent=strategy)
    url = "/api/v1/plans/lillehammer-regionen/handlings-og-okonomiplan-2026/"
    assert get_json(client, url)[1]["follows"]["slug"] == strategy.slug
    Plan.objects.filter(pk=strategy.pk).update(published=False)
    assert get_json(client, url)[1]["follows"] is None


# Feeds ------------------------------------------------------------------------------------


def test_the_plan_feed_is_valid_atom_with_status_changes_and_adoptions(client):
    measure = Measure.objects.get(goal__focus_area__plan__slug="regionplan", code="1.1.1")
    measure.change_status(Status.GREEN, comment="Plattforma er på plass <endeleg>")
    feed = feedparser.parse(client.get("/hallingdal/regionplan/endringar.atom").content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Regionplan – Hallingdal regionråd"
    titles = [entry.title for entry in feed.entries]
    assert "Tiltak 1.1.1: Ikkje vurdert → Grøn" in titles
    newest = feed.entries[0]
    assert newest.link.endswith(measure.get_absolute_url())
    assert "Plattforma er på plass &lt;endeleg&gt;" in newest.summary
    assert "Sak 03-26 ferdigstilt" in titles  # the finalised agenda item
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))


def test_the_feeds_name_adopted_plans_and_new_versions(client):
    strategy = Plan.objects.get(slug="strategisk-handlingsplan-2021-2025")
    Plan.objects.filter(slug="handlings-og-okonomiplan-2026").update(
        parent=strategy, adopted_on=dt.date(2025, 12, 10), adopted_by="Interkommunalt politisk råd"
    )
    plan_feed = feedparser.parse(
        client.get(
            "/lillehammer-regionen/strategisk-handlingsplan-2021-2025/endringar.atom"
        ).content
    )
    assert not plan_feed.bozo
    titles = [entry.title for entry in plan_feed.entries]
    assert titles[:2] == [
        "Ny versjon vedtatt: Handlings- og økonomiplan 2026",
        "Vedtatt: Strategisk handlingsplan 2021-25",
    ]
    council_feed = feedparser.parse(client.get("/lillehammer-regionen/endringar.atom").content)
    assert not council_feed.bozo
    assert council_feed.feed.language == "nb"
    assert "Ny versjon vedtatt: Handlings- og økonomiplan 2026" in [
        entry.title for entry in council_feed.entries
    ]


def test_a_feed_answers_a_conditional_get_and_refuses_a_post(client):
    url = "/hallingdal/regionplan/endringar.atom"
    first = client.get(url)
    assert first["Content-Type"].startswith("application/atom+xml")
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.post(url).status_code == 405


# The catalogue ----------------------------------------------------------------------------


# Looked up when used: pytest inspecting a module-level rdflib namespace makes rdflib warn.
def dcat():
    return namespace.DCAT, namespace.DCTERMS, namespace.RDF


def catalogue(client, fmt="turtle"):
    url, rdf_format = {
        "turtle": ("/datakatalog.ttl", "turtle"),
        "json-ld": ("/datakatalog.jsonld", "json-ld"),
    }[fmt]
    response = client.get(url)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content, format=rdf_format)
    return graph


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_the_catalogue_parses_as_rdf_and_names_every_published_plan(client, fmt):
    DCAT, DCTERMS, RDF = dcat()
    Plan.objects.filter(slug="handlingsplan-2026").update(published=False)
    graph = catalogue(client, fmt)
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    datasets = set(graph.objects(catalogues[0], DCAT.dataset))
    landing_pages = {str(graph.value(dataset, DCAT.landingPage)) for dataset in datasets}
    published = Plan.objects.filter(published=True).select_related("council")
    assert landing_pages == {"http://testserver" + plan.get_absolute_url() for plan in published}
    titles = " ".join(
        str(title) for dataset in datasets for title in graph.objects(dataset, DCTERMS.title)
    )
    for plan in published:
        assert plan.title in titles
    assert "Handlingsplan 2026" not in titles


def test_each_dataset_offers_json_csv_excel_and_the_api_under_the_councils_licence(client):
    DCAT, DCTERMS, _rdf = dcat()
    Council.objects.filter(slug="hallingdal").update(licence="cc-by-4.0")
    graph = catalogue(client)
    dataset = URIRef("http://testserver/hallingdal/regionplan/#datasett")
    distributions = list(graph.objects(dataset, DCAT.distribution))
    formats = {str(graph.value(d, DCTERMS.format)).rsplit("/", 1)[-1] for d in distributions}
    assert formats == {"JSON", "CSV", "XLSX"}
    assert len(distributions) == 4
    licences = {str(graph.value(d, DCTERMS.license)) for d in distributions}
    assert licences == {"http://creativecommons.org/licenses/by/4.0/"}
    access = {str(graph.value(d, DCAT.accessURL)) for d in distributions}
    assert "http://testserver/api/v1/plans/hallingdal/regionplan/" in access
    assert "http://testserver/hallingdal/regionplan/eksport.xlsx" in access
    api = next(d for d in distributions if graph.value(d, DCAT.accessService))
    service = graph.value(api, DCAT.accessService)
    assert str(graph.value(service, DCAT.endpointDescription)).endswith("/api/v1/openapi.json")
    other = URIRef("http://testserver/nord-gudbrandsdal/handlingsplan-2026/#datasett")
    assert {
        str(graph.value(d, DCTERMS.license)) for d in graph.objects(other, DCAT.distribution)
    } == {"http://data.norge.no/nlod/no/2.0"}


# The licence on the pages -----------------------------------------------------------------


def test_the_council_and_plan_pages_state_the_licence(client):
    council_page = client.get("/hallingdal/").content.decode()
    assert 'rel="license">NLOD 2.0</a>' in council_page
    assert 'href="/hallingdal/endringar.atom"' in council_page
    plan_page = client.get("/hallingdal/regionplan/").content.decode()
    assert 'rel="license">NLOD 2.0</a>' in plan_page
    council = Council.objects.get(slug="hallingdal")
    council.licence = "cc0-1.0"
    council.save()  # outdates the plan's cached page
    assert 'rel="license">CC0 1.0</a>' in client.get("/hallingdal/regionplan/").content.decode()


def test_the_api_page_is_rendered_on_the_server_from_the_description(client):
    page = client.get("/api/").content.decode()
    for path in openapi.document()["paths"]:
        assert f"GET {path}" in page
    assert "<script>" not in page and "<script " not in page.split("</head>", 1)[1]
    assert "Opne data" in page


def test_every_schema_the_api_page_links_to_is_on_the_page(client):
    page = client.get("/api/").content.decode()
    for target in set(re.findall(r'href="#(schema-\w+)"', page)):
        assert f'id="{target}"' in page, target


def test_a_304_about_a_plan_is_answered_before_any_work(client, django_assert_max_num_queries):
    url = HALLINGDAL + "measures/?page_size=500"
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(1):  # the plan, to know its revision
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag and response["Last-Modified"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_renaming_a_theme_changes_the_answers_that_name_it(client):
    url = "/api/v1/plans/nord-gudbrandsdal/handlingsplan-2026/measures/"
    etag = client.get(url)["ETag"]
    theme = Theme.objects.get(name="Energi")
    theme.name = "Energi og nett"
    theme.save()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Energi og nett" in response.content.decode()
