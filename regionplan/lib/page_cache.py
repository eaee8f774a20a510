"""Rendered pages (and PDFs) shared between readers until what they show changes.

Politicians read far more often than the secretariat writes, and rendering a long plan costs
tens of milliseconds. The key holds a revision that every change bumps, the language and the
variant (filters, who is looking), so an edit is visible on the next request. Pages with edit
controls carry per-user forms and are never cached.
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from .conditional import release

TIMEOUT = 60 * 60


def filter_variant(query_dict, names):
    """The filters named `names` as a stable string: the same filters in another order, with
    empty ones or with parameters the page does not know (utm_source=…) share one key."""
    items = sorted(
        (key, value.strip())
        for key, values in query_dict.lists()
        if key in names
        for value in values
        if value.strip()
    )
    return "&".join(f"{key}={value}" for key, value in items)


def cached_render(scope, revision, part, variant, render):
    """`render()`'s result for (scope, revision, language, part, variant), rendered once."""
    digest = hashlib.sha256(f"{part}|{variant}".encode()).hexdigest()[:24]
    # A new release renders differently: app servers sharing the cache must not serve old HTML.
    key = f"page:{release()}:{scope}:{revision}:{get_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html
