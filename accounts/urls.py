from django.urls import path

from . import views

app_name = "accounts"

COUNCIL = "<slug:council>/"
ACCESS = COUNCIL + "tilgang/"

urlpatterns = [
    path("konto/", views.profile, name="profile"),
    path("start/", views.landing, name="landing"),
    path("invitasjon/<str:token>/", views.invitation, name="invitation"),
    path("nytt-rad/", views.council_create, name="council_create"),
    path(COUNCIL + "innstillingar/", views.council_settings, name="council_settings"),
    path(COUNCIL + "endringar/", views.council_changes, name="council_changes"),
    path(ACCESS, views.members, name="members"),
    path(ACCESS + "inviter/", views.invite, name="invite"),
    path(ACCESS + "<int:membership>/rolle/", views.member_role, name="member_role"),
    path(ACCESS + "<int:membership>/fjern/", views.member_remove, name="member_remove"),
    path(
        ACCESS + "invitasjon/<int:invitation>/trekk-tilbake/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        ACCESS + "invitasjon/<int:invitation>/send-igjen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
]
