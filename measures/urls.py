from django.urls import path

from . import views

app_name = "measures"

PLAN = "<slug:council>/<slug:plan>/"
MEASURE = PLAN + "tiltak/<int:measure>/"

urlpatterns = [
    path(PLAN + "statusrunde/", views.status_round, name="status_round"),
    path(PLAN + "mal/<int:goal>/nytt-tiltak/", views.measure_add, name="add"),
    path(MEASURE, views.measure_detail, name="detail"),
    path(MEASURE + "status/", views.measure_status, name="status"),
    path(MEASURE + "rad/", views.measure_row, name="row"),
    path(MEASURE + "endre/", views.measure_edit, name="edit"),
    path(MEASURE + "arkiver/", views.measure_archive, name="archive"),
    path(MEASURE + "gjenopprett/", views.measure_restore, name="restore"),
    path(MEASURE + "flytt/", views.measure_move, name="move"),
    path(MEASURE + "tema/", views.measure_themes, name="themes"),
]
