from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from .views import healthz

# Most specific first: each app's patterns start with /<council>/, and the plan page's
# /<council>/<plan>/ would otherwise take /<council>/importer/.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.allauth_urls")),
    path("", include("accounts.urls")),
    path("healthz/", healthz, name="healthz"),
    path(
        "tilgjengelegheit/",
        TemplateView.as_view(template_name="accessibility.html", http_method_names=["get"]),
        name="accessibility",
    ),
    path("", include("opendata.urls")),
    path("", include("plans.counties.urls")),
    path("", include("budgets.urls")),
    path("", include("plans.importing.urls")),
    path("", include("measures.urls")),
    path("", include("plans.reports.urls")),
    path("", include("plans.publishing.urls")),
    path("", include("revisions.urls")),
    path("", include("rounds.urls")),
    path("", include("plans.urls")),
]

handler403 = "regionplan.errors.permission_denied"
handler404 = "regionplan.errors.page_not_found"
