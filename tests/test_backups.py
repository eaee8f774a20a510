"""Council archives: export_council and restore_council (backups/).

The round trip restores into a new, empty database made by `manage.py migrate` in another
process, on the same engine the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), and
compares every table row by row as the database returns it.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.fields import AutoFieldMixin
from django.db.utils import load_backend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from helpers import run_worker

from accounts.invitations import invite
from backups import archive as archive_module
from backups import graph
from budgets.models import Budget, BudgetChange
from measures.models import Measure
from owners.models import Contact, OutgoingMail, Party
from owners.models import Proposal as PartyProposal
from owners.requests import start_request
from plans.models import (
    ChangeRecord,
    Council,
    ImportUpload,
    Plan,
    PlanImport,
    StatusReport,
)
from revisions import services as revisions
from revisions.models import Proposal as RevisionProposal
from rounds.models import Column, InputRound, Invitation
from rounds.services import open_round, submit_answer
from strategies.models import Financing, FundingSource, GoalLink, MeasureLink

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DEMO_COUNCILS = ["hallingdal", "lillehammer-regionen", "nord-gudbrandsdal"]

# Every model that belongs to a council. A new model with a foreign key path to a council
# fails `test_every_model_with_a_path_to_a_council_is_archived` until it is added here, after
# checking what backups/archive.py needs to know about it (ids kept in plain integer columns:
# SOFT_REFERENCES; unique values a copy cannot share: FRESH_WHEN_TAKEN), and the activity
# fixture below gives it a row so the round trip proves it.
COUNCIL_MODELS = {
    "accounts.invitation",
    "budgets.budget",
    "budgets.budgetchange",
    "budgets.budgetgroup",
    "budgets.budgetline",
    "budgets.contribution",
    "measures.measure",
    "measures.measure_themes",
    "measures.statuschange",
    "owners.addressee",
    "owners.addressee_measures",
    "owners.contact",
    "owners.outgoingmail",
    "owners.party",
    "owners.party_measures",
    "owners.proposal",
    "owners.statusrequest",
    "owners.statusrequest_focus_areas",
    "plans.changerecord",
    "plans.council",
    "plans.councilchange",
    "plans.countyrelation",
    "plans.focusarea",
    "plans.goal",
    "plans.importupload",
    "plans.membership",
    "plans.municipality",
    "plans.plan",
    "plans.planimport",
    "plans.planimport_status_changes",
    "plans.reportitem",
    "plans.statusreport",
    "plans.statusreport_covered_areas",
    "plans.targetshare",
    "revisions.proposal",
    "revisions.revision",
    "rounds.answer",
    "rounds.choice",
    "rounds.inputround",
    "rounds.invitation",
    "strategies.financing",
    "strategies.fundingsource",
    "strategies.goallink",
    "strategies.measurelink",
}


def owned_labels():
    return {graph.label(model) for model in graph.owned_models()}


def row_counts():
    """Rows in every table a restore may write to."""
    tables = [*graph.owned_models(), *map(apps.get_model, graph.SHARED)]
    return {graph.label(model): model._base_manager.count() for model in tables}


@pytest.fixture
def council_activity(django_user_model):
    """What a council's year leaves behind that the demo lacks: field edits, an import with
    its status changes, an invitation, budget changes, an upload awaiting confirmation, an
    agenda item covering chosen focus areas; a status request to responsible parties with an
    answer, an answered input round, a strategy's financing and goal links, an adopted
    revision (a superseded plan, measures with predecessors). Every council table then has
    rows."""
    user = django_user_model.objects.get(username="hallingdal-sekretariat")
    plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
    measure = Measure.objects.filter(goal__focus_area__plan=plan).order_by("pk")[1]
    change = measure.change_status("yellow", comment="Førebudd, men «seint» ute", user=user)
    plan_import = PlanImport.objects.create(
        plan=plan, mode=PlanImport.Mode.UPDATE, filename="handlingsplan.xlsx", changed_by=user
    )
    plan_import.status_changes.add(change)
    ChangeRecord.of(
        measure, ChangeRecord.Action.UPDATED, user, field="text", old=measure.text, new="Ny tekst"
    ).save()
    focus_area = plan.focus_areas.order_by("pk").last()
    ChangeRecord.of(focus_area, ChangeRecord.Action.UPDATED, user, field="title").save()
    ChangeRecord.objects.create(
        **measure.audit_subject(),
        subject_type="measure",
        subject_id=measure.pk,
        action=ChangeRecord.Action.UPDATED,
        field="status",
        plan_import=plan_import,
        changed_by=user,
    )
    invite(plan.council, "ny.politikar@example.no", "reader", user=user)
    budget = Budget.objects.get(council__slug="lillehammer-regionen", year=2026)
    BudgetChange.objects.create(
        budget=budget, subject_label="Ramme", action="updated", field="amount", new_value="1"
    )
    ImportUpload.objects.create(
        id=uuid.uuid4(),
        council=plan.council,
        uploaded_by=user,
        filename="ny plan.xlsx",
        parsed=b"\x00\x01binary\xff",
        title="Ny plan",
        kind="handlingsplan",
    )
    StatusReport.objects.filter(plan=plan).first().covered_areas.add(focus_area)

    # Responsible parties asked for a status, one answering through its link.
    party = Party.objects.create(council=plan.council, name="Statens vegvesen", slug="vegvesen")
    party.measures.add(measure)
    contact = Contact.objects.create(party=party, name="Kari Veg", email="kari@example.no")
    request = start_request(
        plan,
        focus_areas=[measure.goal.focus_area],
        deadline=timezone.localdate() + timedelta(days=14),
        message="Kva er status?",
        user=user,
        site_url="https://regionplan.example.no",
    )
    PartyProposal.objects.create(
        addressee=request.addressees.get(party=party),
        measure=measure,
        status="yellow",
        comment="Seint ute",
        proposed_by=contact,
        status_change=change,
    )
    # An input round the municipalities answer; one invitation's mail is still queued.
    municipalities = plan.council.municipalities.order_by("number")
    round_ = open_round(
        plan,
        title="Innspel 2026",
        counts={Column.PRIORITISE: 1, Column.REMOVE: 1, Column.SHARPEN: 0},
        deadline=timezone.localdate() + timedelta(days=30),
        message="",
        emails={municipalities[1].pk: "postmottak@kommune.example.no"},
        user=user,
        base_url="https://regionplan.example.no/",
    )
    submit_answer(
        round_.invitations.order_by("pk").first(),
        [(Column.PRIORITISE, measure, "Viktig")],
        channel="letter",
        answered_by="Ordføraren",
        user=user,
    )
    # A strategy's financing, and goals and measures linked to the strategy's goals.
    strategy = Plan.objects.exclude(pk__in=Financing.objects.values("strategy")).first()
    financing = Financing.objects.create(strategy=strategy, note="Partnarskap")
    FundingSource.objects.create(financing=financing, order=1, source="Fylket", amount=100_000)
    serves = measure.goal
    GoalLink.objects.create(goal=focus_area.goals.order_by("pk").first(), serves=serves)
    linked = Measure.objects.filter(goal__focus_area__plan=plan).exclude(goal=serves).first()
    MeasureLink.objects.create(measure=linked, serves=serves)
    # A revision adopted: a new version superseding the plan, measures with predecessors.
    other = Plan.objects.filter(council__slug="nord-gudbrandsdal").order_by("pk").first()
    revision, _ = revisions.start_revision(other, user=user)
    kept = Measure.objects.filter(goal__focus_area__plan=other).order_by("pk").first()
    revisions.add_proposal(
        revision,
        RevisionProposal(
            kind="keep", level="measure", measure=kept, reason="Går bra", source="secretariat"
        ),
        user=user,
    )
    revision.refresh_from_db()
    revisions.adopt(
        revision,
        title=other.title,
        adopted_on=timezone.localdate(),
        adopted_by="Regionrådet",
        case_number="26/1",
        expected_version=revision.version,
        user=user,
    )


def export(slug, path):
    call_command("export_council", slug, "--output", str(path), stdout=io.StringIO())
    return path.read_bytes()


def rewrite(data, change):
    """The archive with `change(files)` applied to its members; the manifest and the zip
    comment are carried over untouched unless `change` replaces them too."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
        comment = source.comment
    comment = change(files) or comment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        target.comment = comment
        for name, content in files.items():
            target.writestr(name, content)
    return buffer.getvalue()


def resealed(files, manifest):
    """Manifest and comment made consistent again: an archive a bug could have written."""
    for name, content in files.items():
        if name != "manifest.json":
            manifest["checksums"][name] = hashlib.sha256(content).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    digest = hashlib.sha256(files["manifest.json"]).hexdigest()
    return (archive_module.COMMENT_PREFIX + digest).encode()


# Which models -----------------------------------------------------------------------------


def test_every_model_with_a_path_to_a_council_is_archived():
    assert owned_labels() == COUNCIL_MODELS
    assert not COUNCIL_MODELS & graph.DERIVED
    # Independently of the walk: a model with a key to a council model is a council model,
    # unless it is derived data left out on purpose (graph.DERIVED).
    for model in apps.get_models(include_auto_created=True):
        targets = {graph.label(field.related_model) for field in graph.foreign_keys(model)}
        if targets & COUNCIL_MODELS and graph.label(model) not in graph.DERIVED:
            assert graph.label(model) in COUNCIL_MODELS, graph.label(model)
    # Nothing archived refers to a left-out model: a restore could not satisfy the key.
    for model in graph.owned_models():
        targets = {graph.label(field.related_model) for field in graph.foreign_keys(model)}
        assert not targets & graph.DERIVED, graph.label(model)


def test_every_key_out_of_a_council_goes_to_a_model_linked_by_natural_key():
    for model in graph.owned_models():
        graph.shared_references(model)  # raises for an unknown reference


# Round trip into an empty database --------------------------------------------------------


def empty_database(tmp_path):
    """(settings of a new empty database on the suite's engine, DATABASE_URL for it, drop)."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        settings["NAME"] = str(path)
        return settings, f"sqlite:///{path}", lambda: None
    assert connection.vendor == "postgresql"
    name = f"{settings['NAME']}_restore"[:63]

    def drop():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    drop()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings["NAME"] = name
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    return settings, url, drop


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "regionplan.test_settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def table_rows(cursor, model, ids=None):
    """The rows as the database returns them, in id order; bytes for binary columns."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)}"
    if ids is not None:
        sql += f" WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})"
    params = [model._meta.pk.get_db_prep_value(pk, connection) for pk in ids or []]
    cursor.execute(sql + f" ORDER BY {quote(model._meta.pk.column)}", params)
    return [
        tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        for row in cursor.fetchall()
    ]


def test_restore_into_an_empty_database_reproduces_every_row_exactly(council_activity, tmp_path):
    archives = {slug: export(slug, tmp_path / f"{slug}.zip") for slug in DEMO_COUNCILS}
    settings, url, drop = empty_database(tmp_path)
    try:
        migrated = manage(url, "migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        for slug in DEMO_COUNCILS:
            restored = manage(url, "restore_council", str(tmp_path / f"{slug}.zip"))
            assert restored.returncode == 0, restored.stderr
            assert f"Restored council {slug}" in restored.stdout

        target = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias="restored")
        compared, microseconds = set(), 0
        try:
            with connection.cursor() as here, target.cursor() as there:
                for model in graph.owned_models():
                    ids = []
                    for council in Council.objects.filter(slug__in=DEMO_COUNCILS):
                        ids += graph.rows_of(model, council).values_list("pk", flat=True)
                    original = table_rows(here, model, ids) if ids else []
                    assert table_rows(there, model) == original, graph.label(model)
                    if original:
                        compared.add(graph.label(model))
                    microseconds += sum(
                        1
                        for row in original
                        for value in row
                        if getattr(value, "microsecond", 0)
                        or (isinstance(value, str) and value[:4].isdigit() and "." in value[19:20])
                    )
                if connection.vendor == "postgresql":
                    # The next row gets an id after the restored ones (sequences moved on).
                    for model in graph.owned_models():
                        if isinstance(model._meta.pk, AutoFieldMixin):
                            table, column = model._meta.db_table, model._meta.pk.column
                            there.execute(
                                f"SELECT nextval(pg_get_serial_sequence('{table}', '{column}')),"
                                f' (SELECT max("{column}") FROM "{table}")'
                            )
                            next_id, highest = there.fetchone()
                            assert highest is None or next_id > highest, table
                people_sql = "SELECT id, username, first_name, last_name, email FROM auth_user"
                there.execute(people_sql + " ORDER BY id")
                people = there.fetchall()
                marks = ", ".join(["%s"] * len(people))
                here.execute(
                    f"{people_sql} WHERE username IN ({marks}) ORDER BY id",
                    [row[1] for row in people],
                )
                people_here = here.fetchall()
                there.execute("SELECT password FROM auth_user")
                passwords = [password for (password,) in there]
        finally:
            target.close()
    finally:
        drop()
    # Every council table had rows to compare, and timestamps carried their microseconds.
    assert compared == COUNCIL_MODELS
    assert microseconds > 0
    # People came along by name and e-mail, none with a password that signs in.
    assert people == people_here
    assert "hallingdal-sekretariat" in [row[1] for row in people]
    assert all(password.startswith("!") for password in passwords)
    for data in archives.values():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            users = json.loads(archive.read("shared/auth.user.json"))
        assert "password" not in users["columns"]


def test_restore_of_the_council_it_already_has_is_refused(tmp_path):
    data = export("hallingdal", tmp_path / "h.zip")
    with pytest.raises(CommandError, match="already here"):
        call_command("restore_council", str(tmp_path / "h.zip"))
    assert data


# Refusals: nothing written ----------------------------------------------------------------


def refused(tmp_path, data, message):
    path = tmp_path / "damaged.zip"
    path.write_bytes(data)
    before = row_counts()
    with pytest.raises(CommandError, match=message) as raised:
        call_command("restore_council", str(path), "--as", "hallingdal-kopi")
    assert "Nothing restored" in str(raised.value)
    assert row_counts() == before
    assert not Council.objects.filter(slug="hallingdal-kopi").exists()


def test_a_truncated_archive_is_refused_with_nothing_written(council_activity, tmp_path):
    data = export("hallingdal", tmp_path / "h.zip")
    refused(tmp_path, data[: len(data) * 2 // 3], "damaged or cut short")


def test_an_archive_with_an_edited_table_is_refused_with_nothing_written(
    council_activity, tmp_path
):
    data = export("hallingdal", tmp_path / "h.zip")

    def edit(files):
        name = "data/measures.statuschange.json"
        files[name] = files[name].replace(b"yellow", b"green", 1)

    refused(tmp_path, rewrite(data, edit), "measures.statuschange.json .*changed")


def test_an_archive_with_an_edited_manifest_is_refused_with_nothing_written(tmp_path):
    data = export("hallingdal", tmp_path / "h.zip")

    def edit(files):
        files["manifest.json"] = files["manifest.json"].replace(b"hallingdal", b"hallingdak", 1)

    refused(tmp_path, rewrite(data, edit), "manifest has been changed")


def test_an_archive_of_another_schema_version_is_refused_with_nothing_written(tmp_path):
    data = export("hallingdal", tmp_path / "h.zip")

    def older(files):
        manifest = json.loads(files["manifest.json"])
        manifest["schema"]["measures"] = ["0006_older"]
        return resealed(files, manifest)

    refused(tmp_path, rewrite(data, older), "another database schema .*measures")


def test_a_zip_that_is_not_a_council_archive_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as other:
        other.writestr("xl/workbook.xml", "<workbook/>")
    refused(tmp_path, buffer.getvalue(), "not a Regionplan council archive")


def test_a_failure_halfway_through_the_restore_writes_nothing(council_activity, tmp_path):
    """Users and early tables are written before a late table fails: all rolled back."""
    data = export("hallingdal", tmp_path / "h.zip")

    def stray_reference(files):
        name = "data/plans.reportitem.json"
        table = json.loads(files[name])
        table["rows"][0][table["columns"].index("measure_id")] = 987654321
        files[name] = json.dumps(table).encode()
        files["shared/auth.user.json"] = json.dumps(
            {
                **json.loads(files["shared/auth.user.json"]),
                "rows": [
                    *json.loads(files["shared/auth.user.json"])["rows"],
                    [987654321, "ny-person", "Ny", "Person", "ny@example.no"],
                ],
            }
        ).encode()
        return resealed(files, json.loads(files["manifest.json"]))

    refused(tmp_path, rewrite(data, stray_reference), "reportitem.measure refers to a row")


# Beside the original ----------------------------------------------------------------------


def test_restore_as_a_new_slug_copies_the_council_beside_the_original(
    council_activity, tmp_path, admin_client
):
    export("hallingdal", tmp_path / "h.zip")
    original = Council.objects.get(slug="hallingdal")
    before = {
        graph.label(model): list(graph.rows_of(model, original).values_list())
        for model in graph.owned_models()
    }
    out = io.StringIO()
    call_command("restore_council", str(tmp_path / "h.zip"), "--as", "hallingdal-kopi", stdout=out)
    assert "Restored council hallingdal-kopi" in out.getvalue()

    copy = Council.objects.get(slug="hallingdal-kopi")
    for model in graph.owned_models():
        rows = list(graph.rows_of(model, original).values_list())
        assert rows == before[graph.label(model)], f"original changed: {graph.label(model)}"
        assert graph.rows_of(model, copy).count() == len(rows), graph.label(model)

    # The same measures with the same history, timestamps and revisions, under new ids.
    fields = ["code", "text", "status", "comment", "version", "updated_at", "archived_at"]
    in_plan = "goal__focus_area__plan__council"
    assert list(
        Measure.all_objects.filter(**{in_plan: copy}).order_by("pk").values_list(*fields)
    ) == list(Measure.all_objects.filter(**{in_plan: original}).order_by("pk").values_list(*fields))
    plan, plan_copy = Plan.objects.get(council=original), Plan.objects.get(council=copy)
    assert (plan_copy.revision, plan_copy.updated_at) == (plan.revision, plan.updated_at)
    assert plan_copy.pk != plan.pk
    # Ids kept in plain integer columns follow the copy.
    for record in ChangeRecord.objects.filter(plan=plan_copy, subject_type="measure"):
        assert Measure.all_objects.get(pk=record.subject_id).goal.focus_area.plan == plan_copy
    report = StatusReport.objects.get(plan=plan_copy)
    assert set(report.items.values_list("focus_area_id_at", flat=True)) <= set(
        plan_copy.focus_areas.values_list("pk", flat=True)
    )
    assert report.pdf == StatusReport.objects.get(plan=plan).pdf
    # The same people, linked by username: no new users.
    assert sorted(copy.memberships.values_list("user__username", "role")) == sorted(
        original.memberships.values_list("user__username", "role")
    )
    # The copy's invitation link is its own: the original's link opens only the original.
    assert set(copy.invitations.values_list("token_digest", flat=True)).isdisjoint(
        original.invitations.values_list("token_digest", flat=True)
    )
    page = admin_client.get(f"/hallingdal-kopi/{plan_copy.slug}/")
    assert page.status_code == 200
    assert plan_copy.title in page.content.decode()


def test_a_restored_pending_invitation_keeps_its_expiry(council_activity, tmp_path):
    export("hallingdal", tmp_path / "h.zip")
    call_command("restore_council", str(tmp_path / "h.zip"), "--as", "h2", stdout=io.StringIO())
    original = Council.objects.get(slug="hallingdal").invitations.get()
    copy = Council.objects.get(slug="h2").invitations.get()
    assert copy.expires_at == original.expires_at
    assert original.expires_at - original.created_at == timedelta(days=7)
    assert copy.created_at <= timezone.now()


def test_a_restored_councils_unsent_mails_are_queued_again_and_sent(council_activity, tmp_path):

    export("hallingdal", tmp_path / "h.zip")
    DBTaskResult.objects.all().delete()  # as on the server the council moves to
    call_command("restore_council", str(tmp_path / "h.zip"), "--as", "h2", stdout=io.StringIO())
    waiting = OutgoingMail.objects.filter(
        addressee__request__plan__council__slug="h2", state=OutgoingMail.State.QUEUED
    )
    assert waiting.exists()
    queued = {
        tuple(task.args_kwargs["args"])
        for task in DBTaskResult.objects.filter(task_path__startswith="owners.")
    }
    assert queued == {(pk,) for pk in waiting.values_list("pk", flat=True)}
    run_worker()
    # The request mails are due and go out; reminders wait for their day with their tasks.
    assert not waiting.filter(send_at__lte=timezone.now()).exists()
    assert any("kari@example.no" in message.to[0] for message in mail.outbox)
    assert waiting.filter(kind=OutgoingMail.Kind.REMINDER_BEFORE).exists()


def test_a_restored_rounds_unsent_invitation_is_queued_again_and_links_to_the_same_site(
    council_activity, tmp_path
):
    export("hallingdal", tmp_path / "h.zip")
    DBTaskResult.objects.all().delete()  # as on the server the council moves to
    mail.outbox.clear()
    call_command("restore_council", str(tmp_path / "h.zip"), "--as", "h2", stdout=io.StringIO())
    copy = Invitation.objects.get(
        round__plan__council__slug="h2", email="postmottak@kommune.example.no"
    )
    queued = [
        task.args_kwargs["args"]
        for task in DBTaskResult.objects.filter(task_path__startswith="rounds.")
    ]
    # Only the one never mailed: not the one answered by letter, not the original's.
    assert queued == [[copy.pk, "https://regionplan.example.no/"]]
    run_worker()
    (sent,) = [m for m in mail.outbox if m.to == ["postmottak@kommune.example.no"]]
    assert "https://regionplan.example.no" + copy.answer_path() in sent.body
    copy.refresh_from_db()
    assert copy.mailed_at is not None


def test_a_restored_invitation_past_its_deadline_or_without_a_site_is_not_mailed(
    council_activity, tmp_path
):
    round_ = InputRound.objects.get(plan__council__slug="hallingdal", title="Innspel 2026")
    InputRound.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(1))
    export("hallingdal", tmp_path / "late.zip")
    InputRound.objects.filter(pk=round_.pk).update(deadline=round_.deadline, site_url="")
    export("hallingdal", tmp_path / "old.zip")
    DBTaskResult.objects.all().delete()
    call_command("restore_council", str(tmp_path / "late.zip"), "--as", "h2", stdout=io.StringIO())
    assert not DBTaskResult.objects.filter(task_path__startswith="rounds.").exists()
    out = io.StringIO()
    call_command("restore_council", str(tmp_path / "old.zip"), "--as", "h3", stdout=out)
    assert not DBTaskResult.objects.filter(task_path__startswith="rounds.").exists()
    assert "1 input-round invitation(s) had not been mailed" in out.getvalue()


def test_export_council_names_the_councils_when_the_slug_is_unknown(tmp_path):
    with pytest.raises(CommandError, match="hallingdal"):
        call_command("export_council", "ukjent", "--output", str(tmp_path / "x.zip"))


def test_export_and_restore_take_a_fixed_number_of_queries_per_table(
    council_activity, tmp_path, django_assert_max_num_queries
):
    """One read per table on export; on restore a few per table and per person, however
    many rows (inserts go in batches)."""
    council = Council.objects.get(slug="hallingdal")
    tables = len(COUNCIL_MODELS)
    with django_assert_max_num_queries(tables + len(graph.SHARED) + 2):
        data = archive_module.export_council(council)
    people = council.memberships.count() + 2
    with django_assert_max_num_queries(4 * tables + 4 * people + 10):
        archive_module.restore_council(data, new_slug="hallingdal-kopi")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the snapshot is PostgreSQL's")
def test_export_council_outside_a_transaction_reads_one_snapshot(tmp_path):
    """Run as an operator runs it: its own process, so it opens the repeatable-read snapshot
    (inside the test's transaction it cannot); the demo data is committed."""
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    path = tmp_path / "n.zip"
    exported = manage(url, "export_council", "nord-gudbrandsdal", "--output", str(path))
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["council"] == "nord-gudbrandsdal"
