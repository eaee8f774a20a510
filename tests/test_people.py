"""People and access: creating a council, invitations, roles, removing access, publishing, a
new budget year, and two-factor that a council requires. Everything on the change history."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from budgets.models import Budget, BudgetChange
from plans.models import ChangeRecord, Council, CouncilChange, County, Membership, Plan, Role

pytestmark = pytest.mark.django_db

VALDRES = {
    "name": "Valdres regionråd",
    "short_name": "Valdres",
    "slug": "",
    "language": "nn",
    "county": "",  # set to Innlandet in the test
    "municipalities": "3449 Sør-Aurdal\n3450 Etnedal\n3451 Nord-Aurdal\n"
    "3452 Vestre Slidre\n3453 Øystre Slidre\n3454 Vang",
    "secretariat_head_name": "Kari Nordmann",
    "secretariat_head_title": "Regionrådsleiar",
    "require_two_factor": "on",
    "head_email": "kari@valdres.example",
}


def invitation_link(message):
    return re.search(r"https?://\S+/invitasjon/\S+/", message.body)[0]


def create_valdres(superuser_client, **changes):
    innlandet = County.objects.get(slug="innlandet")
    form = {**VALDRES, "county": innlandet.pk, **changes}
    return superuser_client.post(reverse("accounts:council_create"), form)


def test_a_superuser_creates_a_council_and_its_secretariat_head_is_invited(superuser_client):
    response = create_valdres(superuser_client)
    council = Council.objects.get(slug="valdres")
    assert response["Location"] == reverse("accounts:members", args=["valdres"])
    assert council.name == "Valdres regionråd" and council.require_two_factor
    assert council.county.slug == "innlandet"
    assert [(m.number, m.name) for m in council.municipalities.all()][:2] == [
        ("3449", "Sør-Aurdal"),
        ("3450", "Etnedal"),
    ]
    invitation = Invitation.objects.get(council=council)
    assert (invitation.email, invitation.role) == ("kari@valdres.example", Role.SECRETARIAT)
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == ["kari@valdres.example"]
    assert "Valdres regionråd" in message.subject
    assert "sekretariat" in message.body  # in the council's language form, nynorsk
    assert [c.action for c in council.changes.order_by("id")] == ["created", "invited"]


def test_council_form_refuses_bad_municipalities_and_addresses_the_site_uses(superuser_client):
    response = create_valdres(
        superuser_client, municipalities="3449 Sør-Aurdal\nEtnedal\n3449 Igjen", slug="konto"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 2" in body or "Linje 2" in body
    assert "3449" in body
    assert not Council.objects.filter(name="Valdres regionråd").exists()
    assert "konto" in body
    assert not mail.outbox


def test_only_a_superuser_may_create_a_council(hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.post(reverse("accounts:council_create"), VALDRES)
    assert response.status_code == 403
    assert not Council.objects.filter(slug="valdres").exists()


def invite(client, email, role="reader", council="hallingdal"):
    return client.post(reverse("accounts:invite", args=[council]), {"email": email, "role": role})


def test_an_invitation_link_gives_the_role_once(hallingdal_secretariat_client, client):
    invite(hallingdal_secretariat_client, "ola@hallingdal.example")
    link = invitation_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(
        link,
        {
            "first_name": "Ola",
            "last_name": "Nordmann",
            "password1": "Fjellvegen 12 om vinteren",
            "password2": "Fjellvegen 12 om vinteren",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ola@hallingdal.example")
    assert membership.role == Role.READER and membership.since is not None
    assert EmailAddress.objects.get(email="ola@hallingdal.example").verified
    # Signed in at once; a second use of the link does nothing.
    assert client.get(reverse("accounts:profile")).status_code == 200
    other = Client()
    assert other.get(link).status_code == 410
    assert Membership.objects.filter(user__email="ola@hallingdal.example").count() == 1
    actions = list(
        CouncilChange.objects.filter(council__slug="hallingdal").values_list("action", flat=True)
    )
    assert actions[:2] == ["accepted", "invited"]


def test_an_expired_or_withdrawn_invitation_gives_nothing(hallingdal_secretariat_client, client):
    invite(hallingdal_secretariat_client, "per@hallingdal.example")
    invite(hallingdal_secretariat_client, "liv@hallingdal.example")
    expired, withdrawn = (invitation_link(message) for message in mail.outbox)
    Invitation.objects.filter(email="per@hallingdal.example").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    pending = Invitation.objects.get(email="liv@hallingdal.example")
    hallingdal_secretariat_client.post(
        reverse("accounts:invitation_withdraw", args=["hallingdal", pending.pk])
    )
    form = {"first_name": "A", "last_name": "B", "password1": "x" * 4 + "Yz9!kk", "password2": ""}
    for link in (expired, withdrawn):
        response = client.post(link, {**form, "password2": form["password1"]})
        assert response.status_code == 410
    assert not Membership.objects.filter(user__email__endswith="hallingdal.example").exists()
    assert CouncilChange.objects.filter(action="withdrawn", subject_label="liv@hallingdal.example")


def test_sending_again_makes_the_old_link_useless(hallingdal_secretariat_client, client):
    invite(hallingdal_secretariat_client, "per@hallingdal.example")
    old = invitation_link(mail.outbox[0])
    first = Invitation.objects.get()
    hallingdal_secretariat_client.post(
        reverse("accounts:invitation_resend", args=["hallingdal", first.pk])
    )
    new = invitation_link(mail.outbox[1])
    assert old != new
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_inviting_someone_who_has_access_or_an_invitation_is_refused(
    hallingdal_secretariat_client, hallingdal_secretariat
):
    EmailAddress.objects.create(
        user=hallingdal_secretariat, email="sekr@hallingdal.example", verified=True, primary=True
    )
    response = invite(hallingdal_secretariat_client, "SEKR@hallingdal.example")
    assert response.status_code == 400
    invite(hallingdal_secretariat_client, "ny@hallingdal.example")
    assert invite(hallingdal_secretariat_client, "ny@hallingdal.example").status_code == 400
    assert len(mail.outbox) == 1


def test_the_invitation_mail_failing_saves_nothing(hallingdal_secretariat_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = invite(hallingdal_secretariat_client, "per@hallingdal.example")
    assert response.status_code == 502
    assert not Invitation.objects.exists()
    assert not CouncilChange.objects.filter(action="invited").exists()


def test_a_signed_in_person_accepts_for_their_own_account(
    hallingdal_secretariat_client, login, django_user_model
):
    invite(hallingdal_secretariat_client, "nordg@example.no", role="secretariat")
    link = invitation_link(mail.outbox[0])
    reader = login("nord-gudbrandsdal-politikar")
    assert reader.post(link).status_code == 302
    user = django_user_model.objects.get(username="nord-gudbrandsdal-politikar")
    assert Membership.objects.get(user=user, council__slug="hallingdal").role == Role.SECRETARIAT
    assert EmailAddress.objects.get(user=user).email == "nordg@example.no"


def test_the_secretariat_changes_roles_and_removes_access(
    hallingdal_secretariat_client, django_user_model
):
    reader = Membership.objects.get(user__username="hallingdal-politikar")
    url = reverse("accounts:member_role", args=["hallingdal", reader.pk])
    hallingdal_secretariat_client.post(url, {"role": "secretariat"})
    reader.refresh_from_db()
    assert reader.role == Role.SECRETARIAT
    hallingdal_secretariat_client.post(
        reverse("accounts:member_remove", args=["hallingdal", reader.pk])
    )
    assert not Membership.objects.filter(pk=reader.pk).exists()
    changes = CouncilChange.objects.filter(council__slug="hallingdal").order_by("id")
    assert [(c.action, c.old_value, c.new_value) for c in changes] == [
        ("role_changed", "Lesar", "Sekretariat"),  # in the council's nynorsk
        ("access_removed", "Sekretariat", ""),
    ]


def test_nobody_takes_away_their_own_last_secretariat_role(hallingdal_secretariat_client):
    own = Membership.objects.get(user__username="hallingdal-sekretariat")
    hallingdal_secretariat_client.post(
        reverse("accounts:member_role", args=["hallingdal", own.pk]), {"role": "reader"}
    )
    hallingdal_secretariat_client.post(
        reverse("accounts:member_remove", args=["hallingdal", own.pk])
    )
    own.refresh_from_db()
    assert own.role == Role.SECRETARIAT
    assert not CouncilChange.objects.exists()
    # With a second secretariat member, one may step down.
    reader = Membership.objects.get(user__username="hallingdal-politikar")
    Membership.objects.filter(pk=reader.pk).update(role=Role.SECRETARIAT)
    hallingdal_secretariat_client.post(
        reverse("accounts:member_role", args=["hallingdal", own.pk]), {"role": "reader"}
    )
    own.refresh_from_db()
    assert own.role == Role.READER


def test_the_members_page_takes_the_same_few_queries_however_many_people(
    hallingdal_secretariat_client, django_user_model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("accounts:members", args=["hallingdal"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = hallingdal_secretariat_client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    invite(hallingdal_secretariat_client, "p0@hallingdal.example")
    few, _ = queries()
    council = Council.objects.get(slug="hallingdal")
    for number in range(1, 10):
        invite(hallingdal_secretariat_client, f"p{number}@hallingdal.example")
        person = django_user_model.objects.create(username=f"person{number}")
        EmailAddress.objects.create(user=person, email=f"m{number}@hallingdal.example")
        Membership.objects.create(user=person, council=council, role=Role.READER)
    many, body = queries()
    assert few == many <= 7
    assert "p9@hallingdal.example" in body and "m9@hallingdal.example" in body


def test_publishing_says_who_will_see_it_and_is_recorded(hallingdal_secretariat_client, client):
    plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
    Plan.objects.filter(pk=plan.pk).update(published=False)
    url = reverse("publishing:publish", args=["hallingdal", "regionplan"])
    page = hallingdal_secretariat_client.get(url).content.decode()
    assert "internett" in page  # "anyone on the internet", in nynorsk
    assert client.get(plan.get_absolute_url()).status_code == 404
    hallingdal_secretariat_client.post(url, {"published": "1"})
    hallingdal_secretariat_client.post(url, {"published": "1"})  # a second click: nothing
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert ChangeRecord.objects.filter(plan=plan, field="published").count() == 1
    page = hallingdal_secretariat_client.get(url).content.decode()
    assert "2" in page  # two people with access: secretariat and reader
    hallingdal_secretariat_client.post(url, {"published": "0"})
    assert client.get(plan.get_absolute_url()).status_code == 404
    actions = CouncilChange.objects.filter(council__slug="hallingdal").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["published", "unpublished"]


def test_the_secretariat_starts_a_budget_year(login):
    client = login("hallingdal-sekretariat")
    url = reverse("budgets:budget_start", args=["hallingdal"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2027", "plan": ""})
    budget = Budget.objects.get(council__slug="hallingdal", year=2027)
    assert response["Location"] == budget.get_absolute_url()
    assert client.get(budget.get_absolute_url()).status_code == 200
    assert BudgetChange.objects.get(budget=budget).action == "started"
    assert CouncilChange.objects.get(council__slug="hallingdal").action == "budget_started"
    again = client.post(url, {"year": "2027"})
    assert again.status_code == 400
    assert Budget.objects.filter(council__slug="hallingdal", year=2027).count() == 1


def test_the_council_history_is_for_the_secretariat(hallingdal_secretariat_client, login):
    invite(hallingdal_secretariat_client, "per@hallingdal.example")
    page = hallingdal_secretariat_client.get(
        reverse("accounts:council_changes", args=["hallingdal"])
    )
    assert "per@hallingdal.example" in page.content.decode()
    reader = login("hallingdal-politikar")
    assert reader.get(reverse("accounts:council_changes", args=["hallingdal"])).status_code == 403


def test_council_settings_are_changed_on_the_history(hallingdal_secretariat_client):
    council = Council.objects.get(slug="hallingdal")
    url = reverse("accounts:council_settings", args=["hallingdal"])
    form = {
        "name": council.name,
        "short_name": council.short_name,
        "language": "nb",
        "county": council.county_id or "",
        "municipalities": "3301 Drammen\n3320 Flå",
        "secretariat_head_name": "",
        "secretariat_head_title": "",
    }
    assert hallingdal_secretariat_client.post(url, form).status_code == 302
    council.refresh_from_db()
    assert council.language == "nb"
    assert council.municipalities.count() == 2
    fields = set(CouncilChange.objects.filter(council=council).values_list("field", flat=True))
    assert {"language", "municipalities"} <= fields


def require_two_factor(council_slug="hallingdal"):
    Council.objects.filter(slug=council_slug).update(require_two_factor=True)


def sign_in(client, username, password="demo"):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_a_council_requiring_two_factor_sends_its_secretariat_to_set_it_up(client):
    require_two_factor()
    sign_in(client, "hallingdal-sekretariat")
    response = client.get(reverse("plans:council", args=["hallingdal"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Readers are not asked.
    reader = Client()
    sign_in(reader, "hallingdal-politikar")
    assert reader.get(reverse("plans:council", args=["hallingdal"])).status_code == 200


def test_once_set_up_the_secretariat_goes_on_and_cannot_turn_it_off(client, hallingdal_secretariat):
    require_two_factor()
    sign_in(client, "hallingdal-sekretariat")
    Authenticator.objects.create(
        user=hallingdal_secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert client.get(reverse("plans:council", args=["hallingdal"])).status_code == 200
    from accounts.adapters import MFAAdapter

    totp = Authenticator.objects.get(user=hallingdal_secretariat)
    assert not MFAAdapter().can_delete_authenticator(totp)


def test_someone_without_a_password_is_asked_to_choose_one_before_two_factor(
    client, django_user_model
):
    require_two_factor()
    user = django_user_model.objects.create(username="kari-idp")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(
        user=user, council=Council.objects.get(slug="hallingdal"), role=Role.SECRETARIAT
    )
    client.force_login(user)
    response = client.get(reverse("plans:council", args=["hallingdal"]))
    assert response["Location"] == reverse("account_set_password")
    assert client.get(reverse("account_set_password")).status_code == 200
    # Opening the set-up page directly says the same instead of refusing.
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("account_set_password")
