"""Finding measures by words.

PostgreSQL uses full-text search with the Norwegian configuration and prefix matching, so
"kollektiv" finds "kollektivtilbod" (compounds are one word in Norwegian) and results can be
ranked. SQLite, used for development and the demo, falls back to a case-insensitive match.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

WORD = re.compile(r"\w+")
CODE = re.compile(r"^\d+(?:\.\d+)*\.?$")
MAX_TERMS = 8
# A measure also matches through its goal: "kollektiv" should find every measure under
# "Hallingdal har betra kollektivtilbod".
SEARCHED_FIELDS = ("code", "text", "responsible", "involvement", "comment", "goal__text")


def search_terms(query: str) -> list[str]:
    """Words of a query, lower-cased, without operators: safe to build a tsquery from."""
    return [word.lower() for word in WORD.findall(query or "")][:MAX_TERMS]


def search_measures(queryset, query: str):
    """Measures matching every word of the query; annotated with `rank` on PostgreSQL."""
    query = (query or "").strip()
    if CODE.match(query):
        return queryset.filter(code__startswith=query.rstrip("."))
    terms = search_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("text", weight="A", config="norwegian")
            + SearchVector("code", "responsible", weight="B", config="norwegian")
            + SearchVector("involvement", "comment", weight="C", config="norwegian")
            + SearchVector("goal__text", weight="D", config="norwegian")
        )
        tsquery = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), search_type="raw", config="norwegian"
        )
        return queryset.annotate(search=vector, rank=SearchRank(vector, tsquery)).filter(
            search=tsquery
        )
    for term in terms:
        matches = Q()
        for field in SEARCHED_FIELDS:
            matches |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(matches)
    return queryset


def by_rank(queryset):
    """Best matches first on PostgreSQL; plan order elsewhere."""
    if connection.vendor == "postgresql" and "rank" in queryset.query.annotations:
        return queryset.order_by(F("rank").desc(nulls_last=True), "pk")
    return queryset
