"""The county pages: counties, one county across its councils, search and themes there.

Public pages; what each shows of the councils' plans is what the visitor may read
(`Plan.objects.visible_to`), so a county's staff also see the plans councils share with them.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from measures.models import Theme
from measures.search import by_rank, search_measures, search_terms
from measures.summary import StatusSummary

from ..access import get_county, is_county_reader
from ..models import Council, County
from . import page
from .forms import ThemeFilterForm

PAGE_SIZE = 50


@require_GET
def county_list(request):
    counties = County.objects.prefetch_related(
        Prefetch("councils", queryset=Council.objects.order_by("name"))
    )
    return render(request, "plans/counties/county_list.html", {"counties": counties})


@require_GET
def county_detail(request, county):
    county = get_county(request, county)
    councils = page.county_councils(county)
    return render(
        request,
        "plans/counties/county.html",
        {
            "county": county,
            "council_views": page.council_views(county, councils, request.user),
            "county_plans": county.plans.all(),
            "theme_groups": page.theme_groups(request.user, councils),
            "is_county_reader": is_county_reader(request.user, county),
        },
    )


@require_GET
def county_search(request, county):
    """One search over the plans of every council in the county, best matches first."""
    county = get_county(request, county)
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        measures = search_measures(
            page.county_measures(request.user, page.county_councils(county)).select_related(
                "goal__focus_area__plan__council"
            ),
            query,
        )
        ordered = by_rank(measures)
        if not ordered.query.order_by:
            ordered = ordered.order_by(*page.MEASURE_ORDER)
        results = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/counties/county_search.html",
        {"county": county, "query": query, "page": results, "terms": search_terms(query)},
    )


@require_GET
def theme_detail(request, county, theme):
    """Every measure on a theme in the county's councils, filterable by status and council."""
    county = get_county(request, county)
    theme = get_object_or_404(Theme, slug=theme)
    councils = page.county_councils(county)
    form = ThemeFilterForm(request.GET or None, councils=councils)
    on_theme = page.county_measures(request.user, councils).filter(themes=theme)
    shown = (
        form.filter(on_theme)
        .select_related("goal__focus_area__plan__council")
        .order_by(*page.MEASURE_ORDER)
    )
    results = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    invalid = form.is_bound and not form.is_valid()
    return render(
        request,
        "plans/counties/theme.html",
        {
            "county": county,
            "theme": theme,
            "form": form,
            "summary": StatusSummary.of(on_theme),
            "page": results,
            "filter_query": filter_query(request),
        },
        status=400 if invalid else 200,
    )


def filter_query(request):
    """The filters as a query string for the pager's links, without the page number."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
