import pytest
from django.contrib import admin
from django.urls import reverse

from measures.models import Measure
from measures.status import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_demo(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_and_change_page_renders(admin_client_demo, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_demo.get(changelist).status_code == 200
    assert admin_client_demo.get(changelist + "?q=Hallingdal").status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client_demo.get(change).status_code == 200


def test_changing_status_in_the_admin_records_history(admin_client_demo):
    measure = Measure.objects.get(code="1.1.1", goal__focus_area__plan__council__slug="hallingdal")
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
    response = admin_client_demo.post(url, data)
    assert response.status_code == 302
    change = measure.status_changes.get()
    assert (change.from_status, change.to_status) == (Status.NOT_ASSESSED, Status.GREEN)
    assert change.changed_by.username == "admin"


def test_status_history_is_read_only_in_the_admin(admin_client_demo):
    assert admin_client_demo.get(reverse("admin:measures_statuschange_add")).status_code == 403
