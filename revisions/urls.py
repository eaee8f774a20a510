from django.urls import path

from . import views

app_name = "revisions"

PLAN = "<slug:council>/<slug:plan>/"
REVISION = PLAN + "revisjonar/<int:revision>/"
PROPOSAL = REVISION + "forslag/<int:proposal>/"

urlpatterns = [
    path(PLAN + "revisjonar/", views.revision_list, name="list"),
    path(PLAN + "revisjonar/ny/", views.revision_start, name="start"),
    path(REVISION, views.revision_detail, name="detail"),
    path(REVISION + "endringar/", views.changes, name="changes"),
    path(REVISION + "endringar.pdf", views.changes_pdf, name="changes_pdf"),
    path(REVISION + "innspel/", views.import_round, name="import_round"),
    path(REVISION + "vedta/", views.adopt, name="adopt"),
    path(REVISION + "forslag/ny/", views.proposal_add, name="proposal_add"),
    path(PROPOSAL, views.proposal_edit, name="proposal_edit"),
    path(PROPOSAL + "trekk/", views.proposal_withdraw, name="proposal_withdraw"),
]
