from django.urls import path

from . import views

app_name = "owners"

PARTIES = "<slug:council>/ansvarlege/"
PARTY = PARTIES + "<slug:party>/"
PLAN = "<slug:council>/<slug:plan>/"
REQUEST = PLAN + "statusforespurnader/<int:request_id>/"

urlpatterns = [
    path(PARTIES, views.party_list, name="parties"),
    path(PARTIES + "ny/", views.party_edit, name="party_add"),
    path(PARTY, views.party_detail, name="party"),
    path(PARTY + "endre/", views.party_edit, name="party_edit"),
    path(PARTY + "eksport.<str:fmt>", views.party_export, name="party_export"),
    path(PLAN + "ansvar/", views.plan_matching, name="matching"),
    path(PLAN + "statusforespurnader/", views.request_list, name="requests"),
    path(PLAN + "statusforespurnader/ny/", views.request_add, name="request_add"),
    path(REQUEST, views.request_detail, name="request"),
    path(REQUEST + "lukk/", views.request_close, name="request_close"),
    path(REQUEST + "svar/<int:proposal_id>/", views.proposal_decide, name="decide"),
    path(REQUEST + "epost/<int:mail_id>/send-att/", views.mail_resend, name="mail_resend"),
    path("svar/<str:token>/", views.answer, name="answer"),
]
