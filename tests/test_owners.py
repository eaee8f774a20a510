"""Responsible parties, status requests, their links, mails and the secretariat's queue."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from helpers import measure_by_code, run_worker
from openpyxl import load_workbook

from measures.models import Measure, StatusChange
from owners import requests as services
from owners.mailing import personal_link
from owners.matching import match_rows
from owners.models import Addressee, Contact, OutgoingMail, Party, Proposal, StatusRequest
from plans.models import ChangeRecord, Plan
from plans.quality import QualityReport
from regionplan.lib.links import make_token

pytestmark = pytest.mark.django_db


def moved_to(moment):
    """Time moved for the worker and the code it runs (the queue compares with timezone.now)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def focus_area_1(hallingdal_plan):
    return hallingdal_plan.focus_areas.get(number=1)


@pytest.fixture
def status_request(hallingdal_plan, focus_area_1, hallingdal_secretariat):
    return services.start_request(
        hallingdal_plan,
        focus_areas=[focus_area_1],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        message="Gje oss status før møtet.",
        user=hallingdal_secretariat,
        site_url="http://testserver/",
    )


def party(name):
    return Party.objects.get(council__slug="hallingdal", name=name)


def link_for(status_request, party_name, contact_index=0):
    addressee = status_request.addressees.get(party__name=party_name)
    contact = addressee.party.contacts.order_by("id")[contact_index]
    return personal_link(addressee, contact)


# Parties and matching -------------------------------------------------------------------------


def test_kommunane_in_the_plan_links_every_member_municipality(hallingdal_plan):
    measure = measure_by_code("1.3.1")  # "Kommunar"
    names = set(measure.responsible_parties.values_list("name", flat=True))
    assert names == {"Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"}


def test_an_alias_finds_its_party(hallingdal_plan):
    assert set(measure_by_code("1.2.1").responsible_parties.values_list("name", flat=True)) == {
        "Næringshagen"
    }
    both = set(measure_by_code("1.2.3").responsible_parties.values_list("name", flat=True))
    assert {"Næringshagen", "Gol", "Hol"} <= both


def test_the_matching_screen_names_text_no_party_goes_by(hallingdal_plan):
    rows = {row.measure.code: row for row in match_rows(hallingdal_plan)}
    unknown = {name for row in rows.values() for name in row.unknown}
    assert "Ordførar" in unknown


def test_the_secretariat_confirms_matches_on_one_screen(
    hallingdal_plan, hallingdal_secretariat_client
):
    measure = measure_by_code("1.1.1")  # Næringsforum
    forum, gol = party("Næringsforum"), party("Gol")
    url = reverse("owners:matching", args=["hallingdal", "regionplan"])
    page = hallingdal_secretariat_client.get(url)
    assert page.status_code == 200
    assert "Ordførar" in page.content.decode()  # a name no party goes by: shown to look at
    assert f'name="m{measure.pk}"' not in page.content.decode()  # matched as written: not shown
    assert (
        f'name="m{measure.pk}"'
        in hallingdal_secretariat_client.get(url, {"alle": "1"}).content.decode()
    )
    response = hallingdal_secretariat_client.post(
        url + "?alle=1",
        {"shown": [measure.pk], f"m{measure.pk}": [forum.pk], f"add{measure.pk}": gol.pk},
    )
    assert response.status_code == 302
    assert set(measure.responsible_parties.all()) == {forum, gol}
    record = ChangeRecord.objects.get(measure=measure, field="responsible parties")
    assert (record.old_value, record.new_value) == ("Næringsforum", "Gol, Næringsforum")
    other = measure_by_code("1.2.1")
    assert other.responsible_parties.exists()  # not shown in the post: left alone


def test_an_empty_matching_post_changes_nothing(hallingdal_plan, hallingdal_secretariat_client):
    before = Party.measures.through.objects.count()
    url = reverse("owners:matching", args=["hallingdal", "regionplan"])
    assert hallingdal_secretariat_client.post(url, {}).status_code == 400
    assert Party.measures.through.objects.count() == before


def test_measures_without_a_party_are_flagged_on_the_quality_page(hallingdal_plan):
    measure = measure_by_code("1.1.1")
    measure.responsible_parties.clear()
    report = QualityReport(hallingdal_plan)
    assert measure in report.without_party


def test_a_party_is_added_with_contacts(hallingdal_council, hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.post(
        reverse("owners:party_add", args=["hallingdal"]),
        {
            "name": "Buskerud fylkeskommune",
            "kind": "county",
            "version": 1,
            "aliases": "Fylket\nFylkeskommunen",
            "contacts_text": "Per Fylke <per@example.org>\n\nAnne <anne@example.org>",
        },
    )
    assert response.status_code == 302
    created = party("Buskerud fylkeskommune")
    assert created.alias_list == ["Fylket", "Fylkeskommunen"]
    assert sorted(created.contacts.values_list("email", flat=True)) == [
        "anne@example.org",
        "per@example.org",
    ]


def test_a_bad_contact_line_is_named_and_nothing_is_saved(hallingdal_secretariat_client):
    response = hallingdal_secretariat_client.post(
        reverse("owners:party_add", args=["hallingdal"]),
        {
            "name": "Ny part",
            "kind": "other",
            "version": 1,
            "contacts_text": "Per <per@example.org>\nberre tull",
        },
    )
    assert response.status_code == 400
    assert "berre tull" in response.content.decode()
    assert not Party.objects.filter(name="Ny part").exists()


def test_a_contact_who_was_written_to_stays_inactive_when_removed(
    status_request, hallingdal_secretariat_client
):
    gol = party("Gol")
    response = hallingdal_secretariat_client.post(
        reverse("owners:party_edit", args=["hallingdal", gol.slug]),
        {
            "name": "Gol",
            "kind": "municipality",
            "version": gol.version,
            "contacts_text": "Kari Gol <kari.gol@example.org>",
        },
    )
    assert response.status_code == 302
    ola = Contact.objects.get(email="ola.gol@example.org")
    assert not ola.active
    assert list(gol.contacts.filter(active=True).values_list("email", flat=True)) == [
        "kari.gol@example.org"
    ]


# The party page -------------------------------------------------------------------------------


def test_the_party_page_lists_its_measures_with_status_due_and_comment(
    client, hallingdal_plan, django_assert_max_num_queries
):
    measure = measure_by_code("1.2.1")
    measure.change_status("yellow", comment="Næringshagen er i gang.")
    url = reverse("owners:party", args=["hallingdal", party("Næringshagen").slug])
    with django_assert_max_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Næringshagen er i gang." in html
    assert measure.due in html
    filtered = client.get(url, {"status": "yellow"}).content.decode()
    assert "1.2.1" in filtered and "1.4.2" not in filtered


def test_the_public_sees_a_partys_measures_of_published_plans_only(client, hallingdal_plan):
    Plan.objects.filter(pk=hallingdal_plan.pk).update(published=False)
    url = reverse("owners:party", args=["hallingdal", party("Næringshagen").slug])
    assert "1.2.1" not in client.get(url).content.decode()


def test_the_party_page_downloads_as_excel_and_pdf(client, hallingdal_plan):
    url = reverse("owners:party_export", args=["hallingdal", party("IKT Hallingdal").slug, "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    codes = [row[2] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert codes == ["6.4.1", "6.4.1", "6.4.2", "6.4.3"]
    pdf = client.get(url.replace(".xlsx", ".pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


# Starting a request and its mails -------------------------------------------------------------


def test_a_request_asks_each_party_about_its_measures_in_the_chosen_areas(status_request):
    asked = {a.party.name: a for a in status_request.addressees.select_related("party")}
    assert {"Gol", "Næringshagen"} <= set(asked)
    assert "IKT Hallingdal" not in asked  # its measures are in focus area 6
    codes = set(asked["Næringshagen"].measures.values_list("code", flat=True))
    assert codes == {"1.2.1", "1.2.3", "1.4.2", "1.4.3"}


def test_the_worker_sends_the_requests_in_the_councils_language(status_request, client):
    run_worker()
    to_gol = [m for m in mail.outbox if "kari.gol@example.org" in m.to[0]]
    assert len(to_gol) == 1
    assert "Hallingdal regionråd" in to_gol[0].body
    assert "Gje oss status før møtet." in to_gol[0].body
    link = re.search(r"http://testserver/svar/\S+/", to_gol[0].body)[0]
    page = client.get(link.removeprefix("http://testserver"))
    assert "Status for tiltaka til Gol" in page.content.decode()
    assert OutgoingMail.objects.filter(kind="request", state="sent").count() == len(mail.outbox)


def test_a_failed_mail_is_retried_then_shown_and_can_be_sent_again(
    status_request, hallingdal_secretariat_client
):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("no server")):
        run_worker()
        first = OutgoingMail.objects.filter(kind="request").first()
        first.refresh_from_db()
        assert (first.state, first.attempts) == ("retrying", 1)
        for attempt in range(2, 5):
            with moved_to(timezone.now() + datetime.timedelta(hours=attempt)):
                run_worker()
    first.refresh_from_db()
    assert (first.state, first.attempts) == ("failed", 4)
    assert "no server" in first.last_error
    page = hallingdal_secretariat_client.get(status_request.get_absolute_url())
    assert "no server" in page.content.decode()
    resend = reverse(
        "owners:mail_resend", args=["hallingdal", "regionplan", status_request.pk, first.pk]
    )
    assert hallingdal_secretariat_client.post(resend).status_code == 302
    run_worker()
    first.refresh_from_db()
    assert first.state == "sent"


def test_mails_waiting_long_tell_the_secretariat_the_worker_may_be_down(
    status_request, hallingdal_secretariat_client
):
    url = status_request.get_absolute_url()
    assert "bakgrunnsarbeidaren" not in hallingdal_secretariat_client.get(url).content.decode()
    OutgoingMail.objects.filter(kind="request").update(
        send_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert "bakgrunnsarbeidaren" in hallingdal_secretariat_client.get(url).content.decode()


def test_reminders_go_only_to_parties_that_have_not_answered(status_request, client):
    run_worker()
    mail.outbox.clear()
    gol_link = link_for(status_request, "Gol")
    measure = measure_by_code("1.3.1")
    client.post(gol_link, {f"m-{measure.pk}-status": "green", f"m-{measure.pk}-comment": "Ok"})
    before = status_request.at_start_of(status_request.deadline - datetime.timedelta(days=3))
    with moved_to(before + datetime.timedelta(minutes=1)):
        run_worker()
    reminded = {m.to[0] for m in mail.outbox}
    assert any("naeringshagen@example.org" in to for to in reminded)
    assert not any("gol@example.org" in to for to in reminded)
    assert (
        OutgoingMail.objects.filter(
            addressee__party__name="Gol", kind="reminder_before", state="skipped"
        ).count()
        == 2
    )


# The answer page and its link -----------------------------------------------------------------


def answer_post(measure, status="green", comment="Gjort."):
    return {f"m-{measure.pk}-status": status, f"m-{measure.pk}-comment": comment}


def test_a_contact_proposes_a_status_without_an_account(status_request, client):
    measure = measure_by_code("1.2.1")
    url = link_for(status_request, "Næringshagen")
    page = client.get(url)
    assert page.status_code == 200
    assert "1.2.1" in page.content.decode()
    response = client.post(url, answer_post(measure, "yellow", "Startar i vår."))
    assert response.status_code == 302
    proposal = Proposal.objects.get(measure=measure)
    assert (proposal.status, proposal.comment, proposal.state) == (
        "yellow",
        "Startar i vår.",
        "pending",
    )
    assert proposal.proposed_by.email == "naeringshagen@example.org"
    measure.refresh_from_db()
    assert measure.status == "not_assessed"  # only the secretariat's acceptance changes it


def test_not_ours_is_an_answer(status_request, client):
    measure = measure_by_code("1.2.1")
    client.post(link_for(status_request, "Næringshagen"), {f"m-{measure.pk}-not_ours": "on"})
    assert Proposal.objects.get(measure=measure).not_ours


def test_a_status_and_not_ours_together_are_refused_with_a_message(status_request, client):
    measure = measure_by_code("1.2.1")
    data = {**answer_post(measure), f"m-{measure.pk}-not_ours": "on"}
    response = client.post(link_for(status_request, "Næringshagen"), data)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_a_tampered_link_is_refused_and_nothing_written(status_request, client):
    url = link_for(status_request, "Næringshagen")
    token = url.split("/")[-2]
    tampered = url.replace(token, token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"))
    measure = measure_by_code("1.2.1")
    response = client.post(tampered, answer_post(measure))
    assert response.status_code == 404
    assert "not valid" in response.content.decode() or "ikkje gyldig" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_link_made_up_for_another_partys_contact_is_refused(status_request, client):
    gol = status_request.addressees.get(party__name="Gol")
    someone_else = Contact.objects.get(email="naeringshagen@example.org")
    url = reverse(
        "owners:answer",
        args=[make_token("status-request", addressee=gol.pk, contact=someone_else.pk)],
    )
    assert client.get(url).status_code == 404


def test_an_expired_link_is_refused_and_nothing_written(status_request, client):
    url = link_for(status_request, "Næringshagen")
    measure = measure_by_code("1.2.1")
    with moved_to(status_request.expires_at + datetime.timedelta(seconds=1)):
        response = client.post(url, answer_post(measure))
    assert response.status_code == 410
    assert not Proposal.objects.exists()
    with moved_to(status_request.expires_at - datetime.timedelta(seconds=1)):
        assert client.get(url).status_code == 200  # the grace days still count


def test_a_link_reused_after_the_request_closed_is_refused(status_request, client):
    url = link_for(status_request, "Næringshagen")
    measure = measure_by_code("1.2.1")
    assert client.post(url, answer_post(measure)).status_code == 302
    services.close_request(status_request)
    response = client.post(url, answer_post(measure, "red"))
    assert response.status_code == 410
    assert Proposal.objects.count() == 1
    assert Proposal.objects.get().status == "green"


def test_an_answer_about_another_partys_measure_is_refused_whole(status_request, client):
    own = measure_by_code("1.2.1")
    not_theirs = measure_by_code("1.1.1")  # Næringsforum's
    data = {**answer_post(own), **answer_post(not_theirs, "red", "Kapra")}
    response = client.post(link_for(status_request, "Næringshagen"), data)
    assert response.status_code == 403
    assert not Proposal.objects.exists()
    not_theirs.refresh_from_db()
    assert not_theirs.status == "not_assessed"


# The secretariat's queue ----------------------------------------------------------------------


@pytest.fixture
def two_proposals(status_request, client):
    url = link_for(status_request, "Gol")
    first, second = measure_by_code("1.2.3"), measure_by_code("1.3.1")
    client.post(
        url,
        {
            **answer_post(first, "green", "Ferdig i Gol."),
            **answer_post(second, "red", "Ikkje starta."),
        },
    )
    return Proposal.objects.get(measure=first), Proposal.objects.get(measure=second)


def decide_url(proposal):
    request = proposal.addressee.request
    return reverse("owners:decide", args=["hallingdal", "regionplan", request.pk, proposal.pk])


def test_accepting_makes_the_status_change_naming_proposer_and_accepter(
    two_proposals, hallingdal_secretariat_client
):
    accepted, _ = two_proposals
    prefix = f"p{accepted.pk}-"
    response = hallingdal_secretariat_client.post(
        decide_url(accepted), {prefix + "action": "accept"}
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(measure=accepted.measure)
    assert (change.to_status, change.comment) == ("green", "Ferdig i Gol.")
    assert change.proposed_by == "Kari Gol (oppdikta) (Gol)"
    assert change.changed_by.username == "hallingdal-sekretariat"
    history = hallingdal_secretariat_client.get(
        accepted.measure.get_absolute_url()
    ).content.decode()
    assert "Kari Gol (oppdikta) (Gol)" in history
    assert "hallingdal-sekretariat" in history


def test_edit_and_accept_keeps_what_the_secretariat_wrote(
    two_proposals, hallingdal_secretariat_client
):
    _, edited = two_proposals
    prefix = f"p{edited.pk}-"
    hallingdal_secretariat_client.post(
        decide_url(edited),
        {prefix + "action": "edit", prefix + "status": "yellow", prefix + "comment": "Starta no."},
    )
    measure = Measure.objects.get(pk=edited.measure_id)
    assert (measure.status, measure.comment) == ("yellow", "Starta no.")
    assert StatusChange.objects.get(measure=measure).proposed_by.endswith("(Gol)")


def test_sending_back_needs_a_note_the_party_then_sees(
    two_proposals, hallingdal_secretariat_client, client
):
    _, returned = two_proposals
    prefix = f"p{returned.pk}-"
    refused = hallingdal_secretariat_client.post(
        decide_url(returned), {prefix + "action": "send_back"}
    )
    assert refused.status_code == 400
    returned.refresh_from_db()
    assert returned.state == "pending"
    hallingdal_secretariat_client.post(
        decide_url(returned), {prefix + "action": "send_back", prefix + "note": "Kva manglar?"}
    )
    returned.refresh_from_db()
    assert returned.state == "sent_back"
    assert not StatusChange.objects.filter(measure=returned.measure).exists()
    page = client.get(link_for(returned.addressee.request, "Gol")).content.decode()
    assert "Kva manglar?" in page


def test_a_proposal_is_decided_once(two_proposals, hallingdal_secretariat_client):
    accepted, _ = two_proposals
    prefix = f"p{accepted.pk}-"
    hallingdal_secretariat_client.post(decide_url(accepted), {prefix + "action": "accept"})
    hallingdal_secretariat_client.post(decide_url(accepted), {prefix + "action": "accept"})
    assert StatusChange.objects.filter(measure=accepted.measure).count() == 1


def test_accepting_not_ours_takes_the_party_off_the_measure(
    status_request, client, hallingdal_secretariat_client
):
    measure = measure_by_code("1.2.1")
    client.post(link_for(status_request, "Næringshagen"), {f"m-{measure.pk}-not_ours": "on"})
    proposal = Proposal.objects.get(measure=measure)
    hallingdal_secretariat_client.post(decide_url(proposal), {f"p{proposal.pk}-action": "accept"})
    assert not measure.responsible_parties.filter(name="Næringshagen").exists()
    record = ChangeRecord.objects.get(measure=measure, field="responsible parties")
    assert (record.old_value, record.new_value) == ("Næringshagen", "")


def test_members_see_the_requests_progress_on_the_plan_page(
    two_proposals, hallingdal_reader_client, client, hallingdal_plan
):
    status_request = two_proposals[0].addressee.request
    answered, asked = services.progress(status_request)
    assert answered == 1 and asked >= 2
    html = hallingdal_reader_client.get(hallingdal_plan.get_absolute_url()).content.decode()
    assert f"1 av {asked}" in html
    assert "request-progress" not in client.get(hallingdal_plan.get_absolute_url()).content.decode()


def test_a_new_answer_shows_on_a_revalidated_plan_page(
    status_request, client, hallingdal_reader_client, hallingdal_plan
):
    url = hallingdal_plan.get_absolute_url()
    seen = hallingdal_reader_client.get(url)
    assert "0 av" in seen.content.decode()
    client.post(link_for(status_request, "Gol"), answer_post(measure_by_code("1.2.3"), "green", ""))
    again = hallingdal_reader_client.get(url, headers={"If-None-Match": seen["ETag"]})
    assert again.status_code == 200
    assert "1 av" in again.content.decode()


def test_the_request_page_does_not_grow_queries_with_answers(
    two_proposals, hallingdal_secretariat_client, django_assert_max_num_queries
):
    status_request = two_proposals[0].addressee.request
    with django_assert_max_num_queries(14):
        response = hallingdal_secretariat_client.get(status_request.get_absolute_url())
    assert response.status_code == 200


def test_a_reader_may_not_see_or_decide_a_request(
    two_proposals, hallingdal_reader_client, nord_gudbrandsdal_secretariat_client
):
    accepted, _ = two_proposals
    url = accepted.addressee.request.get_absolute_url()
    assert hallingdal_reader_client.get(url).status_code == 403
    assert nord_gudbrandsdal_secretariat_client.get(url).status_code == 403
    data = {f"p{accepted.pk}-action": "accept"}
    assert hallingdal_reader_client.post(decide_url(accepted), data).status_code == 403
    accepted.refresh_from_db()
    assert accepted.state == "pending"


def test_a_request_where_no_measure_has_a_party_is_refused_with_a_message(
    hallingdal_secretariat_client, focus_area_1
):
    Party.measures.through.objects.filter(measure__goal__focus_area=focus_area_1).delete()
    response = hallingdal_secretariat_client.post(
        reverse("owners:request_add", args=["hallingdal", "regionplan"]),
        {
            "focus_areas": [focus_area_1.pk],
            "deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "remind_days_before": 3,
            "remind_days_after": 1,
            "grace_days": 7,
        },
    )
    assert response.status_code == 400
    assert not StatusRequest.objects.exists()


def test_a_contact_taken_off_the_list_can_no_longer_answer(status_request, client):
    url = link_for(status_request, "Gol", contact_index=1)
    Contact.objects.filter(email="ola.gol@example.org").update(active=False)
    assert client.get(url).status_code == 404


def test_a_request_with_a_past_deadline_is_refused_with_a_message(
    hallingdal_secretariat_client, focus_area_1
):
    response = hallingdal_secretariat_client.post(
        reverse("owners:request_add", args=["hallingdal", "regionplan"]),
        {
            "focus_areas": [focus_area_1.pk],
            "deadline": "2020-01-01",
            "remind_days_before": 3,
            "remind_days_after": 1,
            "grace_days": 7,
        },
    )
    assert response.status_code == 400
    assert not StatusRequest.objects.exists()
    assert not Addressee.objects.exists()


def test_the_answer_page_shows_the_waiting_answer_and_sending_it_again_adds_nothing(
    status_request, client
):
    measure = measure_by_code("1.2.1")
    url = link_for(status_request, "Næringshagen")
    client.post(url, answer_post(measure, "yellow", "Startar i vår."))
    page = client.get(url).content.decode()
    assert '<option value="yellow" selected>' in page
    assert "Startar i vår.</textarea>" in page
    client.post(url, answer_post(measure, "yellow", "Startar i vår."))
    assert Proposal.objects.filter(measure=measure).count() == 1
    client.post(url, answer_post(measure, "green", "Ferdig."))
    states = dict(Proposal.objects.filter(measure=measure).values_list("status", "state"))
    assert states == {"yellow": "replaced", "green": "pending"}


def test_a_party_saved_meanwhile_is_not_overwritten(hallingdal_secretariat_client, login):
    gol = party("Gol")
    url = reverse("owners:party_edit", args=["hallingdal", gol.slug])
    data = {"name": "Gol", "kind": "municipality", "municipality": gol.municipality_id}
    first = hallingdal_secretariat_client.post(
        url, {**data, "version": gol.version, "aliases": "Gol kommune"}
    )
    assert first.status_code == 302
    second = login("admin").post(url, {**data, "version": gol.version, "aliases": "Golsfjellet"})
    assert second.status_code == 409
    assert "Golsfjellet" in second.content.decode()  # what they typed, to save again
    assert party("Gol").alias_list == ["Gol kommune"]
