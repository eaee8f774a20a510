from django.urls import path

from . import views

app_name = "rounds"

PLAN = "<slug:council>/<slug:plan>/"
ROUND = PLAN + "innspelsrunde/<int:round>/"
MUNICIPALITY = ROUND + "kommune/<int:municipality>/"

urlpatterns = [
    path("innspel/<str:token>/", views.answer, name="answer"),
    path(PLAN + "innspelsrundar/", views.round_list, name="list"),
    path(PLAN + "innspelsrundar/ny/", views.round_open, name="open"),
    path(ROUND, views.round_detail, name="detail"),
    path(ROUND + "avslutt/", views.round_close, name="close"),
    path(ROUND + "resultat/", views.results, name="results"),
    path(ROUND + "resultat.pdf", views.results_download, name="results_pdf"),
    path(MUNICIPALITY + "e-post/", views.invitation_email, name="invitation_email"),
    path(MUNICIPALITY + "brev/", views.letter_answer, name="letter"),
]
