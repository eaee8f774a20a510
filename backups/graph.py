"""Which models belong to a council, found by walking foreign keys, and how their rows refer.

A model belongs to a council when one of its foreign keys leads, directly or through other
such models, to `plans.Council`. Rows of it belong to the council when any of those keys does
(an OR over the paths: `BudgetLine` reaches it through its group, or its focus area). New
models in any app are found by the walk; `COUNCIL_MODELS` in `tests/test_backups.py` names them
so a test fails when a new one appears and someone has to look at what it needs (a reference
by plain integer, a unique value) before archives are trusted with it.
Derived data (`DERIVED`) is left out on purpose.

Models a council's rows refer to but do not own are linked by a natural key on restore
(`SHARED`): people by username, counties and themes by slug. A foreign key to any other model
outside the council is an error the walk reports, so an unknown reference is never dropped.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

COUNCIL = "plans.council"

# label -> (natural key field, fields copied when the restore has to create the row). Users
# travel without passwords, permissions or superuser rights.
SHARED = {
    settings.AUTH_USER_MODEL.lower(): (
        "username",
        ("username", "first_name", "last_name", "email"),
    ),
    "plans.county": ("slug", ("name", "short_name", "slug", "language", "updated_at")),
    "measures.theme": ("slug", ("name", "slug")),
}

# Derived data a council's rows make, left out of archives though it has a path to the council:
# a restore does without it and it is made again on demand. Prepared files are the plans' PDF
# and Excel exports cached per plan revision (renderings/): large, reproducible from the
# archived rows, and keyed to revision numbers a restored plan may get again anyway.
DERIVED = {"renderings.preparedfile"}


def label(model):
    return model._meta.label_lower


def foreign_keys(model):
    """The model's own concrete foreign keys (one-to-one included), self-references too."""
    return [field for field in model._meta.concrete_fields if field.is_relation]


@cache
def council_paths():
    """{model: [lookup path to the council, one per foreign key that leads there]}, the
    council itself with the empty path. Self-references are left out: they stay inside."""
    council = apps.get_model(COUNCIL)
    paths = {council: [""]}
    models = apps.get_models(include_auto_created=True)
    changed = True
    while changed:  # a fixed point: each pass adds models one key further from the council
        changed = False
        for model in models:
            if label(model) in DERIVED:
                continue
            found = []
            for field in foreign_keys(model):
                target = field.related_model
                if target is model or target not in paths:
                    continue
                rest = min(paths[target], key=lambda path: (path.count("__"), path))
                found.append(f"{field.name}__{rest}" if rest else field.name)
            if model is not council and found and sorted(found) != sorted(paths.get(model, [])):
                paths[model] = found
                changed = True
    return paths


def owned_models():
    """The council's models, each after every model it refers to (restore order)."""
    paths = council_paths()
    owned = set(paths)
    ordered, placed = [], set()
    pending = sorted(owned, key=label)
    while pending:
        progress = False
        for model in list(pending):
            needs = {
                field.related_model
                for field in foreign_keys(model)
                if field.related_model in owned and field.related_model is not model
            }
            if needs <= placed:
                ordered.append(model)
                placed.add(model)
                pending.remove(model)
                progress = True
        if not progress:
            names = ", ".join(label(model) for model in pending)
            raise ImproperlyConfigured(f"The council's models refer in a circle: {names}")
    return ordered


def shared_references(model):
    """{field: shared model label} for the model's foreign keys out of the council; raises for
    a key to a model that is neither the council's nor shared."""
    owned = council_paths()
    found = {}
    for field in foreign_keys(model):
        target = field.related_model
        if target in owned:
            continue
        if label(target) not in SHARED:
            raise ImproperlyConfigured(
                f"{label(model)}.{field.name} refers to {label(target)}, which is neither part "
                "of a council nor linked by a natural key in backups.graph.SHARED."
            )
        found[field] = label(target)
    return found


def rows_of(model, council):
    """The model's rows that belong to `council`, in primary key order."""
    paths = council_paths()[model]
    if paths == [""]:
        condition = Q(pk=council.pk)
    else:
        condition = Q()
        for path in paths:
            condition |= Q(**{path: council})
    manager = model._base_manager
    # Forward keys join to one row each, so the OR needs no DISTINCT.
    return manager.filter(condition).order_by("pk")
