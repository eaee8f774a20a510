from django.urls import path

from . import edit_views, export_views, import_views, report_views, views

app_name = "plans"

MEASURE = "<slug:council>/<slug:plan>/tiltak/<int:measure>/"
GOAL = "<slug:council>/<slug:plan>/mal/<int:goal>/"
AREA = "<slug:council>/<slug:plan>/omrade/<int:area>/"
REPORT = "<slug:council>/<slug:plan>/sak/<str:item>/"

urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("<slug:council>/", views.council_detail, name="council"),
    path("<slug:council>/sok/", views.council_search, name="council_search"),
    path("<slug:council>/importer/", import_views.import_start, name="import"),
    path("<slug:council>/importer/mal.xlsx", import_views.import_template, name="import_template"),
    path(
        "<slug:council>/importer/<uuid:token>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path("<slug:council>/<slug:plan>/", views.plan_detail, name="plan"),
    path("<slug:council>/<slug:plan>/kvalitet/", views.plan_quality, name="plan_quality"),
    path(
        "<slug:council>/<slug:plan>/eksport.<str:fmt>",
        export_views.plan_export,
        name="plan_export",
    ),
    path("<slug:council>/<slug:plan>/endringar/", views.plan_changes, name="plan_changes"),
    path("<slug:council>/<slug:plan>/statusrunde/", views.status_round, name="status_round"),
    path(
        "<slug:council>/<slug:plan>/nytt-omrade/",
        edit_views.focus_area_add,
        name="focus_area_add",
    ),
    path("<slug:council>/<slug:plan>/saker/", report_views.report_list, name="reports"),
    path("<slug:council>/<slug:plan>/saker/ny/", report_views.report_add, name="report_add"),
    path(REPORT, report_views.report_detail, name="report"),
    path(REPORT + "pdf/", report_views.report_pdf_view, name="report_pdf"),
    path(REPORT + "ferdigstill/", report_views.report_finalise, name="report_finalise"),
    path(REPORT + "ny-versjon/", report_views.report_new_version, name="report_new_version"),
    path(MEASURE, views.measure_detail, name="measure"),
    path(MEASURE + "status/", edit_views.measure_status, name="measure_status"),
    path(MEASURE + "rad/", edit_views.measure_row, name="measure_row"),
    path(MEASURE + "endre/", edit_views.measure_edit, name="measure_edit"),
    path(MEASURE + "arkiver/", edit_views.measure_archive, name="measure_archive"),
    path(
        MEASURE + "gjenopprett/",
        edit_views.measure_archive,
        {"archived": False},
        name="measure_restore",
    ),
    path(MEASURE + "flytt/", edit_views.measure_move, name="measure_move"),
    path(GOAL + "endre/", edit_views.goal_edit, name="goal_edit"),
    path(GOAL + "flytt/", edit_views.goal_move, name="goal_move"),
    path(GOAL + "nytt-tiltak/", edit_views.measure_add, name="measure_add"),
    path(AREA + "endre/", edit_views.focus_area_edit, name="focus_area_edit"),
    path(AREA + "flytt/", edit_views.focus_area_move, name="focus_area_move"),
    path(AREA + "nytt-mal/", edit_views.goal_add, name="goal_add"),
]
