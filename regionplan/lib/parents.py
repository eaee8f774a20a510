"""Rows that remember the parent they were read with.

A save that moves a row to another parent (the admin can move a measure to a goal of another
plan, a goal or focus area likewise) must outdate the pages of the plan it left as well as the
one it joined (plans/signals.py). Remembered when the row is read or saved, so it costs no
query.
"""


class RemembersParent:
    """Mixin for a model whose `PARENT` names its parent key (e.g. "goal_id")."""

    PARENT = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if cls.PARENT in field_names:
            instance.parent_when_read = getattr(instance, cls.PARENT)
        return instance

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=update_fields, **kwargs)  # signals see the old parent
        parent_field = self._meta.get_field(self.PARENT.removesuffix("_id"))
        if update_fields is None or {parent_field.name, parent_field.attname} & set(update_fields):
            self.parent_when_read = getattr(self, self.PARENT)

    def parent_ids(self):
        """The parent it has and the one stored before: both show it, or showed it."""
        return {getattr(self, self.PARENT), getattr(self, "parent_when_read", None)} - {None}
