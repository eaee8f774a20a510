"""Whole pages kept under their ETag, so a reader whose browser has no copy yet is answered
without rendering.

The ETag (regionplan/lib/conditional.py) already names everything a page shows: the revision
of its data, who is looking, the language, the address and the release. A page rendered for
one ETag is therefore the page for every request with that ETag, and is stored under it
(compressed, for ten minutes; the date is part of the key, since pages say "today").

The one thing in a page that belongs to the request is its CSRF token, which readers must not
share. While a page is rendered to be kept, `csrf_token` is a placeholder made for that page
(the context processor `csrf_placeholder`): random, so no text anyone typed can contain it. It is
stored with the page, and every answer, the first one too, gets the request's own token in its
place. A response that set a cookie or changed the session is not kept: serving it again would
skip that. Only addresses without a query string are kept, and only under the key the ETag
carries for it (`conditional.PageETag.keep_key`), in which nothing a client chooses freely
varies.
"""

import secrets
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

TIMEOUT = 10 * 60
LARGEST = 4 * 1024 * 1024  # bytes of HTML; a longer page is rendered each time
KEPT_HEADERS = ("Content-Type", "Content-Language")
RENDERING = "_renders_page_to_keep"


def csrf_placeholder(request):
    """Context processor: the page's placeholder as `csrf_token` while a page is rendered to be
    kept (it overrides Django's own `csrf` processor, which runs first)."""
    placeholder = getattr(request, RENDERING, None)
    return {"csrf_token": placeholder} if placeholder else {}


def kept_page(request, keep_key, render):
    """`render()`'s page, or the one kept under `keep_key`."""
    if (
        keep_key is None
        or settings.DEBUG
        or request.method != "GET"
        # Each new query string would be one more page kept, for anyone to fill the cache
        # with. Filtered plan pages reuse the body cache (page_cache.py) instead.
        or request.META.get("QUERY_STRING")
        or "messages" in request.COOKIES
    ):
        return render()
    key = f"whole-page:{timezone.localdate().isoformat()}:{keep_key}"
    stored = cache.get(key)
    if stored is None:
        placeholder = secrets.token_hex(32)
        setattr(request, RENDERING, placeholder)
        try:
            response = render()
        finally:
            setattr(request, RENDERING, None)
        stored = storable(request, response, placeholder)
        if stored is None:
            return with_token(request, response, placeholder)
        cache.set(key, stored, TIMEOUT)
    headers, compressed, placeholder = stored
    response = HttpResponse(zlib.decompress(compressed), headers=headers)
    return with_token(request, response, placeholder)


def storable(request, response, placeholder):
    """What is kept of `response`: its headers, its compressed content and the placeholder
    in it; None for a response that must not be replayed."""
    session = getattr(request, "session", None)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or not response.get("Content-Type", "").startswith("text/html")
        or len(response.content) > LARGEST
    ):
        return None
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return headers, zlib.compress(response.content, 1), placeholder


def with_token(request, response, placeholder):
    marker = placeholder.encode()
    if not response.streaming and marker in response.content:
        response.content = response.content.replace(marker, get_token(request).encode())
    return response
