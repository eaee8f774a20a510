"""File downloads: one way to name them, and the cookie that ends the page's "preparing…" note."""

from django.conf import settings
from django.http import HttpResponse


def file_response(request, body, content_type, filename, *, inline=False):
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return with_download_cookie(request, response)


def with_download_cookie(request, response):
    """Lets the page stop its "preparing…" note when the file has arrived (static/app.js)."""
    token = request.GET.get("token", "")
    if token.isalnum() and len(token) <= 32:
        # Read by the page's script, so not HttpOnly; Secure wherever the session cookie is.
        response.set_cookie(
            "download", token, max_age=60, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE
        )
    return response
