"""A DCAT-AP-NO catalogue of the published plans, for data.norge.no and other portals.

Each published plan is a dcat:Dataset published by its council, with four distributions: the
JSON, CSV and Excel downloads and the API (a dcat:DataService described by the OpenAPI
document). Every distribution states the council's licence. Controlled vocabularies are the EU
Publications Office's (file types, data themes, languages, access rights), as DCAT-AP-NO asks.
The catalogue's publisher is whoever runs this site (OPEN_DATA_PUBLISHER_NAME/_URI settings).
Built with rdflib; served as Turtle and JSON-LD.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from measures.models import Theme
from plans.access import public_plans
from plans.models import Council

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
DATA_THEME = Namespace(EU + "data-theme/")
LANGUAGE = Namespace(EU + "language/")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_LANGUAGES = {"nn": LANGUAGE.NNO, "nb": LANGUAGE.NOB, "en": LANGUAGE.ENG}

# (export format, title, EU file type, IANA media type)
DOWNLOADS = (
    ("json", "JSON", FILE_TYPE.JSON, "application/json"),
    ("csv", "CSV", FILE_TYPE.CSV, "text/csv"),
    (
        "xlsx",
        "Excel",
        FILE_TYPE.XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
)


def changed():
    """When anything in the catalogue last changed (Last-Modified)."""
    moments = [
        public_plans().aggregate(at=Max("updated_at"))["at"],
        Council.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    known = [moment for moment in moments if moment]
    return max(known) if known else None


def texts(message):
    """A message as literals in nynorsk, bokmål and English."""
    literals = []
    for language in ("nn", "nb", "en"):
        with translation.override(language):
            literals.append(Literal(_(message), lang=language))
    return literals


def year_start(year):
    return Literal(dt.date(year, 1, 1), datatype=XSD.date)


def year_end(year):
    return Literal(dt.date(year, 12, 31), datatype=XSD.date)


def plan_themes(plans):
    """{plan id: [theme names]} in one query."""
    found = {}
    rows = Theme.objects.filter(measures__goal__focus_area__plan__in=plans).values_list(
        "measures__goal__focus_area__plan", "name"
    )
    for plan_id, name in rows.distinct().order_by("name"):
        found.setdefault(plan_id, []).append(name)
    return found


def build(request):
    base = request.build_absolute_uri("/").rstrip("/")
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)

    catalogue = URIRef(base + reverse("opendata:catalogue_ttl"))
    operator = URIRef(settings.OPEN_DATA_PUBLISHER_URI or base + "/")
    graph.add((operator, RDF.type, FOAF.Agent))
    graph.add((operator, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for literal in texts(gettext_noop("Plans of the inter-municipal political councils")):
        graph.add((catalogue, DCTERMS.title, literal))
    for literal in texts(
        gettext_noop(
            "Regional plans and action plans of inter-municipal political councils, with "
            "every measure and its status, as open data."
        )
    ):
        graph.add((catalogue, DCTERMS.description, literal))
    graph.add((catalogue, DCTERMS.publisher, operator))
    graph.add((catalogue, FOAF.homepage, URIRef(base + "/")))
    for language in (LANGUAGE.NNO, LANGUAGE.NOB):
        graph.add((catalogue, DCTERMS.language, language))
    if modified := changed():
        graph.add((catalogue, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))

    service = URIRef(base + reverse("opendata:index"))
    graph.add((catalogue, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    for literal in texts(gettext_noop("Regionplan open data API")):
        graph.add((service, DCTERMS.title, literal))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.endpointDescription, URIRef(base + reverse("opendata:openapi"))))
    graph.add((service, DCTERMS.publisher, operator))

    plans = list(public_plans().select_related("council").order_by("council__name", "title"))
    themes = plan_themes(plans)
    for plan in plans:
        dataset = add_dataset(graph, base, plan, themes.get(plan.pk, []), service)
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((service, DCAT.servesDataset, dataset))
    return graph


def add_dataset(graph, base, plan, theme_names, service):
    council = plan.council
    language = council.language
    page = URIRef(base + plan.get_absolute_url())
    dataset = URIRef(f"{page}#datasett")
    publisher = URIRef(base + council.get_absolute_url())
    licence = URIRef(council.licence_info.uri)

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(council.name, lang=language)))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.title, Literal(council.licence_info.short_name)))

    with translation.override(language):
        title = f"{plan.title} {plan.period} – {council.name}"
        description = plan.intro or _(
            "The plan's focus areas, goals and measures, each measure with its status."
        )
        kind = str(plan.get_kind_display())
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(str(page))))
    graph.add((dataset, DCTERMS.title, Literal(title, lang=language)))
    graph.add((dataset, DCTERMS.description, Literal(description, lang=language)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.landingPage, page))
    graph.add((dataset, DCTERMS.language, EU_LANGUAGES[language]))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC))
    graph.add((dataset, DCAT.theme, DATA_THEME.GOVE))
    graph.add((dataset, DCAT.theme, DATA_THEME.REGI))
    graph.add((dataset, DCTERMS.modified, Literal(plan.updated_at, datatype=XSD.dateTime)))
    if plan.adopted_on:
        graph.add((dataset, DCTERMS.issued, Literal(plan.adopted_on, datatype=XSD.date)))
    for keyword in [kind, *theme_names]:
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang=language)))

    period = BNode()
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, year_start(plan.first_year)))
    graph.add((period, DCAT.endDate, year_end(plan.last_year)))

    contact = BNode()
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(council.name, lang=language)))
    graph.add((contact, VCARD.hasURL, publisher))

    for fmt, label, file_type, media_type in DOWNLOADS:
        url = URIRef(base + reverse("plans:plan_export", args=[council.slug, plan.slug, fmt]))
        distribution = add_distribution(graph, url, label, file_type, media_type, licence)
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((dataset, DCAT.distribution, distribution))

    api = URIRef(base + reverse("opendata:plan", args=[council.slug, plan.slug]))
    distribution = add_distribution(graph, api, "API", FILE_TYPE.JSON, "application/json", licence)
    graph.add((distribution, DCAT.accessService, service))
    graph.add((dataset, DCAT.distribution, distribution))
    return dataset


def add_distribution(graph, url, label, file_type, media_type, licence):
    distribution = URIRef(f"{url}#distribusjon")
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(label)))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCTERMS.format, file_type))
    graph.add((distribution, DCAT.mediaType, MEDIA_TYPE[media_type]))
    graph.add((distribution, DCTERMS.license, licence))
    return distribution
