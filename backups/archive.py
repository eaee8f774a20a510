"""One council as one archive, and back: `export_council` and `restore_council`.

The archive is a zip:

- `manifest.json`: what it is (format, application, the schema as the migrations that made
  it), the council, the tables in restore order with their columns and row counts, and the
  SHA-256 of every other member. The zip comment carries the manifest's own SHA-256.
- `data/<app>.<model>.json`: every row of the council's tables, every column as stored:
  timestamps with their microseconds and time zone, foreign keys as ids.
- `shared/<app>.<model>.json`: the people, counties and themes the rows refer to, by natural
  key (`graph.SHARED`); people without passwords.
- `blobs/<sha256>`: binary columns (finalised report PDFs, stored uploads), once each.

Restoring reads and checks the whole archive before it writes anything, then inserts every
row in one transaction with raw inserts: no `save()`, no signals, no `auto_now` (a restore
must not bump plan revisions or restamp history; `signals.council_restored` afterwards lets apps
queue their waiting background work again). Ids are kept where they are free (a restore
into an empty database gives the same rows, ids included); a table whose ids are taken (a
copy beside the original, `--as`) gets new ids, and every reference to them is rewritten,
also the references by plain integer listed in `SOFT_REFERENCES`.
"""

import datetime as dt
import hashlib
import io
import json
import secrets
import zipfile
from collections import defaultdict
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.duration import duration_string

from . import graph
from .signals import council_restored

FORMAT = "regionplan-council-archive"
FORMAT_VERSION = 1
APPLICATION = "regionplan"
COMMENT_PREFIX = f"{FORMAT} manifest-sha256="

# Columns that hold another table's id as a plain integer: {model: {column: how to find the
# table}}; a string names the table, a (column, {value: table}) pair reads it from another
# column. Rewritten with the ids when that table gets new ones; an id of a row that is gone
# (a focus area deleted since) has nothing to follow and stays as it was.
SOFT_REFERENCES = {
    "plans.changerecord": {
        "subject_id": (
            "subject_type",
            {
                "plan": "plans.plan",
                "focusarea": "plans.focusarea",
                "goal": "plans.goal",
                "measure": "measures.measure",
                "financing": "strategies.financing",
            },
        )
    },
    "plans.reportitem": {"focus_area_id_at": "plans.focusarea"},
}


def _new_invitation_digest():
    return hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()


# Unique columns that cannot be copied when the original is still there: {model: {column:
# a fresh value}}. An invitation link belongs to the original council; the copy's invitations
# keep their history but no working link. Any other unique clash refuses the restore.
FRESH_WHEN_TAKEN = {"accounts.invitation": {"token_digest": _new_invitation_digest}}


class ArchiveError(Exception):
    """The archive cannot be restored (or written); the message says why, for the operator."""


# Export -------------------------------------------------------------------------------------


def schema_state(connection):
    """{app label: [leaf migrations]} for the apps whose tables an archive holds."""
    labels = {model._meta.app_label for model in graph.owned_models()}
    labels |= {apps.get_model(name)._meta.app_label for name in graph.SHARED}
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves = defaultdict(list)
    for app_label, name in loader.graph.leaf_nodes():
        if app_label in labels:
            leaves[app_label].append(name)
    return {app_label: sorted(names) for app_label, names in sorted(leaves.items())}


def _columns(model):
    return [field.attname for field in model._meta.concrete_fields]


class _Blobs:
    def __init__(self):
        self.files = {}

    def add(self, data):
        data = bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        self.files[f"blobs/{digest}"] = data
        return {"blob": digest}


def _encode(field, value, blobs):
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return blobs.add(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _table(model, rows, blobs):
    fields = model._meta.concrete_fields
    return {
        "columns": [field.attname for field in fields],
        "rows": [
            [_encode(field, value, blobs) for field, value in zip(fields, row, strict=True)]
            for row in rows
        ],
    }


def _dump(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


def export_council(council, using="default"):
    """The council as archive bytes. Raises ArchiveError when a row of it refers to a row of
    another council (the archive would not be whole)."""
    blobs = _Blobs()
    members, tables = {}, []
    ids = {}
    shared_ids = defaultdict(set)
    owned = graph.owned_models()
    for model in owned:
        queryset = graph.rows_of(model, council).using(using)
        rows = list(queryset.values_list(*_columns(model)))
        pk_index = _columns(model).index(model._meta.pk.attname)
        ids[model] = {row[pk_index] for row in rows}
        name = f"data/{graph.label(model)}.json"
        members[name] = _dump(_table(model, rows, blobs))
        tables.append({"model": graph.label(model), "file": name, "rows": len(rows)})
    # Every reference must stay inside the archive or go to a shared row by natural key.
    for model in owned:
        columns = _columns(model)
        table = json.loads(members[f"data/{graph.label(model)}.json"])
        for field in graph.foreign_keys(model):
            index = columns.index(field.attname)
            values = {row[index] for row in table["rows"] if row[index] is not None}
            if field.related_model in ids:
                stray = values - ids[field.related_model]
                if stray:
                    raise ArchiveError(
                        f"{graph.label(model)}.{field.name} refers to rows of "
                        f"{graph.label(field.related_model)} outside the council: "
                        f"{sorted(stray)[:10]}"
                    )
            else:
                shared_ids[graph.label(field.related_model)] |= values
    for shared_label, wanted in sorted(shared_ids.items()):
        model = apps.get_model(shared_label)
        key, fields = graph.SHARED[shared_label]
        columns = [model._meta.pk.attname, *fields]
        rows = model._base_manager.using(using).filter(pk__in=wanted).order_by("pk")
        concrete = [model._meta.get_field(column) for column in columns]
        name = f"shared/{shared_label}.json"
        members[name] = _dump(
            {
                "key": key,
                "columns": columns,
                "rows": [
                    [_encode(f, v, blobs) for f, v in zip(concrete, row, strict=True)]
                    for row in rows.values_list(*columns)
                ],
            }
        )
    members.update(blobs.files)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "application": APPLICATION,
        "schema": schema_state(connections[using]),
        "council": council.slug,
        "council_name": council.name,
        "exported_at": timezone.now().isoformat(),
        "tables": tables,
        "shared": sorted(name for name in members if name.startswith("shared/")),
        "checksums": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    manifest_bytes = _dump(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = (COMMENT_PREFIX + hashlib.sha256(manifest_bytes).hexdigest()).encode()
        archive.writestr("manifest.json", manifest_bytes)
        for name, data in sorted(members.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


# Reading and checking -----------------------------------------------------------------------


class Archive:
    """An archive read whole and checked: every member there, unchanged, and made by this
    application at this schema. Raises ArchiveError otherwise."""

    def __init__(self, data, connection):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                comment = archive.comment.decode("ascii", "replace")
                files = {info.filename: archive.read(info) for info in archive.infolist()}
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ArchiveError(
                f"This is not a whole council archive (damaged or cut short): {error}"
            ) from error
        manifest_bytes = files.pop("manifest.json", None)
        if manifest_bytes is None or not comment.startswith(COMMENT_PREFIX):
            raise ArchiveError("This is not a Regionplan council archive: it has no manifest.")
        if hashlib.sha256(manifest_bytes).hexdigest() != comment.removeprefix(COMMENT_PREFIX):
            raise ArchiveError("The archive's manifest has been changed: its checksum is wrong.")
        try:
            manifest = json.loads(manifest_bytes)
            self._check_origin(manifest, connection)
            checksums = dict(manifest["checksums"])
            missing = {"council", "tables", "shared"} - set(manifest)
            if missing:
                raise KeyError(", ".join(sorted(missing)))
        except (ValueError, KeyError, TypeError) as error:
            raise ArchiveError(f"The archive's manifest cannot be read: {error!r}") from error
        if set(files) != set(checksums):
            odd = sorted(set(files) ^ set(checksums))
            raise ArchiveError(f"The archive's files do not match its manifest: {odd[:10]}")
        for name, data in files.items():
            if hashlib.sha256(data).hexdigest() != checksums[name]:
                raise ArchiveError(f"{name} in the archive has been changed: wrong checksum.")
        self.manifest = manifest
        self.files = files

    @staticmethod
    def _check_origin(manifest, connection):
        if manifest.get("format") != FORMAT or manifest.get("application") != APPLICATION:
            raise ArchiveError("This is not a Regionplan council archive.")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(
                f"The archive is format version {manifest.get('format_version')}; this "
                f"Regionplan reads version {FORMAT_VERSION}."
            )
        ours = schema_state(connection)
        if manifest.get("schema") != ours:
            differ = sorted(
                app
                for app in set(ours) | set(manifest.get("schema", {}))
                if ours.get(app) != manifest.get("schema", {}).get(app)
            )
            raise ArchiveError(
                "The archive was made at another database schema (apps "
                f"{', '.join(differ)}). Restore it with the Regionplan version that made it, "
                "then upgrade."
            )

    def table(self, name):
        return json.loads(self.files[name])

    def blob(self, reference):
        return self.files[f"blobs/{reference['blob']}"]


def _decode(field, value, archive):
    if value is None:
        return None
    try:
        if isinstance(field, models.BinaryField):
            return archive.blob(value)
        return field.to_python(value)
    except (ValidationError, KeyError, TypeError) as error:
        name = f"{graph.label(field.model)}.{field.name}"
        raise ArchiveError(f"{name} holds a value this version cannot read: {value!r}") from error


# Restore ------------------------------------------------------------------------------------


def _raw_insert(model, objects, using, returning):
    """INSERT without save(), signals or auto_now/auto_now_add: the values as given. With
    `returning`, the database numbers the rows and their new ids come back in order."""
    fields = [
        field for field in model._meta.concrete_fields if not (returning and field.primary_key)
    ]
    returned = []
    for start in range(0, len(objects), 500):
        batch = objects[start : start + 500]
        result = model._base_manager._insert(
            batch,
            fields=fields,
            returning_fields=[model._meta.pk] if returning else None,
            raw=True,
            using=using,
        )
        if returning:
            returned.extend(row[0] for row in result)
    return returned


def _restore_shared(archive, using):
    """{label: {archived id: id here}}: existing rows by natural key, the missing created."""
    user_label = settings.AUTH_USER_MODEL.lower()
    mapping = {}
    for name in archive.manifest["shared"]:
        shared_label = name.removeprefix("shared/").removesuffix(".json")
        if shared_label not in graph.SHARED:
            raise ArchiveError(f"The archive refers to {shared_label}, which this version lacks.")
        model = apps.get_model(shared_label)
        table = archive.table(name)
        key = table["key"]
        columns = table["columns"]
        mapping[shared_label] = found = {}
        for row in table["rows"]:
            values = {
                column: _decode(model._meta.get_field(column), value, archive)
                for column, value in zip(columns[1:], row[1:], strict=True)
            }
            existing = model._base_manager.using(using).filter(**{key: values[key]}).first()
            if existing is None and shared_label == "measures.theme":
                # A theme of the same name under another slug is the same theme.
                existing = (
                    model._base_manager.using(using).filter(name__iexact=values["name"]).first()
                )
            if existing is None:
                existing = model(**values)
                if shared_label == user_label:
                    existing.password = make_password(None)  # unusable: they set one by mail
                try:
                    existing.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as error:
                    raise ArchiveError(f"{shared_label} {values[key]!r}: {error}") from error
                # The archived id where it is free: a restore into an empty database gives
                # the same ids the rows refer to.
                if not model._base_manager.using(using).filter(pk=row[0]).exists():
                    existing.pk = row[0]
                _raw_insert_one(model, existing, using)
            found[row[0]] = existing.pk
    return mapping


def _raw_insert_one(model, instance, using):
    for field in model._meta.concrete_fields:
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if auto and getattr(instance, field.attname) is None:
            setattr(instance, field.attname, timezone.now())
    returning = instance.pk is None
    new_ids = _raw_insert(model, [instance], using, returning=returning)
    if returning:
        instance.pk = new_ids[0]


def _self_reference_order(model, rows, pk_index):
    """Rows ordered so each comes after the row of its own table it refers to."""
    self_keys = [
        _index
        for _index, field in enumerate(model._meta.concrete_fields)
        if field.is_relation and field.related_model is model
    ]
    if not self_keys:
        return [rows]
    waves, placed, pending = [], set(), list(rows)
    while pending:
        wave = [
            row for row in pending if all(row[i] is None or row[i] in placed for i in self_keys)
        ]
        if not wave:
            raise ArchiveError(f"{graph.label(model)} rows refer to each other in a circle.")
        waves.append(wave)
        placed |= {row[pk_index] for row in wave}
        pending = [row for row in pending if row[pk_index] not in placed]
    return waves


def restore_council(data, new_slug=None, using="default"):
    """Restore archive bytes; returns (council, {label: rows}, {labels given new ids}, notes:
    what apps could not queue again, for the operator). Writes nothing unless everything is
    restored."""
    connection = connections[using]
    archive = Archive(data, connection)
    manifest = archive.manifest
    owned = {graph.label(model): model for model in graph.owned_models()}
    tables = {entry["model"]: entry for entry in manifest["tables"]}
    if set(tables) != set(owned):
        odd = sorted(set(tables) ^ set(owned))
        raise ArchiveError(f"The archive's tables do not match this version's: {odd}")
    council_model = apps.get_model(graph.COUNCIL)
    slug = new_slug or manifest["council"]
    try:
        council_model._meta.get_field("slug").run_validators(slug)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise ArchiveError(f"{slug!r} cannot be a council's slug: {message}") from error
    if council_model._base_manager.using(using).filter(slug=slug).exists():
        raise ArchiveError(
            f"A council {slug!r} is already here. Restore beside it with --as NEW-SLUG."
        )
    try:
        return _restore(archive, tables, slug, connection, using)
    except IntegrityError as error:  # e.g. a deferred foreign key, checked at commit
        raise ArchiveError(f"The archive's rows do not fit this database: {error}") from error


def _restore(archive, tables, slug, connection, using):
    council_model = apps.get_model(graph.COUNCIL)
    counts, renumbered = {}, []
    with transaction.atomic(using=using):
        ids = _restore_shared(archive, using)
        for model in graph.owned_models():
            model_label = graph.label(model)
            table = archive.table(tables[model_label]["file"])
            columns = table["columns"]
            fields = model._meta.concrete_fields
            if columns != [field.attname for field in fields]:
                raise ArchiveError(f"{model_label} has other columns here than in the archive.")
            rows = [
                [_decode(field, value, archive) for field, value in zip(fields, row, strict=True)]
                for row in table["rows"]
            ]
            pk_index = columns.index(model._meta.pk.attname)
            archived_ids = [row[pk_index] for row in rows]
            manager = model._base_manager.using(using)
            keep_ids = not any(
                manager.filter(pk__in=archived_ids[start : start + 500]).exists()
                for start in range(0, len(archived_ids), 500)
            )
            mapping = ids.setdefault(model_label, {})
            fresh = FRESH_WHEN_TAKEN.get(model_label, {})
            soft = SOFT_REFERENCES.get(model_label, {})
            for wave in _self_reference_order(model, rows, pk_index):
                objects = []
                for row in wave:
                    values = dict(zip(columns, row, strict=True))
                    for field in fields:
                        if field.is_relation and values[field.attname] is not None:
                            target = ids.get(graph.label(field.related_model), {})
                            if values[field.attname] not in target:
                                raise ArchiveError(
                                    f"{model_label}.{field.name} refers to a row the archive lacks."
                                )
                            values[field.attname] = target[values[field.attname]]
                    for column, table_of in soft.items():
                        if isinstance(table_of, tuple):
                            type_column, tables_by_type = table_of
                            table_of = tables_by_type.get(values[type_column])
                        values[column] = ids.get(table_of, {}).get(values[column], values[column])
                    if model_label == graph.COUNCIL:
                        values["slug"] = slug
                    for column, make in fresh.items():
                        if manager.filter(**{column: values[column]}).exists():
                            values[column] = make()
                    if not keep_ids:
                        # A UUID key is drawn afresh; a numbered one comes from the database.
                        pk = model._meta.pk
                        values[pk.attname] = pk.get_default() if pk.has_default() else None
                    objects.append(model(**values))
                returning = not keep_ids and not model._meta.pk.has_default()
                new_ids = _raw_insert(model, objects, using, returning=returning)
                if not returning:
                    new_ids = [obj.pk for obj in objects]
                for row, new_id in zip(wave, new_ids, strict=True):
                    mapping[row[pk_index]] = new_id
            counts[model_label] = len(rows)
            if not keep_ids:
                renumbered.append(model_label)
        models_written = [*graph.owned_models(), *map(apps.get_model, graph.SHARED)]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(statement)
        council = council_model._base_manager.using(using).get(slug=slug)
        answers = council_restored.send(sender=council_model, council=council, using=using)
    notes = [note for _receiver, note in answers if note]
    return council, counts, renumbered, notes
