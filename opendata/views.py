"""The open data views: the JSON API (v1), its description, and the DCAT catalogue.

Published data only, whoever asks: every plan comes from `public_plans()`, and a plan that is not
published answers 404 exactly like one that does not exist.
"""

import datetime as dt
import json

from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from measures.models import Measure, StatusChange
from measures.status import Status
from measures.summary import StatusSummary
from plans.access import public_plans
from plans.history import plan_lineage
from plans.models import Council, County, CountyRelation
from plans.rows import plan_measures

from . import catalogue, openapi
from . import serialise as data
from .responses import (
    ApiError,
    api_response,
    api_view,
    conditional_response,
    latest,
    not_modified,
    paginated,
    plan_etag,
)


def get_public_plan(council, plan):
    return get_object_or_404(
        public_plans().select_related("council"), council__slug=council, slug=plan
    )


def plan_answer(request, plan, build):
    """304 straight away if the client's copy of this answer about `plan` is current; else
    `build()` as JSON."""
    etag = plan_etag(request, plan)
    changed = latest(plan.updated_at, plan.council.updated_at)
    if unchanged := not_modified(request, etag, changed):
        return unchanged
    return api_response(request, build(), changed, etag)


@api_view
def api_index(request):
    links = data.Links(request)
    return api_response(
        request,
        {
            "version": "1",
            "description": openapi.document()["info"]["description"],
            "openapi": links("opendata:openapi"),
            "documentation": links("opendata:docs"),
            "catalogue": links("opendata:catalogue_ttl"),
            "counties": links("opendata:counties"),
            "councils": links("opendata:councils"),
            "plans": links("opendata:plans"),
        },
    )


@api_view
def openapi_json(request):
    return api_response(request, openapi.document(request.build_absolute_uri("/").rstrip("/")))


@api_view
def county_list(request):
    links = data.Links(request)
    counties = County.objects.prefetch_related(
        Prefetch("councils", queryset=Council.objects.order_by("name"))
    ).order_by("name")
    changed = latest(
        counties.aggregate(at=Max("updated_at"))["at"],
        Council.objects.aggregate(at=Max("updated_at"))["at"],
    )
    body = paginated(
        request, counties, lambda county: data.county_data(county, links, county.councils.all())
    )
    return api_response(request, body, changed)


@api_view
def council_list(request):
    links = data.Links(request)
    councils = Council.objects.select_related("county").order_by("name")
    if county := request.GET.get("county"):
        councils = councils.filter(county__slug=county)
    changed = councils.aggregate(at=Max("updated_at"))["at"]
    body = paginated(request, councils, lambda council: data.council_summary(council, links))
    return api_response(request, body, changed)


@api_view
def council_detail(request, council):
    links = data.Links(request)
    council = get_object_or_404(
        Council.objects.select_related("county").prefetch_related("municipalities"), slug=council
    )
    plans = list(public_plans().filter(council=council).select_related("council"))
    relation = (
        CountyRelation.objects.current().filter(council=council, county=council.county_id).first()
    )
    changed = latest(council.updated_at, *(plan.updated_at for plan in plans))
    return api_response(request, data.council_data(council, links, relation, plans), changed)


@api_view
def plan_list(request):
    links = data.Links(request)
    plans = (
        public_plans().select_related("council").order_by("council__name", "-last_year", "title")
    )
    councils = Council.objects.all()
    if council := request.GET.get("council"):
        plans = plans.filter(council__slug=council)
        councils = councils.filter(slug=council)
    if county := request.GET.get("county"):
        plans = plans.filter(council__county__slug=county)
        councils = councils.filter(county__slug=county)
    changed = latest(
        plans.aggregate(at=Max("updated_at"))["at"],
        councils.aggregate(at=Max("updated_at"))["at"],
    )
    body = paginated(request, plans, lambda plan: data.plan_summary(plan, links))
    return api_response(request, body, changed)


@api_view
def plan_detail(request, council, plan):
    links = data.Links(request)
    plan = get_public_plan(council, plan)

    def build():
        follows = public_plans().filter(pk=plan.parent_id).select_related("council").first()
        summary = StatusSummary.for_plans([plan])[plan.pk]
        return data.plan_data(plan, links, summary, follows)

    return plan_answer(request, plan, build)


def status_filter(request):
    wanted = request.GET.getlist("status")
    unknown = [value for value in wanted if value not in Status.values]
    if unknown:
        raise ApiError(
            400,
            _("Unknown status “%(value)s”: use %(known)s.")
            % {"value": unknown[0], "known": ", ".join(Status.values)},
        )
    return wanted


@api_view
def plan_measures_list(request, council, plan):
    links = data.Links(request)
    plan = get_public_plan(council, plan)
    measures = plan_measures(plan).prefetch_related("themes")
    if statuses := status_filter(request):
        measures = measures.filter(status__in=statuses)
    if theme := request.GET.get("theme"):
        measures = measures.filter(themes__slug=theme)

    def build():
        return paginated(request, measures, lambda measure: data.measure_data(measure, links, plan))

    return plan_answer(request, plan, build)


def since_filter(request):
    raw = request.GET.get("since", "").strip()
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None and (day := parse_date(raw)):
        moment = dt.datetime.combine(day, dt.time.min)
    if moment is None:
        raise ApiError(
            400,
            _(
                "“since” must be a date or a date and time, "
                "e.g. 2026-03-01 or 2026-03-01T12:00:00Z."
            ),
        )
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


@api_view
def plan_status_history(request, council, plan):
    plan = get_public_plan(council, plan)
    # Across versions: a carried measure's history from earlier versions is part of its own.
    owner = plan_lineage(plan)
    changes = (
        StatusChange.objects.filter(measure__in=owner)
        .select_related("measure__goal__focus_area__plan")
        .order_by("changed_at", "id")
    )
    if since := since_filter(request):
        changes = changes.filter(changed_at__gte=since)
    codes = dict(Measure.objects.filter(pk__in=set(owner.values())).values_list("pk", "code"))

    def item(change):
        return data.status_change_data(change, owner[change.measure_id], codes)

    return plan_answer(request, plan, lambda: paginated(request, changes, item))


@require_GET
def docs(request):
    """The API described for people, rendered on the server from the OpenAPI document."""
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "opendata/api_docs.html",
        {
            "endpoints": openapi.endpoints(),
            "schemas": openapi.schemas(),
            "base": base,
            "document": openapi.document(base),
        },
    )


@require_GET
def catalogue_turtle(request):
    graph = catalogue.build(request)
    body = graph.serialize(format="turtle").encode()
    return conditional_response(request, body, "text/turtle; charset=utf-8", catalogue.changed())


@require_GET
def catalogue_jsonld(request):
    graph = catalogue.build(request)
    body = json.dumps(json.loads(graph.serialize(format="json-ld")), indent=1).encode()
    return conditional_response(
        request, body, "application/ld+json; charset=utf-8", catalogue.changed()
    )
