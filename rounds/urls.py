from django.urls import path

from . import views

app_name = "rounds"

PLAN = "<slug:council>/<slug:plan>/"
ROUND = PLAN + "innspelsrunde/<int:round>/"
# A municipality's invitation in the round (its id: the municipality's record may be replaced).
MEMBER = ROUND + "kommune/<int:member>/"

urlpatterns = [
    path("innspel/<str:token>/", views.answer, name="answer"),
    path(PLAN + "innspelsrundar/", views.round_list, name="list"),
    path(PLAN + "innspelsrundar/ny/", views.round_open, name="open"),
    path(ROUND, views.round_detail, name="detail"),
    path(ROUND + "avslutt/", views.round_close, name="close"),
    path(ROUND + "resultat/", views.results, name="results"),
    path(ROUND + "resultat.pdf", views.results_download, name="results_pdf"),
    path(MEMBER + "e-post/", views.invitation_email, name="invitation_email"),
    path(MEMBER + "brev/", views.letter_answer, name="letter"),
]
