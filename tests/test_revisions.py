"""Revisions: proposals, the draft, the changes document, adoption into a new version, and the
status history across versions (revisions/)."""

import datetime
import json
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from helpers import measure_by_code

from measures.models import Measure
from measures.status import Status
from plans.models import Goal, Plan
from regionplan.lib.worddiff import word_diff
from revisions import services
from revisions.models import Proposal, Revision
from rounds import services as rounds_services
from rounds.models import Answer, Column

pytestmark = pytest.mark.django_db


def pdf_text(pdf):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def started(client, plan):
    response = client.post(reverse("revisions:start", args=["hallingdal", plan.slug]))
    assert response.status_code == 302
    return Revision.objects.get(plan=plan, state="draft")


def propose(client, revision, query, **data):
    url = reverse("revisions:proposal_add", args=["hallingdal", "regionplan", revision.pk])
    response = client.post(f"{url}?{query}", {"version": 1, **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def goal_by_code(code):
    return Goal.objects.get(
        code=code, focus_area__plan__council__slug="hallingdal", focus_area__plan__slug="regionplan"
    )


ROUND = [
    # 2.1.1: four municipalities would keep it, one would take it out.
    ("2.1.1", "keep", 4, (("Gol", "Viktig for rekrutteringa."), ("Ål", "Held fram."))),
    ("2.1.1", "remove", 1, (("Flå", "Lite aktuelt for oss."),)),
    # 5.1.1: three for adjusting, as many for keeping: the smaller change wins, all reasons kept.
    ("5.1.1", "adjust", 3, (("Hol", "Ta med utleigebustader."),)),
    ("5.1.1", "keep", 3, ()),
]


def round_answers(codes=None):
    return [
        services.RoundAnswer(measure_by_code(code).pk, column, count, reasons)
        for code, column, count, reasons in ROUND
        if codes is None or code in codes
    ]


def test_a_whole_revision_of_hallingdals_plan(
    hallingdal_plan, hallingdal_secretariat_client, hallingdal_reader_client, hallingdal_secretariat
):
    client = hallingdal_secretariat_client
    old_112 = measure_by_code("1.1.2")
    old_112.change_status(Status.GREEN, comment="Portalen er oppe.", user=hallingdal_secretariat)
    revision = started(client, hallingdal_plan)

    propose(
        client,
        revision,
        f"measure={measure_by_code('1.2.2').pk}",
        kind="remove",
        reason="Fylkesdistriktssenteret er avklart; tiltaket er ikkje lenger aktuelt.",
        source="secretariat",
    )
    propose(
        client,
        revision,
        f"measure={old_112.pk}",
        kind="adjust",
        text="Utvikle Hallingdal som ein næringsvenleg region med ein felles digital portal.",
        due="2027",
        reason="Portalen må driftast vidare etter 2025.",
        source="municipality",
        source_name="Gol kommune",
    )
    propose(
        client,
        revision,
        f"add=measure&under={goal_by_code('4.1').pk}",
        kind="add",
        code="4.1.9",
        text="Etablere eit felles klimanettverk for kommunane",
        due="2026–2027",
        responsible="Regionrådet",
        reason="Kommunane ønskjer å dela erfaringar med klimabudsjett.",
        source="body",
        source_name="Klimanettverket i Hallingdal",
    )
    propose(
        client,
        revision,
        f"measure={measure_by_code('1.4.1').pk}",
        kind="move",
        to_goal=goal_by_code("1.2").pk,
        reason="Tiltaket høyrer betre heime under arbeidsplassmålet.",
        source="secretariat",
    )
    # The municipalities' input round, imported through the draft page.
    input_round_with_answers(hallingdal_secretariat)
    assert client.post(import_url(revision)).status_code == 302
    imported = revision.proposals.filter(source=Proposal.Source.INPUT_ROUND)
    assert dict(imported.values_list("measure__code", "kind")) == {
        "2.1.1": "keep",
        "3.1.1": "remove",
        "1.2.1": "adjust",
    }

    # The draft reads as the plan would be.
    draft = client.get(revision.get_absolute_url())
    assert draft.status_code == 200
    page = draft.content.decode()
    assert "Etablere eit felles klimanettverk for kommunane" in page
    assert "med ein felles digital portal" in page
    assert 'draft-measure__code">1.2.2<' not in page  # not among the draft's measures…
    assert "<del>1.2.2 Jobbe for eit fylkesdistriktssenter" in page  # …but listed as taken out

    # The changes document, page and PDF: each proposal with its reason and source.
    html = client.get(reverse("revisions:changes", args=["hallingdal", "regionplan", revision.pk]))
    assert "<ins>" in html.content.decode() and "<del>" in html.content.decode()
    pdf = client.get(
        reverse("revisions:changes_pdf", args=["hallingdal", "regionplan", revision.pk])
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content).split()
    )
    for expected in [
        "Fylkesdistriktssenteret er avklart; tiltaket er ikkje lenger aktuelt.",
        "Portalen må driftast vidare etter 2025.",
        "Gol kommune",
        "Kommunane ønskjer å dela erfaringar med klimabudsjett.",
        "Klimanettverket i Hallingdal",
        "Tiltaket høyrer betre heime under arbeidsplassmålet.",
        "Gol: Viktig for rekrutteringa.",
        "Flå: Viktig for Flå.",
        "Hol (per brev): Kan gå ut.",
    ]:
        assert expected in text, expected

    # Adoption makes the draft the version in force.
    revision.refresh_from_db()
    response = client.post(
        reverse("revisions:adopt", args=["hallingdal", "regionplan", revision.pk]),
        {
            "title": "Regionplan for Hallingdal",
            "adopted_on": "2026-10-22",
            "adopted_by": "Hallingtinget",
            "case_number": "PS 12/26",
            "version": revision.version,
        },
    )
    assert response.status_code == 302
    new = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
    old = Plan.objects.get(pk=hallingdal_plan.pk)
    assert new.pk != old.pk and response["Location"] == new.get_absolute_url()
    assert (new.version_number, new.adopted_by, new.adoption_case) == (
        2,
        "Hallingtinget",
        "PS 12/26",
    )
    assert new.adopted_on == datetime.date(2026, 10, 22)
    assert old.superseded_by == new and old.slug == "regionplan-versjon-1"

    measures = Measure.objects.filter(goal__focus_area__plan=new)
    assert not measures.filter(code__in=["1.2.2", "3.1.1"]).exists()  # taken out
    # Two taken out, one added.
    assert measures.count() == Measure.objects.filter(goal__focus_area__plan=old).count() - 1
    new_112 = measures.get(code="1.1.2")
    assert new_112.predecessor == old_112 and new_112.due == "2027"
    assert new_112.status == Status.GREEN and new_112.comment == "Portalen er oppe."
    assert measures.get(code="4.1.9").predecessor is None
    assert measures.get(code="4.1.9").goal.code == "4.1"
    assert measures.get(code="1.4.1").goal.code == "1.2"
    # Both plans' audit trails record the adoption, by whom.
    assert old.change_records.get(field="superseded_by").changed_by == hallingdal_secretariat
    assert new.change_records.get(field="version").new_value == "Regionplan for Hallingdal (2)"
    # What was adopted stays as it was.
    assert Measure.objects.filter(goal__focus_area__plan=old, code="1.2.2").exists()

    # The old version is readable and marked, with a link forward.
    old_page = hallingdal_reader_client.get(old.get_absolute_url())
    assert old_page.status_code == 200
    assert new.get_absolute_url() in old_page.content.decode()
    assert "superseded" in old_page.content.decode()
    # It is kept as adopted: no more edits there.
    edit = client.post(
        reverse("measures:status", args=["hallingdal", old.slug, old_112.pk]), {"status": "red"}
    )
    assert edit.status_code == 403

    # 1.1.2's history runs across both versions.
    new_112.change_status(
        Status.YELLOW, comment="Ny driftsavtale i arbeid.", user=hallingdal_secretariat
    )
    history = client.get(new_112.get_absolute_url()).content.decode()
    assert "Ny driftsavtale i arbeid." in history and "Portalen er oppe." in history
    assert old_112.get_absolute_url() in history
    # …and the old version's measure links forward to where it continues.
    assert new_112.get_absolute_url() in client.get(old_112.get_absolute_url()).content.decode()

    # Exports and JSON name the version.
    data = json.loads(
        client.get(
            reverse("plans:plan_export", args=["hallingdal", "regionplan", "json"])
        ).getvalue()
    )
    assert data["schema_version"] == 2
    assert data["plan"]["version"] == {
        "number": 2,
        "adopted_case": "PS 12/26",
        "supersedes": "regionplan-versjon-1",
        "superseded_by": None,
    }
    measure_112 = next(
        m
        for a in data["focus_areas"]
        for g in a["goals"]
        for m in g["measures"]
        if m["code"] == "1.1.2"
    )
    assert measure_112["predecessor_id"] == old_112.pk

    # The open data's status history follows the measure into the new version.
    Plan.objects.filter(pk=new.pk).update(published=True)
    api = client.get(reverse("opendata:plan_status_history", args=["hallingdal", "regionplan"]))
    mine = [c for c in api.json()["results"] if c["measure"]["id"] == new_112.pk]
    assert [(c["recorded_in_version"], c["comment"]) for c in mine][-2:] == [
        (1, "Portalen er oppe."),
        (2, "Ny driftsavtale i arbeid."),
    ]


def test_concurrent_edits_of_a_proposal_conflict_and_lose_nothing(hallingdal_plan, login):
    first, second = login("hallingdal-sekretariat"), login("hallingdal-sekretariat")
    revision = started(first, hallingdal_plan)
    propose(
        first,
        revision,
        f"measure={measure_by_code('1.1.1').pk}",
        kind="keep",
        reason="Fungerer.",
        source="secretariat",
    )
    proposal = revision.proposals.get()
    url = reverse(
        "revisions:proposal_edit", args=["hallingdal", "regionplan", revision.pk, proposal.pk]
    )
    both = {"kind": "keep", "source": "secretariat", "version": proposal.version}
    assert first.post(url, {**both, "reason": "Fungerer godt – frå Gol."}).status_code == 302
    response = second.post(url, {**both, "reason": "Fungerer – frå Ål."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Fungerer godt – frå Gol." in page and "Fungerer – frå Ål." in page
    proposal.refresh_from_db()
    assert proposal.reason == "Fungerer godt – frå Gol."
    # Saving again on purpose keeps the second one's text.
    again = second.post(url, {**both, "reason": "Fungerer – frå Ål.", "version": proposal.version})
    assert again.status_code == 302
    proposal.refresh_from_db()
    assert proposal.reason == "Fungerer – frå Ål."


def test_adoption_of_a_revision_changed_since_the_form_was_opened_is_refused(
    hallingdal_plan, hallingdal_secretariat_client
):
    client = hallingdal_secretariat_client
    revision = started(client, hallingdal_plan)
    seen = Revision.objects.get(pk=revision.pk).version
    propose(
        client,
        revision,
        f"measure={measure_by_code('1.1.1').pk}",
        kind="remove",
        reason="Ferdig.",
        source="secretariat",
    )
    response = client.post(
        reverse("revisions:adopt", args=["hallingdal", "regionplan", revision.pk]),
        {
            "title": hallingdal_plan.title,
            "adopted_on": "2026-10-22",
            "adopted_by": "Hallingtinget",
            "case_number": "PS 12/26",
            "version": seen,
        },
    )
    assert response.status_code == 409
    assert Plan.objects.get(pk=hallingdal_plan.pk).superseded_by is None
    assert Plan.objects.filter(council__slug="hallingdal").count() == 1


def test_a_proposal_without_reason_or_named_source_is_refused_and_writes_nothing(
    hallingdal_plan, hallingdal_secretariat_client
):
    client = hallingdal_secretariat_client
    revision = started(client, hallingdal_plan)
    url = reverse("revisions:proposal_add", args=["hallingdal", "regionplan", revision.pk])
    response = client.post(
        f"{url}?measure={measure_by_code('1.1.1').pk}",
        {"kind": "adjust", "source": "municipality", "reason": "", "version": 1},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Name the municipality or body" in page or "Namngje kommunen" in page
    assert not revision.proposals.exists()


def test_a_move_to_a_goal_taken_out_blocks_adoption(hallingdal_plan, hallingdal_secretariat):
    revision, _ = services.start_revision(hallingdal_plan, user=hallingdal_secretariat)
    goal = goal_by_code("1.2")
    services.add_proposal(
        revision,
        Proposal(
            kind="remove", level="goal", goal=goal, reason="Slått saman.", source="secretariat"
        ),
        user=hallingdal_secretariat,
    )
    services.add_proposal(
        revision,
        Proposal(
            kind="move",
            level="measure",
            measure=measure_by_code("1.1.1"),
            to_goal=goal,
            reason="Flytt.",
            source="secretariat",
        ),
        user=hallingdal_secretariat,
    )
    revision.refresh_from_db()
    with pytest.raises(services.RevisionError):
        services.adopt(
            revision,
            title="x",
            adopted_on=datetime.date(2026, 10, 22),
            adopted_by="Hallingtinget",
            case_number="1",
            expected_version=revision.version,
            user=hallingdal_secretariat,
        )
    assert Plan.objects.filter(council__slug="hallingdal").count() == 1


def test_input_round_import_keeps_existing_proposals_and_every_reason(
    hallingdal_plan, hallingdal_secretariat
):
    revision, _ = services.start_revision(hallingdal_plan, user=hallingdal_secretariat)
    services.add_proposal(
        revision,
        Proposal(
            kind="adjust",
            level="measure",
            measure=measure_by_code("2.1.1"),
            reason="Sekretariatet sitt forslag.",
            source="secretariat",
            text="Ny tekst",
        ),
        user=hallingdal_secretariat,
    )
    result = services.import_round_results(
        revision,
        [*round_answers(), services.RoundAnswer(999999, "keep", 1)],
        user=hallingdal_secretariat,
    )
    assert [m.code for m, _p in result.skipped] == ["2.1.1"]
    assert result.unknown == [999999]
    kept = revision.proposals.get(measure__code="2.1.1")
    assert kept.source == "secretariat" and kept.reason == "Sekretariatet sitt forslag."
    imported = revision.proposals.get(measure__code="5.1.1")
    assert imported.source == Proposal.Source.INPUT_ROUND
    assert "Hol: Ta med utleigebustader." in imported.reason
    assert "3" in imported.reason


def test_input_round_import_refuses_an_unknown_answer_and_writes_nothing(
    hallingdal_plan, hallingdal_secretariat
):
    revision, _ = services.start_revision(hallingdal_plan, user=hallingdal_secretariat)
    answers = [*round_answers(), services.RoundAnswer(measure_by_code("1.1.1").pk, "maybe", 2)]
    with pytest.raises(services.RevisionError):
        services.import_round_results(revision, answers, user=hallingdal_secretariat)
    assert not revision.proposals.exists()


def test_the_draft_and_the_changes_document_read_the_whole_plan_in_few_queries(
    hallingdal_plan, hallingdal_reader_client, hallingdal_secretariat, django_assert_max_num_queries
):
    revision, _ = services.start_revision(hallingdal_plan, user=hallingdal_secretariat)
    services.import_round_results(revision, round_answers(), user=hallingdal_secretariat)
    with django_assert_max_num_queries(15):
        response = hallingdal_reader_client.get(revision.get_absolute_url())
    assert response.status_code == 200
    changes = reverse("revisions:changes", args=["hallingdal", "regionplan", revision.pk])
    with django_assert_max_num_queries(12):
        assert hallingdal_reader_client.get(changes).status_code == 200


def test_word_diff_marks_only_the_changed_words_and_keeps_both_texts():
    old, new = (
        "Jobbe for eit fylkesdistriktssenter i Hallingdal",
        "Jobbe for eit senter i Hallingdal",
    )
    segments = word_diff(old, new)
    assert ("removed", "fylkesdistriktssenter", " ") in segments
    assert ("added", "senter", " ") in segments
    assert "".join(w + s for op, w, s in segments if op != "added") == old
    assert "".join(w + s for op, w, s in segments if op != "removed") == new


def test_the_first_report_of_a_new_version_compares_with_the_last_of_the_previous(
    hallingdal_plan, hallingdal_secretariat
):
    from plans.models import StatusReport
    from plans.reports.services import report_lines

    old_112 = measure_by_code("1.1.2")
    at_03_26 = StatusReport.objects.get(plan=hallingdal_plan, item_number="03-26").items.get(
        measure=old_112
    )
    revision, _ = services.start_revision(hallingdal_plan, user=hallingdal_secretariat)
    new = services.adopt(
        revision,
        title=hallingdal_plan.title,
        adopted_on=datetime.date(2026, 10, 22),
        adopted_by="Hallingtinget",
        case_number="PS 12/26",
        expected_version=revision.version,
        user=hallingdal_secretariat,
    )
    new_112 = Measure.objects.get(goal__focus_area__plan=new, code="1.1.2")
    new_112.change_status(Status.GREEN, user=hallingdal_secretariat)
    report = StatusReport.objects.create(plan=new, item_number="01-27", title="Status")
    lines, previous = report_lines(report)
    assert previous.item_number == "03-26"
    line = next(line for line in lines if line.measure_id == new_112.pk)
    assert line.previous_status == at_03_26.status
    assert line.changed


def test_focus_area_and_goal_proposals_shape_the_adopted_version(
    hallingdal_plan, hallingdal_secretariat_client, hallingdal_secretariat
):
    client = hallingdal_secretariat_client
    revision = started(client, hallingdal_plan)
    area = hallingdal_plan.focus_areas.get(number=4)
    propose(
        client,
        revision,
        f"focus_area={area.pk}",
        kind="adjust",
        text="Klima, miljø og energi",
        reason="Energi er ein stor del av arbeidet.",
        source="secretariat",
    )
    propose(
        client,
        revision,
        f"add=goal&under={area.pk}",
        kind="add",
        code="4.4",
        text="Hallingdal har ein felles energiplan.",
        reason="Frå kommunane.",
        source="input_round",
    )
    goal_13 = goal_by_code("1.3")
    propose(
        client,
        revision,
        f"goal={goal_13.pk}",
        kind="remove",
        reason="Nådd.",
        source="secretariat",
    )
    revision.refresh_from_db()
    new = services.adopt(
        revision,
        title=hallingdal_plan.title,
        adopted_on=datetime.date(2026, 10, 22),
        adopted_by="Hallingtinget",
        case_number="PS 12/26",
        expected_version=revision.version,
        user=hallingdal_secretariat,
    )
    new_area = new.focus_areas.get(number=4)
    assert new_area.title == "Klima, miljø og energi"
    assert list(new_area.goals.values_list("code", flat=True))[-1] == "4.4"
    assert not Goal.objects.filter(focus_area__plan=new, code="1.3").exists()
    # The goal's measures went with it, and the changes were all proposed, none silently.
    removed_with_goal = Measure.objects.filter(goal=goal_13).count()
    assert removed_with_goal > 0
    before = Measure.objects.filter(goal__focus_area__plan=hallingdal_plan).count()
    after = Measure.objects.filter(goal__focus_area__plan=new).count()
    assert after == before - removed_with_goal


# The input round imported through the draft page --------------------------------------------

# What each municipality answers in a real input round: {column: [(code, reason)]}. Hol's comes
# by letter.
ROUND_ANSWERS = {
    "Gol": {
        "prioritise": [("2.1.1", "Viktig for rekrutteringa.")],
        "remove": [("3.1.1", "Ikkje regionrådet si oppgåve.")],
    },
    "Ål": {
        "prioritise": [("2.1.1", "Held fram.")],
        "sharpen": [("1.2.1", "Uklart ansvar.")],
    },
    "Flå": {"prioritise": [("3.1.1", "Viktig for Flå.")]},
    "Hol": {
        "remove": [("3.1.1", "Kan gå ut.")],
        "sharpen": [("1.2.1", "Set eit tal på det.")],
    },
}


def input_round_with_answers(user):
    """A round on Hallingdal's plan opened through the rounds services, answered by four
    municipalities: three through their links, Hol by letter."""
    round_ = rounds_services.open_round(
        measure_by_code("1.1.1").goal.focus_area.plan,
        title="Innspel før Hallingtinget",
        counts=dict.fromkeys(Column, 3),
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        message="",
        emails={},
        user=user,
        base_url="http://testserver/",
    )
    for name, answer in ROUND_ANSWERS.items():
        picks = [
            (Column(column), measure_by_code(code), reason)
            for column, found in answer.items()
            for code, reason in found
        ]
        by_letter = name == "Hol"
        rounds_services.submit_answer(
            round_.invitations.get(name=name),
            picks,
            channel=Answer.Channel.LETTER if by_letter else Answer.Channel.LINK,
            received_on=timezone.localdate() if by_letter else None,
            user=user if by_letter else None,
        )
    return round_


def import_url(revision):
    return reverse("revisions:import_round", args=["hallingdal", "regionplan", revision.pk])


def proposals_as_written(revision):
    return list(
        revision.proposals.order_by("pk").values_list(
            "pk", "measure__code", "kind", "source", "reason", "version"
        )
    )


def test_the_input_rounds_answers_become_proposals_through_the_draft_page(
    hallingdal_plan, hallingdal_secretariat_client, hallingdal_secretariat
):
    client = hallingdal_secretariat_client
    input_round_with_answers(hallingdal_secretariat)
    revision = started(client, hallingdal_plan)
    assert "Importer resultata frå innspelsrunden" in client.get(revision.get_absolute_url()).text

    response = client.post(import_url(revision), follow=True)
    assert response.redirect_chain == [(revision.get_absolute_url(), 302)]
    assert "3 forslag lagde til frå innspelsrunden." in response.text
    kinds = dict(revision.proposals.values_list("measure__code", "kind"))
    # 2.1.1 two to prioritise; 3.1.1 two to take out against one to prioritise; 1.2.1 two to
    # sharpen.
    assert kinds == {"2.1.1": "keep", "3.1.1": "remove", "1.2.1": "adjust"}
    assert set(revision.proposals.values_list("source", flat=True)) == {"input_round"}
    reasons = dict(revision.proposals.values_list("measure__code", "reason"))
    assert "- Gol: Viktig for rekrutteringa." in reasons["2.1.1"]
    assert "- Ål: Held fram." in reasons["2.1.1"]
    assert "- Gol: Ikkje regionrådet si oppgåve." in reasons["3.1.1"]
    assert "- Flå: Viktig for Flå." in reasons["3.1.1"]  # the minority's reason is kept too
    assert "- Hol (per brev): Kan gå ut." in reasons["3.1.1"]
    assert "- Ål: Uklart ansvar." in reasons["1.2.1"]
    assert "- Hol (per brev): Set eit tal på det." in reasons["1.2.1"]
    # The changes document for the agenda carries the municipalities' reasons.
    changes = reverse("revisions:changes", args=["hallingdal", "regionplan", revision.pk])
    assert "Viktig for Flå." in client.get(changes).text


def test_a_second_import_of_the_input_round_skips_what_exists_and_writes_nothing(
    hallingdal_plan, hallingdal_secretariat_client, hallingdal_secretariat
):
    client = hallingdal_secretariat_client
    input_round_with_answers(hallingdal_secretariat)
    revision = started(client, hallingdal_plan)
    client.post(import_url(revision))
    before = proposals_as_written(revision)
    version = Revision.objects.get(pk=revision.pk).version

    response = client.post(import_url(revision), follow=True)
    assert "0 forslag lagde til frå innspelsrunden." in response.text
    skipped = response.text.split("Hoppa over fordi dei alt hadde eit forslag:")[1]
    for code in ("1.2.1", "2.1.1", "3.1.1"):
        assert str(measure_by_code(code)).split()[0] in skipped.split("</p>")[0]
    assert proposals_as_written(revision) == before
    assert Revision.objects.get(pk=revision.pk).version == version


def test_only_the_secretariat_imports_the_input_round(
    hallingdal_plan,
    hallingdal_secretariat_client,
    hallingdal_reader_client,
    lillehammer_secretariat_client,
    hallingdal_secretariat,
    login,
):
    input_round_with_answers(hallingdal_secretariat)
    revision = started(hallingdal_secretariat_client, hallingdal_plan)
    # A politician reads the draft without the button and may not import.
    assert "innspelsrunden" not in hallingdal_reader_client.get(revision.get_absolute_url()).text
    assert hallingdal_reader_client.post(import_url(revision)).status_code == 403
    assert hallingdal_reader_client.get(import_url(revision)).status_code == 405
    # Another council's secretariat does not even see the unpublished plan.
    Plan.objects.filter(pk=hallingdal_plan.pk).update(published=False)
    assert lillehammer_secretariat_client.post(import_url(revision)).status_code == 404
    # The secretariat's own POST without the CSRF token is refused.
    strict = login("hallingdal-sekretariat", enforce_csrf_checks=True)
    assert strict.post(import_url(revision)).status_code == 403
    assert not revision.proposals.exists()


def test_the_draft_offers_no_import_without_an_answered_input_round(
    hallingdal_plan, hallingdal_secretariat_client, hallingdal_secretariat
):
    client = hallingdal_secretariat_client
    revision = started(client, hallingdal_plan)
    # Whatever the demo holds, the latest round has no answer yet.
    rounds_services.open_round(
        hallingdal_plan,
        title="Ny runde",
        counts=dict.fromkeys(Column, 3),
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        message="",
        emails={},
        user=hallingdal_secretariat,
        base_url="http://testserver/",
    )
    assert "Importer resultata" not in client.get(revision.get_absolute_url()).text
    response = client.post(import_url(revision), follow=True)
    assert "0 forslag lagde til" in response.text
    assert not revision.proposals.exists()
