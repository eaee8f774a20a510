"""Downloads of a plan. Who may download what follows who may read the plan."""

import io
import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from .exports import csv_text, plan_data, write_xlsx
from .page_cache import cached_render
from .pdf import plan_pdf
from .views import get_plan

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def export_bytes(plan, fmt, base_url=""):
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(plan, buffer)
        return buffer.getvalue()
    if fmt == "pdf":
        # Seconds to render for a long plan, and the same until the plan changes.
        return cached_render(plan, "plan.pdf", "", lambda: plan_pdf(plan))
    if fmt == "json":
        data = plan_data(plan, base_url)
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    return csv_text(plan).encode()


@require_GET
def plan_export(request, council, plan, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = get_plan(request, council, plan)
    body = export_bytes(plan, fmt, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"{plan.council.slug}-{plan.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_download_cookie(request, response)


def with_download_cookie(request, response):
    """Lets the page stop its "preparing…" note when the file has arrived (static/app.js)."""
    token = request.GET.get("token", "")
    if token.isalnum() and len(token) <= 32:
        response.set_cookie("download", token, max_age=60, samesite="Lax")
    return response
