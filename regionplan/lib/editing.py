"""The editing core: what every editable thing (a measure, a goal, a budget line) shares.

- Edits carry the version the editor saw. `save_versioned` is a compare-and-set on it: if
  someone saved in between, nothing is written and `EditConflict` carries what is saved now,
  so the editor can compare it with theirs (templates/lib/conflict.html) and choose.
- Archiving hides a row everywhere without deleting it; restoring brings it back.
- Moving swaps a row with its neighbour and renumbers the siblings 1..n.

Each app wraps these in its own service functions, which take their locks first (the plan or
the budget) and write their own audit records through the `record`/`audit` callables.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone


class EditConflict(Exception):
    def __init__(self, current):
        super().__init__("Changed by someone else since it was opened.")
        self.current = current


class Archived(Exception):
    def __init__(self, current):
        super().__init__("Archived: restore it before changing it.")
        self.current = current


@transaction.atomic(savepoint=False)
def save_versioned(obj, values, *, expected_version, audit):
    """Apply `values` if `obj` is still at `expected_version`; returns the saved object.

    `audit(current, field, old, new)` makes the (unsaved) record of each changed field, or None
    for a change not recorded; they are written together. Raises EditConflict, or Archived for
    an archived row.
    """
    manager = type(obj)._base_manager
    claimed = manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(manager.get(pk=obj.pk))
    current = manager.select_for_update().get(pk=obj.pk)
    if getattr(current, "archived_at", None):
        raise Archived(current)
    before = {field: getattr(current, field) for field in values}
    for field, value in values.items():
        setattr(current, field, value)
    current.save()  # normalises text and derived fields before we compare
    records = [
        audit(current, field, before[field], getattr(current, field))
        for field in values
        if getattr(current, field) != before[field]
    ]
    records = [record for record in records if record is not None]
    if records:
        type(records[0]).objects.bulk_create(records)
    return current


def next_order(queryset):
    """The order number after the last of `queryset` (archived rows included)."""
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic(savepoint=False)
def set_archived(obj, archived, *, record, siblings, keep_place=False):
    """Archive or restore; `record(current, archived)` writes the audit record. A restored row
    comes back last among `siblings` (the active rows it belongs with), whose order may have been
    renumbered while it was away; with `keep_place` (undoing an archive) it takes its old place
    again if no sibling has taken that number since. Returns the row as saved, unchanged (and
    unrecorded) if it already was as asked."""
    current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    if bool(current.archived_at) == archived:
        return current
    if not archived and not (keep_place and not siblings.filter(order=current.order).exists()):
        current.order = next_order(siblings)
    current.archived_at = timezone.now() if archived else None
    current.version += 1
    current.save()
    record(current, archived)
    return current


def move_among(siblings, obj, step):
    """Move `obj` one place up (step -1) or down (+1) among `siblings` (a queryset) and number
    them 1..n. Returns (old position, new position), or None when it is already at the end."""
    ordered = list(siblings.order_by("order", "id"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == obj.pk)
    target = index + step
    if not 0 <= target < len(ordered):
        return None
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.order != position:
            type(sibling)._base_manager.filter(pk=sibling.pk).update(order=position)
    return index + 1, target + 1
