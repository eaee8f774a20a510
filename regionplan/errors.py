"""Error answers in the user's language: a page normally, a short message for HTMX requests.

An HTMX request that fails must not swap a whole error page into a table row, so it gets the
message alone, retargeted to the page's live message area (#flash).
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget


def error_response(request, status, title, message):
    if getattr(request, "htmx", False):
        response = render(request, "error_fragment.html", {"message": message}, status=status)
        return reswap(retarget(response, "#flash"), "innerHTML")
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def page_not_found(request, exception=None):
    return error_response(
        request,
        404,
        _("Page not found"),
        _(
            "There is nothing here, or you do not have access to it. Log in if you have a role "
            "in this council."
        ),
    )


def permission_denied(request, exception=None):
    return error_response(
        request,
        403,
        _("Not allowed"),
        _("You can read this, but only the council's secretariat can change it."),
    )


def csrf_failure(request, reason=""):
    return error_response(
        request,
        403,
        _("The form has expired"),
        _(
            "Nothing was saved: the form was too old or came from elsewhere. Reload the page and "
            "try again."
        ),
    )
