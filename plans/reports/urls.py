from django.urls import path

from . import views

app_name = "reports"

PLAN = "<slug:council>/<slug:plan>/"
REPORT = PLAN + "sak/<str:item>/"

urlpatterns = [
    path(PLAN + "saker/", views.report_list, name="list"),
    path(PLAN + "saker/ny/", views.report_add, name="add"),
    path(REPORT, views.report_detail, name="detail"),
    path(REPORT + "pdf/", views.report_pdf, name="pdf"),
    path(REPORT + "arkiv/", views.report_archive, name="archive"),
    path(REPORT + "ferdigstill/", views.report_finalise, name="finalise"),
    path(REPORT + "ny-versjon/", views.report_new_version, name="new_version"),
]
