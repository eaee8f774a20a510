"""The municipalities' input round (issue 18): opening it with invitation mails sent by the
worker, answers through personal links and by letter, the results page and PDF appendix, the
refused links, and what the plan revision reads (`rounds.services.results_for_plan`)."""

import datetime as dt
import io
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from helpers import measure_by_code, run_worker

from plans.models import Municipality, Plan
from rounds import services
from rounds.models import Answer, Choice, Column, InputRound, Invitation

pytestmark = pytest.mark.django_db

PLAN_URL = "/hallingdal/regionplan/"
EMAILS = {
    "Flå": "post@fla.kommune.no",
    "Nesbyen": "postmottak@nesbyen.kommune.no",
    "Gol": "post@gol.kommune.no",
    "Hemsedal": "post@hemsedal.kommune.no",
    "Ål": "post@al.kommune.no",
    # Hol answers by letter: no address.
}

# What each municipality answers: {column: [(code, reason)]}. Hol's comes by letter.
ANSWERS = {
    "Flå": {
        "prioritise": [("1.1.1", "Næringsarealet er avgjerande for Flå.")],
        "remove": [("3.1.1", "Dette gjer fylket alt.")],
        "sharpen": [("1.2.1", "Kven gjer kva, og når?")],
    },
    "Nesbyen": {
        "prioritise": [("1.1.1", "Viktig for heile dalen.")],
        "remove": [("3.1.1", "Lite att å hente."), ("4.1.1", "Overlappar med 4.1.2.")],
    },
    "Gol": {
        "prioritise": [
            ("1.1.1", "Gol har ventande etableringar."),
            ("2.1.1", "Rekruttering < alt anna; «viktigast»."),
            ("6.1.1", "Klimaarbeidet treng fart."),
        ],
        "remove": [("3.1.1", "Ikkje regionrådet si oppgåve.")],
        "sharpen": [("1.2.1", "Set eit tal på det.")],
    },
    "Hemsedal": {
        "prioritise": [("2.1.1", "Me manglar fagfolk.")],
        "sharpen": [("1.2.1", "Meir konkret, takk."), ("4.1.1", "Kva er målet?")],
    },
    "Ål": {
        "remove": [("4.1.1", "Gjort ferdig.")],
        "sharpen": [("1.2.1", "Uklart ansvar.")],
    },
    "Hol": {
        "prioritise": [("1.1.1", "Hol stiller seg bak.")],
        "remove": [("3.1.1", "Kan gå ut.")],
        "sharpen": [("2.1.1", "Spiss mot helse.")],
    },
}


def pdftotext(data, *options):
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def flat(text):
    """Lines a column wrapped joined again: every run of spaces and line breaks one space."""
    return re.sub(r"\s+", " ", re.sub("\u2010\n", "", text))


def pdf_count_rows(data):
    """{code: [counts]} from the appendix's table, read row by row as poppler lays it out."""
    rows = {}
    for line in pdftotext(data, "-layout").splitlines():
        if found := re.match(r"\s*(\d\.\d\.\d) .*?((?:\s+\d+){4})\s*$", line):
            rows[found[1]] = [int(n) for n in found[2].split()]
    return rows


def municipality(name):
    return Municipality.objects.get(council__slug="hallingdal", name=name)


def open_form(deadline=None, **changes):
    data = {
        "title": "Innspel før Hallingtinget",
        "prioritise_count": 3,
        "remove_count": 3,
        "sharpen_count": 3,
        "deadline": (deadline or timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "message": "Sjå sak 03-26.",
    }
    for name, email in EMAILS.items():
        data[f"email_{municipality(name).pk}"] = email
    data.update(changes)
    return data


def answer_data(answer, **extra):
    data = dict(extra)
    for column, picks in answer.items():
        for number, (code, reason) in enumerate(picks, start=1):
            data[f"{column}_{number}_measure"] = measure_by_code(code).pk
            data[f"{column}_{number}_reason"] = reason
    return data


def make_round(user, **fields):
    plan = measure_by_code("1.1.1").goal.focus_area.plan
    values = {
        "title": "Innspel",
        "counts": dict.fromkeys(Column, 3),
        "deadline": timezone.localdate() + dt.timedelta(days=7),
        "message": "",
        "emails": {},
        "user": user,
        "base_url": "http://testserver/",
    }
    values.update(fields)
    return services.open_round(plan, **values)


def member(round_, name):
    """The id of a municipality's invitation in the round, as its URLs carry it."""
    return round_.invitations.get(name=name).pk


def link(round_, name):
    return round_.invitations.get(name=name).answer_path()


def written():
    return (Answer.objects.count(), Choice.objects.count())


# The whole round ---------------------------------------------------------------------------


def test_six_municipalities_answer_and_the_results_page_and_pdf_appendix_match(
    hallingdal_secretariat_client, hallingdal_reader_client, client
):
    response = hallingdal_secretariat_client.post(PLAN_URL + "innspelsrundar/ny/", open_form())
    assert response.status_code == 302
    round_ = InputRound.objects.get(title="Innspel før Hallingtinget")
    assert round_.invitations.count() == 6

    # The mails go out from the worker, not the request: each with its municipality's link.
    assert mail.outbox == []
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(EMAILS.values())
    links = {}
    for message in mail.outbox:
        invitation = round_.invitations.get(email=message.to[0])
        assert invitation.mailed_at is not None
        assert "Sjå sak 03-26." in message.body
        links[invitation.name] = re.search(r"http://testserver(/innspel/\S+/)", message.body)[1]

    for name, answer in ANSWERS.items():
        if name == "Hol":
            continue
        page = client.get(links[name])
        assert page.status_code == 200 and name in page.content.decode()
        response = client.post(links[name], answer_data(answer, answered_by=f"Ordføraren i {name}"))
        assert response.status_code == 302, response.content.decode()[:3000]

    letter_url = reverse(
        "rounds:letter", args=["hallingdal", "regionplan", round_.pk, member(round_, "Hol")]
    )
    response = hallingdal_secretariat_client.post(
        letter_url,
        answer_data(
            ANSWERS["Hol"],
            received_on=timezone.localdate().isoformat(),
            answered_by="Formannskapet",
        ),
    )
    assert response.status_code == 302
    hol = Answer.objects.get(invitation__round=round_, invitation__name="Hol")
    assert (
        hol.channel == Answer.Channel.LETTER and hol.entered_by.username == "hallingdal-sekretariat"
    )

    # What the answers add up to, per measure and column.
    expected = {}
    for name, answer in ANSWERS.items():
        for column, picks in answer.items():
            for code, reason in picks:
                counts, reasons = expected.setdefault(code, ({c.value: 0 for c in Column}, []))
                counts[column] += 1
                reasons.append((name, column, reason))
    assert expected["1.1.1"][0] == {"prioritise": 4, "remove": 0, "sharpen": 0}
    assert expected["3.1.1"][0] == {"prioritise": 0, "remove": 4, "sharpen": 0}

    results = services.results_for_plan(round_.plan)
    assert results.answered == 6 and results.by_letter == 1
    for code, (counts, reasons) in expected.items():
        result = results.by_measure[measure_by_code(code).pk]
        assert {column.value: n for column, n in result.counts.items()} == counts
        assert sorted((r.municipality, r.column.value, r.text) for r in result.reasons) == sorted(
            reasons
        )
    assert len(results.measures) == len(expected)

    url = reverse("rounds:results", args=["hallingdal", "regionplan", round_.pk])
    page = hallingdal_reader_client.get(url).content.decode()
    rows = re.findall(r'<tr class="input-round-results__row"[^>]*>(.*?)</tr>', page, re.S)
    assert len(rows) == len(expected)
    for row in rows:
        code = re.search(r"(\d\.\d\.\d) ", row)[1]
        numbers = [int(n) for n in re.findall(r'__count"[^>]*>(?:<strong>)?(\d+)', row)]
        counts = expected[code][0]
        assert numbers == [
            counts["prioritise"],
            counts["remove"],
            counts["sharpen"],
            sum(counts.values()),
        ]
    for _code, (_, reasons) in expected.items():
        for _name, _column, reason in reasons:
            assert reason.replace("<", "&lt;") in page
    assert "(brev)" in page or "(per brev)" in page

    pdf = hallingdal_reader_client.get(url.replace("resultat/", "resultat.pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    rows = pdf_count_rows(pdf.content)
    text = flat(pdftotext(pdf.content))
    assert rows == {
        code: [counts["prioritise"], counts["remove"], counts["sharpen"], sum(counts.values())]
        for code, (counts, _) in expected.items()
    }
    for _code, (_counts, reasons) in expected.items():
        for name, _column, reason in reasons:
            suffix = " (per brev)" if name == "Hol" else ""
            assert f"{name}{suffix}: {reason}" in text, reason
    assert "6 av 6 kommunar har svart" in text


def test_the_pdf_appendix_is_tagged(hallingdal_secretariat):
    from pypdf import PdfReader

    from rounds.pdf import results_pdf

    round_ = make_round(hallingdal_secretariat)
    reader = PdfReader(io.BytesIO(results_pdf(services.results_for_round(round_))))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]


# Links -------------------------------------------------------------------------------------


def test_a_tampered_link_is_refused_and_writes_nothing(hallingdal_secretariat, client):
    round_ = make_round(hallingdal_secretariat)
    path = link(round_, "Gol")
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    before = written()
    for response in (client.get(tampered), client.post(tampered, answer_data(ANSWERS["Gol"]))):
        assert response.status_code == 404
        assert "Lenkja verkar ikkje" in response.content.decode()
    assert written() == before


def test_a_link_made_for_another_round_is_refused(hallingdal_secretariat, client):
    before = written()
    from regionplan.lib.links import make_token

    first = make_round(hallingdal_secretariat)
    second = make_round(hallingdal_secretariat)
    gol = first.invitations.get(name="Gol")
    token = make_token("input-round", invitation=gol.pk, round=second.pk)
    response = client.post(reverse("rounds:answer", args=[token]), answer_data(ANSWERS["Gol"]))
    assert response.status_code == 404 and written() == before


def test_a_link_after_the_deadline_is_refused_and_writes_nothing(hallingdal_secretariat, client):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    InputRound.objects.filter(pk=round_.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    path = link(round_, "Gol")
    assert client.get(path).status_code == 410
    response = client.post(path, answer_data(ANSWERS["Gol"]))
    assert response.status_code == 410
    assert "Fristen er ute" in response.content.decode()
    assert written() == before


def test_a_link_works_through_the_last_day(hallingdal_secretariat, client):
    round_ = make_round(hallingdal_secretariat, deadline=timezone.localdate())
    response = client.post(link(round_, "Gol"), answer_data(ANSWERS["Gol"]))
    assert response.status_code == 302


def test_a_used_link_is_refused_and_the_first_answer_stays(hallingdal_secretariat, client):
    round_ = make_round(hallingdal_secretariat)
    path = link(round_, "Gol")
    assert client.post(path, answer_data(ANSWERS["Gol"])).status_code == 302
    before = written()
    receipt = client.get(path)
    assert receipt.status_code == 200
    assert "Rekruttering &lt; alt anna" in receipt.content.decode()
    response = client.post(path, answer_data(ANSWERS["Flå"]))
    assert response.status_code == 409
    assert "nothing" not in response.content.decode()
    assert "ingenting vart endra" in response.content.decode()
    assert written() == before
    reasons = set(Choice.objects.values_list("reason", flat=True))
    assert "Næringsarealet er avgjerande for Flå." not in reasons


def test_a_link_after_the_round_closed_is_refused_and_writes_nothing(
    hallingdal_secretariat_client, hallingdal_secretariat, client
):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    close = reverse("rounds:close", args=["hallingdal", "regionplan", round_.pk])
    assert hallingdal_secretariat_client.get(close).status_code == 200
    assert hallingdal_secretariat_client.post(close).status_code == 302
    round_.refresh_from_db()
    assert round_.is_closed
    path = link(round_, "Gol")
    response = client.post(path, answer_data(ANSWERS["Gol"]))
    assert response.status_code == 410
    assert "Innspelsrunden er avslutta" in response.content.decode()
    letter = reverse(
        "rounds:letter", args=["hallingdal", "regionplan", round_.pk, member(round_, "Hol")]
    )
    response = hallingdal_secretariat_client.post(
        letter, answer_data(ANSWERS["Hol"], received_on=timezone.localdate().isoformat())
    )
    assert response.status_code == 410
    assert written() == before


def test_an_answer_arriving_after_the_close_is_refused_by_the_service(hallingdal_secretariat):
    """The view's check and the close can interleave: the service checks again under the lock."""
    before = written()
    round_ = make_round(hallingdal_secretariat)
    invitation = round_.invitations.get(name="Gol")
    services.close_round(round_, user=hallingdal_secretariat)
    picks = [(Column.PRIORITISE, measure_by_code("1.1.1"), "Viktig.")]
    with pytest.raises(services.RoundRefused) as refused:
        services.submit_answer(invitation, picks, channel=Answer.Channel.LINK)
    assert refused.value.reason == "closed" and written() == before


# The answer form -------------------------------------------------------------------------


def test_a_reason_without_a_measure_keeps_the_text_and_writes_nothing(
    hallingdal_secretariat, client
):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    data = answer_data(ANSWERS["Gol"])
    data["sharpen_2_reason"] = "Ein grunn utan tiltak – skal ikkje forsvinne."
    response = client.post(link(round_, "Gol"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vel tiltaket denne grunngjevinga gjeld" in body
    assert "Ein grunn utan tiltak – skal ikkje forsvinne." in body
    assert written() == before


def test_a_measure_without_a_reason_is_refused(hallingdal_secretariat, client):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    data = answer_data(ANSWERS["Gol"])
    data["prioritise_1_reason"] = ""
    response = client.post(link(round_, "Gol"), data)
    assert response.status_code == 400
    assert "Grunngje valet av dette tiltaket" in response.content.decode()
    assert written() == before


def test_a_measure_in_two_columns_is_refused(hallingdal_secretariat, client):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    data = answer_data({"prioritise": [("1.1.1", "Ja.")], "remove": [("1.1.1", "Nei.")]})
    response = client.post(link(round_, "Gol"), data)
    assert response.status_code == 400
    assert "berre stå i éin kolonne" in response.content.decode()
    assert written() == before


def test_an_empty_answer_is_refused(hallingdal_secretariat, client):
    before = written()
    round_ = make_round(hallingdal_secretariat)
    response = client.post(link(round_, "Gol"), {})
    assert response.status_code == 400
    assert written() == before


def test_no_more_measures_than_the_round_asks_for(hallingdal_secretariat, client):
    round_ = make_round(
        hallingdal_secretariat, counts={Column.PRIORITISE: 1, Column.REMOVE: 0, Column.SHARPEN: 2}
    )
    page = client.get(link(round_, "Gol")).content.decode()
    assert page.count('name="prioritise_') == 2  # one place: measure and reason
    assert 'name="remove_' not in page
    # A fourth place sent anyway is no field of the form: it is not read.
    data = answer_data({"prioritise": [("1.1.1", "Ja."), ("2.1.1", "Og denne.")]})
    assert client.post(link(round_, "Gol"), data).status_code == 302
    chosen = Choice.objects.filter(answer__invitation__round=round_)
    assert list(chosen.values_list("measure__code", flat=True)) == ["1.1.1"]
    # The service refuses too many on its own.
    invitation = round_.invitations.get(name="Flå")
    picks = [(Column.PRIORITISE, measure_by_code(code), "x") for code in ("1.1.1", "2.1.1")]
    with pytest.raises(ValueError):
        services.submit_answer(invitation, picks, channel=Answer.Channel.LINK)


def test_an_archived_measure_is_not_offered_but_its_answers_stay(hallingdal_secretariat, client):
    round_ = make_round(hallingdal_secretariat)
    assert client.post(link(round_, "Gol"), answer_data(ANSWERS["Gol"])).status_code == 302
    measure = measure_by_code("6.1.1")
    type(measure).all_objects.filter(pk=measure.pk).update(archived_at=timezone.now())
    page = client.get(link(round_, "Flå")).content.decode()
    assert f'value="{measure.pk}"' not in page
    results = services.results_for_round(round_)
    assert results.by_measure[measure.pk].counts[Column.PRIORITISE] == 1


# The secretariat's side ------------------------------------------------------------------


def test_opening_a_round_with_a_bad_address_writes_nothing(hallingdal_secretariat_client):
    rounds_before = InputRound.objects.count()
    data = open_form()
    data[f"email_{municipality('Gol').pk}"] = "post@gol"
    response = hallingdal_secretariat_client.post(PLAN_URL + "innspelsrundar/ny/", data)
    assert response.status_code == 400
    assert InputRound.objects.count() == rounds_before


def test_opening_a_round_that_asks_for_nothing_is_refused(hallingdal_secretariat_client):
    rounds_before = InputRound.objects.count()
    data = open_form(prioritise_count=0, remove_count=0, sharpen_count=0)
    response = hallingdal_secretariat_client.post(PLAN_URL + "innspelsrundar/ny/", data)
    assert response.status_code == 400
    assert InputRound.objects.count() == rounds_before


def test_opening_a_round_offers_three_in_each_column(hallingdal_secretariat_client):
    page = hallingdal_secretariat_client.get(PLAN_URL + "innspelsrundar/ny/").content.decode()
    for name in ("prioritise_count", "remove_count", "sharpen_count"):
        assert re.search(rf'name="{name}" value="3"', page)


def test_a_refused_mail_is_shown_and_can_be_sent_again(
    hallingdal_secretariat_client, hallingdal_secretariat, settings
):
    round_ = make_round(
        hallingdal_secretariat, emails={municipality("Gol").pk: "post@gol.kommune.no"}
    )
    settings.EMAIL_BACKEND = "tests.test_input_rounds.RefusingBackend"
    run_worker()
    gol = round_.invitations.get(name="Gol")
    assert gol.mailed_at is None and "refused" in gol.mail_error
    page = hallingdal_secretariat_client.get(round_.get_absolute_url()).content.decode()
    assert "Kunne ikkje sende e-posten" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = reverse("rounds:invitation_email", args=["hallingdal", "regionplan", round_.pk, gol.pk])
    response = hallingdal_secretariat_client.post(
        url, {f"m{gol.pk}-email": "ny@gol.kommune.no", "send": "1"}
    )
    assert response.status_code == 302
    run_worker()
    gol.refresh_from_db()
    assert (gol.mailed_to, gol.mail_error) == ("ny@gol.kommune.no", "")
    assert [message.to for message in mail.outbox] == [["ny@gol.kommune.no"]]


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused by the mail server")


def test_a_bad_address_for_the_link_is_refused_and_keeps_the_old_one(
    hallingdal_secretariat_client, hallingdal_secretariat
):
    round_ = make_round(
        hallingdal_secretariat, emails={municipality("Gol").pk: "post@gol.kommune.no"}
    )
    gol = round_.invitations.get(name="Gol")
    url = reverse("rounds:invitation_email", args=["hallingdal", "regionplan", round_.pk, gol.pk])
    response = hallingdal_secretariat_client.post(url, {f"m{gol.pk}-email": "ikkje ei adresse"})
    assert response.status_code == 400
    assert "ikkje ei adresse" in response.content.decode()
    gol.refresh_from_db()
    assert gol.email == "post@gol.kommune.no"


def test_a_letter_answer_cannot_replace_a_link_answer(
    hallingdal_secretariat_client, hallingdal_secretariat, client
):
    round_ = make_round(hallingdal_secretariat)
    assert client.post(link(round_, "Gol"), answer_data(ANSWERS["Gol"])).status_code == 302
    before = written()
    url = reverse(
        "rounds:letter", args=["hallingdal", "regionplan", round_.pk, member(round_, "Gol")]
    )
    response = hallingdal_secretariat_client.post(
        url, answer_data(ANSWERS["Hol"], received_on=timezone.localdate().isoformat())
    )
    assert response.status_code == 409
    assert written() == before


def test_a_letter_may_be_entered_after_the_deadline(
    hallingdal_secretariat_client, hallingdal_secretariat
):
    round_ = make_round(hallingdal_secretariat)
    InputRound.objects.filter(pk=round_.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=2)
    )
    url = reverse(
        "rounds:letter", args=["hallingdal", "regionplan", round_.pk, member(round_, "Hol")]
    )
    response = hallingdal_secretariat_client.post(
        url, answer_data(ANSWERS["Hol"], received_on=timezone.localdate().isoformat())
    )
    assert response.status_code == 302
    assert Answer.objects.get(invitation__round=round_).by_letter


def test_the_results_sort_by_a_column(hallingdal_secretariat, hallingdal_reader_client):
    round_ = make_round(hallingdal_secretariat)
    for name in ("Flå", "Nesbyen", "Gol"):
        invitation = round_.invitations.get(name=name)
        picks = [
            (Column(column), measure_by_code(code), reason)
            for column, found in ANSWERS[name].items()
            for code, reason in found
        ]
        services.submit_answer(invitation, picks, channel=Answer.Channel.LINK)
    url = reverse("rounds:results", args=["hallingdal", "regionplan", round_.pk])

    def order(sort):
        page = hallingdal_reader_client.get(url, {"sortering": sort}).content.decode()
        return re.findall(r'__measure">\s*<a [^>]*>(\d\.\d\.\d) ', page)

    assert order("plan") == ["1.1.1", "1.2.1", "2.1.1", "3.1.1", "4.1.1", "6.1.1"]
    assert order("remove")[:2] == ["3.1.1", "4.1.1"]
    assert order("prioritise")[0] == "1.1.1"
    assert order("nonsense") == order("plan")


def test_the_results_page_reads_a_fixed_number_of_queries(
    hallingdal_secretariat, hallingdal_reader_client, django_assert_max_num_queries
):
    round_ = make_round(hallingdal_secretariat)
    for name, answer in ANSWERS.items():
        invitation = round_.invitations.get(name=name)
        picks = [
            (Column(c), measure_by_code(code), r)
            for c, found in answer.items()
            for code, r in found
        ]
        services.submit_answer(invitation, picks, channel=Answer.Channel.LINK)
    url = reverse("rounds:results", args=["hallingdal", "regionplan", round_.pk])
    with django_assert_max_num_queries(12):
        assert hallingdal_reader_client.get(url).status_code == 200


def test_the_answer_page_reads_a_fixed_number_of_queries(
    hallingdal_secretariat, client, django_assert_max_num_queries
):
    round_ = make_round(hallingdal_secretariat)
    path = link(round_, "Gol")
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200


def test_the_answer_page_is_in_the_councils_language(hallingdal_secretariat, client):
    round_ = make_round(hallingdal_secretariat)
    page = client.get(link(round_, "Gol"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Prioritere sterkare" in page or "prioritere sterkare" in page


def test_the_round_list_shows_progress(hallingdal_secretariat, hallingdal_reader_client):
    round_ = make_round(hallingdal_secretariat)
    invitation = round_.invitations.get(name="Gol")
    services.submit_answer(
        invitation,
        [(Column.PRIORITISE, measure_by_code("1.1.1"), "Ja.")],
        channel=Answer.Channel.LINK,
    )
    page = hallingdal_reader_client.get(PLAN_URL + "innspelsrundar/").content.decode()
    assert "1 av 6 kommunar har svart" in page


def test_results_for_plan_without_a_round_is_none():
    plan = Plan.objects.filter(council__slug="nord-gudbrandsdal").first()
    assert services.results_for_plan(plan) is None


def test_results_for_plan_reads_the_latest_round(hallingdal_secretariat, hallingdal_plan):
    round_ = make_round(hallingdal_secretariat)
    services.submit_answer(
        round_.invitations.get(name="Gol"),
        [(Column.SHARPEN, measure_by_code("4.1.1"), "Kva er målet?")],
        channel=Answer.Channel.LINK,
    )
    results = services.results_for_plan(hallingdal_plan)
    assert results.round == round_
    [result] = results.measures
    assert result.counts == {Column.PRIORITISE: 0, Column.REMOVE: 0, Column.SHARPEN: 1}
    [reason] = result.reasons
    assert (reason.municipality, reason.column, reason.text) == (
        "Gol",
        Column.SHARPEN,
        "Kva er målet?",
    )


def test_the_demo_has_a_round_with_answers_marked_as_invented():
    round_ = InputRound.objects.get(
        plan__council__slug="hallingdal", title__startswith="Innspel frå"
    )
    results = services.results_for_round(round_)
    assert (results.invited, results.answered, results.by_letter) == (6, 4, 1)
    assert all(r.text.startswith("(Demo)") for m in results.measures for r in m.reasons)


def test_an_invitation_is_one_per_municipality_and_round(hallingdal_secretariat):
    from django.db import IntegrityError, transaction

    round_ = make_round(hallingdal_secretariat)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(round=round_, municipality=municipality("Gol"))


def test_a_new_list_of_municipalities_keeps_the_rounds_answers(
    hallingdal_secretariat, hallingdal_council
):
    """The council's settings replace its municipality records; a round keeps whom it asked."""
    from types import SimpleNamespace

    from accounts.councils import update_council

    round_ = make_round(hallingdal_secretariat)
    services.submit_answer(
        round_.invitations.get(name="Gol"),
        [(Column.PRIORITISE, measure_by_code("1.1.1"), "Viktig.")],
        channel=Answer.Channel.LINK,
    )
    merged = [SimpleNamespace(number="3399", name="Hallingdal kommune")]
    update_council(hallingdal_council, {}, merged, user=hallingdal_secretariat)
    results = services.results_for_round(round_)
    assert [invitation.name for invitation in results.invitations] == [
        "Flå",
        "Nesbyen",
        "Gol",
        "Hemsedal",
        "Ål",
        "Hol",
    ]
    [result] = results.measures
    assert [reason.municipality for reason in result.reasons] == ["Gol"]
