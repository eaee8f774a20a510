"""Conditional GET for pages and downloads: validators known before anything is rendered.

A page's ETag is a hash of what decides its content: the revision of the data it shows (a
plan's `revision` and `updated_at`, which every change bumps), who is looking (their role; for
a signed-in person also who they are and their CSRF cookie, which the page's forms carry), the
language, the address, whether htmx asked for a fragment, and the code that renders it
(`release()`). A request whose `If-None-Match` matches gets 304 Not Modified before any
rendering. `Cache-Control: private, no-cache` makes browsers ask every time (and lets no shared
cache keep a page with a CSRF token). The open data API builds on the same helpers
(opendata/responses.py).
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from .response_cache import kept_page

# What a release consists of, for `release()`: templates, code, translations and static files.
RELEASE_SUFFIXES = {".py", ".html", ".mo", ".css", ".js", ".svg", ".txt", ".xml"}
NOT_RELEASED = {".venv", "var", "tests", "bench", "node_modules", ".git", "__pycache__"}


def quoted_hash(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def timestamp_of(moment):
    return int(moment.timestamp()) if moment else None


@functools.cache
def release():
    """Identifies the code that renders pages, the same on every app server running it: the
    RELEASE environment variable when the deployment sets one, else a hash of the project's
    files. A new release changes every ETag, so nobody keeps a page made by the old code."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in NOT_RELEASED)
        for name in sorted(files):
            path = Path(directory, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class PageETag(str):
    """An ETag, and beside it the key its page may be kept under on the server
    (response_cache.py): the same without the CSRF cookie, which only a browser's own copy
    depends on (a kept page gets each request's token), and which a client could vary at will
    to fill the cache."""

    keep_key = None


def viewer_key(request, role, *, csrf=True):
    """Who is looking, as far as the page differs: the role, and for a signed-in person who
    they are, the name the header shows and (with `csrf`) the CSRF cookie their forms carry
    (it changes when they sign in again)."""
    user = request.user
    if not user.is_authenticated:
        return f"anonymous|{role}"
    name = user.get_full_name() or user.get_username()
    key = f"user:{user.pk}|{name}|{role}"
    if csrf:
        cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        key += "|" + hashlib.sha256(cookie.encode()).hexdigest()[:16]
    return key


def page_etag(request, *parts, role=None):
    """The ETag of a page (or download) made from `parts` (revisions, ids) for this viewer."""
    # Whether htmx asked, not what the header says: a value per request would be a new key.
    htmx = (
        request.headers.get("HX-Request") == "true",
        request.headers.get("HX-History-Restore-Request") == "true",
    )

    def key(csrf):
        words = [
            release(),
            request.get_host(),
            request.get_full_path(),
            get_language(),
            viewer_key(request, role, csrf=csrf),
            *htmx,
            *parts,
        ]
        return quoted_hash("|".join(map(str, words)).encode())

    etag = PageETag(key(csrf=True))
    etag.keep_key = key(csrf=False)
    return etag


def skips_validation(request):
    """A page about to show a one-time message (django.contrib.messages keeps them in the
    "messages" cookie) must be rendered, or the message would wait for the next page."""
    return "messages" in request.COOKIES


def not_modified(request, etag, last_modified=None):
    """304 Not Modified when the client's copy is current, else None: ask before rendering."""
    if request.method not in ("GET", "HEAD") or skips_validation(request):
        return None
    response = get_conditional_response(
        request, etag=etag, last_modified=timestamp_of(last_modified)
    )
    return with_validators(response, etag, last_modified) if response is not None else None


def with_validators(response, etag, last_modified=None, *, private=True):
    """Sets ETag and Last-Modified on a response the client may revalidate."""
    if response.status_code not in (200, 304):
        return response
    response["ETag"] = str(etag)  # a plain str: WSGI servers refuse a subclass (PageETag)
    if last_modified:
        response["Last-Modified"] = http_date(timestamp_of(last_modified))
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def conditional(request, etag, last_modified, render, *, private=True, keep=False):
    """`render()`'s response with validators, or 304 without calling it. With `keep` (an HTML
    page) the page is kept whole under its ETag for the next request (response_cache.py)."""
    response = not_modified(request, etag, last_modified)
    if response is None:
        response = kept_page(request, getattr(etag, "keep_key", None), render) if keep else render()
        response = with_validators(response, etag, last_modified, private=private)
    return response
