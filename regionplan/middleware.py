from django.utils.translation import gettext as _

from .errors import error_response


class RejectNullBytesMiddleware:
    """A NUL byte is never part of a real URL or form value, and PostgreSQL refuses to store or
    compare one: answer 400 before any view or query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in queries
            for key, values in query.lists()
        ):
            return error_response(
                request,
                400,
                _("Bad request"),
                _("The address or the form holds a character that cannot be used (NUL)."),
            )
        return self.get_response(request)
