"""The URLs of the site bench/floor.py serves (settings: floor_settings.py): the product's, plus
views that do only part of what every reading page must do, so that their throughput is a ceiling
no real page can pass. Not part of the product: only bench/floor.py puts it on the path.
"""

import zlib

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

from plans.models import Plan

# About the size of a measure page of the demo data, as a kept page is stored (zlib, level 1).
PAGE = "".join(
    f'<tr><td><a href="/hallingdal/regionplan/tiltak/{n}/">1.{n}</a></td>'
    f"<td>Tiltak {n} for regionen: samarbeid om æøå</td><td>Grøn</td></tr>\n"
    for n in range(400)
)


def reader(request):
    """Who is reading: the session and the user, as every page of ours asks."""
    return request.user.is_authenticated


def identify(request):
    reader(request)
    return HttpResponse("ok", content_type="text/plain")


def page_from_cache():
    stored = cache.get("floor-page")
    if stored is None:
        stored = zlib.compress(PAGE.encode(), 1)
        cache.set("floor-page", stored)
    return HttpResponse(zlib.decompress(stored), content_type="text/html; charset=utf-8")


def kept_page(request):
    """A page answered from the cache with no query: what validators held in a shared cache
    (no database) would cost at best."""
    reader(request)
    return page_from_cache()


def revision():
    """One database round trip written as SQL: a plan's revision by its address."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.revision FROM plans_plan p JOIN plans_council c ON c.id = p.council_id"
            " WHERE c.slug = %s AND p.slug = %s",
            ["hallingdal", "regionplan"],
        )
        return cursor.fetchone()


def raw_query(request):
    reader(request)
    revision()
    return HttpResponse("ok", content_type="text/plain")


def raw_query_and_kept_page(request):
    """The least a page kept in each process's memory must do to know it is current."""
    reader(request)
    revision()
    return page_from_cache()


def orm_query(request):
    """The same through the ORM, with the council as pages need it."""
    reader(request)
    Plan.objects.select_related("council").filter(
        council__slug="hallingdal", slug="regionplan"
    ).first()
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("floor/reader/", identify),
    path("floor/reader-and-kept-page/", kept_page),
    path("floor/reader-and-sql-query/", raw_query),
    path("floor/reader-and-orm-query/", orm_query),
    path("floor/reader-sql-query-and-kept-page/", raw_query_and_kept_page),
    path("", include("regionplan.urls")),
]
