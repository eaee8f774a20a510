import pytest
from django.contrib import admin
from django.urls import reverse

from measures.status import Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_and_change_page_renders(superuser_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist + "?q=Hallingdal").status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert superuser_client.get(change).status_code == 200


def test_changing_status_in_the_admin_records_history(superuser_client, measure):
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = {
        "goal": measure.goal_id,
        "code": measure.code,
        "text": measure.text,
        "due": measure.due,
        "responsible": measure.responsible,
        "involvement": "",
        "comment": "",
        "status": Status.GREEN,
        "order": measure.order,
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    change = measure.status_changes.get()
    assert (change.from_status, change.to_status) == (Status.NOT_ASSESSED, Status.GREEN)
    assert change.changed_by.username == "admin"


def test_status_history_is_read_only_in_the_admin(superuser_client):
    assert superuser_client.get(reverse("admin:measures_statuschange_add")).status_code == 403
