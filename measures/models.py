from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import ChangeRecord, Goal, Plan
from regionplan.lib.audit import AuditRecord
from regionplan.lib.managers import ActiveManager
from regionplan.lib.parents import RemembersParent
from regionplan.lib.text import (
    normalise_line,
    normalise_text,
    norwegian_slug,
    reject_hidden_controls,
)
from regionplan.lib.transactions import retry_deadlocks

from .due import parse_due
from .parties import encode_parties, parse_parties
from .status import Status


class Theme(models.Model):
    """A subject measures of many councils share ("Kollektivtransport", "Rekruttering helse"),
    so a county sees every council's measures on it in one list. One list of themes for all
    councils; a secretariat picks from it or adds a name when tagging a measure."""

    name = models.CharField(_("name"), max_length=60, validators=[reject_hidden_controls])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = [Lower("name")]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unique_theme_name_any_case"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_line(self.name)
        if not self.slug:
            self.slug = unique_theme_slug(self.name)
        super().save(*args, **kwargs)


def unique_theme_slug(name):
    base = norwegian_slug(name, max_length=70) or "tema"
    taken = set(Theme.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


class Measure(RemembersParent, models.Model):
    """A tiltak: the unit whose status the secretariat keeps current."""

    PARENT = "goal_id"

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="measures", verbose_name=_("goal")
    )
    # Not unique: real plans repeat codes (Hallingdal has two 5.4.1 and two 6.4.1).
    code = models.CharField(
        _("code"), max_length=20, blank=True, validators=[reject_hidden_controls]
    )
    # Limits on text fields are checked by forms (TextField max_length is not a DB constraint).
    text = models.TextField(_("measure"), max_length=5000)
    due = models.CharField(
        _("due"),
        max_length=100,
        blank=True,
        help_text=_("As written."),
        validators=[reject_hidden_controls],
    )
    due_first_year = models.PositiveSmallIntegerField(_("first due year"), null=True, blank=True)
    due_last_year = models.PositiveSmallIntegerField(_("last due year"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=300, blank=True, validators=[reject_hidden_controls]
    )
    # Derived from `responsible` on save, "|Regionråd|Næringshage|", for the party filter.
    parties = models.CharField(_("responsible parties"), max_length=500, blank=True, editable=False)
    involvement = models.TextField(_("involvement"), max_length=1000, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    internal_note = models.TextField(
        _("internal note"),
        max_length=1000,
        blank=True,
        help_text=_("Seen by the council's secretariat and politicians, never by the public."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="measures", verbose_name=_("themes")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # The same measure in the previous version of the plan (revisions/): its status history
    # continues here.
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("in the previous version"),
    )
    # Compared on every edit so a second editor cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        ordering = ["goal", "order", "id"]
        base_manager_name = "all_objects"
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [
            models.Index(fields=["goal", "order"]),
            models.Index(fields=["status"]),
            models.Index(fields=["due_first_year", "due_last_year"]),
        ]

    def __str__(self):
        return f"{self.code} {self.text}".strip()[:120]

    def save(self, *args, **kwargs):
        for field in ("text", "involvement", "comment", "internal_note"):
            setattr(self, field, normalise_text(getattr(self, field)))
        for field in ("code", "due", "responsible"):
            setattr(self, field, normalise_line(getattr(self, field)))
        plan = self.goal.focus_area.plan
        self.due_first_year, self.due_last_year = parse_due(self.due, plan.years)
        self.parties = encode_parties(parse_parties(self.responsible, plan.council.language))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        plan = self.goal.focus_area.plan
        return reverse("measures:detail", args=[plan.council.slug, plan.slug, self.pk])

    def audit_subject(self):
        """Where a ChangeRecord about this measure belongs, and how it names it."""
        label = f"{self.code} {self.text}".strip()[:200]
        return {"plan_id": self.goal.focus_area.plan_id, "measure": self, "subject_label": label}

    @property
    def heading(self):
        """The first line of the text: what short mentions of the measure show."""
        first = self.text.split("\n", 1)[0]
        return f"{self.code} {first}".strip()

    @property
    def status_meaning(self):
        return Status(self.status).meaning

    @retry_deadlocks
    def change_status(self, status, *, comment="", clear_comment=False, user=None, proposed_by=""):
        """Set the status and append the change to the history, atomically.

        The comment given with a status becomes the measure's current comment (the one every
        page, export and report shows); without one the current comment stays, unless
        `clear_comment` asks to remove it. When the current comment is replaced or cleared, the
        audit trail keeps the old text. `proposed_by` names who outside the secretariat proposed
        the change (a party's contact, owners/), when `user` accepted it. Changing the comment
        bumps the version, so an editor who opened the measure before gets a conflict instead
        of writing the old comment back.

        The row lock serialises concurrent changes so each history record's "from" is the
        status that was current when it committed.
        """
        with transaction.atomic():
            # The plan's row first, as every write to a plan takes it (plans/editing.py).
            Plan.objects.filter(focus_areas__goals=self.goal_id).bump_revision()
            current = (
                Measure.all_objects.select_for_update(of=("self",))
                .select_related("goal__focus_area")
                .get(pk=self.pk)
            )
            change = current.record_status(
                status,
                comment=comment,
                clear_comment=clear_comment,
                user=user,
                proposed_by=proposed_by,
            )
        self.status = current.status
        self.updated_at = current.updated_at
        self.comment = current.comment
        self.version = current.version
        return change

    def record_status(self, status, *, comment="", clear_comment=False, user=None, proposed_by=""):
        """The writes of a status change, on a measure just read under its row lock (and the
        plan's): the history row and the measure's new status (and comment). Two queries, or
        three when a comment is replaced. Updates `self` to what was saved."""
        status = Status(status)
        comment = normalise_text(comment)
        change = StatusChange.objects.create(
            measure=self,
            from_status=self.status,
            to_status=status,
            comment=comment,
            changed_by=user,
            proposed_by=proposed_by,
        )
        updates = {"status": status, "updated_at": change.changed_at}
        new_comment = comment or ("" if clear_comment else self.comment)
        if new_comment != self.comment:
            updates.update(comment=new_comment, version=F("version") + 1)
            if self.comment:
                ChangeRecord.of(
                    self, ChangeRecord.Action.UPDATED, user, "comment", self.comment, new_comment
                ).save()
        Measure.all_objects.filter(pk=self.pk).update(**updates)
        self.status = status
        self.updated_at = change.changed_at
        if "comment" in updates:
            self.comment = new_comment
            self.version += 1
        return change


class StatusChange(AuditRecord):
    """One status change of a measure. Append-only: never updated, never deleted.

    The database enforces this too (triggers in migration 0002), so not even raw SQL or a
    cascading delete can rewrite history.
    """

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("measure")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    # "Kari Nordmann (Gol)": a party's proposal that `changed_by` accepted (owners/). A database
    # default, so adding the column does not rebuild the table and its append-only trigger.
    proposed_by = models.CharField(_("proposed by"), max_length=300, blank=True, db_default="")

    class Meta:
        ordering = ["measure", "changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.measure.code}: {self.from_status} → {self.to_status}"
