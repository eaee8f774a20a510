"""How every API answer is made: JSON, paged, with ETag and Last-Modified, errors as JSON.

The ETag is a hash of the body, so it changes exactly when the data does; for answers about one
plan it is a hash of what the body is made from (`plan_etag`), so a 304 costs one query and no
rendering. Last-Modified is when the newest thing in the answer changed. A request whose
`If-None-Match` (or, without one, `If-Modified-Since`) still matches gets 304 Not Modified and
no body. Any site may read the API
from a browser (`Access-Control-Allow-Origin: *`): it holds only public data and no cookies
are involved.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

# Shared with the pages' conditional GET.
from regionplan.lib.conditional import quoted_hash, timestamp_of

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_AGE = 60


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status, message):
    body = json.dumps({"error": {"status": status, "message": str(message)}}, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


def api_view(view):
    """GET (and HEAD) only; 400, 404 and 405 answered as JSON errors."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, _("This API only reads: use GET."))
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.status, error.message)
        except Http404:
            return error_response(404, _("Not found: there is no published data at this address."))

    return answer


def positive_int(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, _("“%(name)s” must be a whole number from 1 up.") % {"name": name})
    value = int(raw)
    if maximum is not None and value > maximum:
        raise ApiError(
            400,
            _("“%(name)s” can be at most %(maximum)s.") % {"name": name, "maximum": maximum},
        )
    return value


def paginated(request, queryset, serialise):
    """{count, page, page_size, next, previous, results} for `?page=` and `?page_size=`."""
    size = positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    number = positive_int(request, "page", 1)
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        raise ApiError(
            404,
            _("There is no page %(page)s: the last page is %(last)s.")
            % {"page": number, "last": paginator.num_pages},
        )
    page = paginator.page(number)

    def page_url(other):
        params = request.GET.copy()
        params["page"] = other
        return request.build_absolute_uri(request.path) + "?" + params.urlencode()

    return {
        "count": paginator.count,
        "page": number,
        "page_size": size,
        "next": page_url(number + 1) if page.has_next() else None,
        "previous": page_url(number - 1) if page.has_previous() else None,
        "results": [serialise(item) for item in page.object_list],
    }


def api_response(request, data, last_modified=None, etag=None):
    """`data` as JSON with its validators; 304 when the client's copy is still current."""
    body = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return conditional_response(
        request, body, "application/json; charset=utf-8", last_modified, etag
    )


def conditional_response(request, body, content_type, last_modified=None, etag=None):
    """`body` with an ETag (its hash, unless given) and Last-Modified; 304 when the client's
    copy matches."""
    etag = etag or quoted_hash(body)
    response = HttpResponse(body, content_type=content_type)
    with_validators(response, etag, last_modified)
    response = get_conditional_response(
        request, etag=etag, last_modified=timestamp_of(last_modified), response=response
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def with_validators(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(timestamp_of(last_modified))
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# The shape of the data: answers change when serialise.py does, so its text is in every ETag.
SHAPE = hashlib.sha256(Path(__file__).with_name("serialise.py").read_bytes()).hexdigest()


def plan_etag(request, plan):
    """An ETag for an answer about one plan, known before the answer is built.

    Everything in such an answer changes the plan's revision or its council's updated_at (a
    status change, an edit, themes tagged or renamed, the council or a plan of it saved), so
    these with the address and the shape of the data identify the answer.
    """
    parts = [
        SHAPE,
        request.get_host(),
        request.get_full_path(),
        plan.pk,
        plan.revision,
        plan.updated_at.isoformat(),
        plan.council.updated_at.isoformat(),
    ]
    return quoted_hash("|".join(map(str, parts)).encode())


def not_modified(request, etag, last_modified):
    """304 Not Modified when the client's copy is current (checked before any work), else None."""
    response = get_conditional_response(
        request, etag=etag, last_modified=timestamp_of(last_modified)
    )
    return with_validators(response, etag, last_modified) if response else None


def latest(*moments):
    """The newest of the moments given (None ones skipped), or None."""
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None
