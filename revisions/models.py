"""A revision of a plan: the draft of its next version, as proposals, until it is adopted.

The plan itself is not touched while the revision is a draft: the proposals say what would
change, the draft (draft.py) shows the plan as it would be, and adoption (services.adopt)
makes the next version a Plan of its own and marks this one superseded.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from plans.models import FocusArea, Goal, Plan
from regionplan.lib.text import normalise_line, normalise_text, reject_hidden_controls


class Revision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("plan")
    )
    title = models.CharField(
        _("title of the next version"), max_length=300, validators=[reject_hidden_controls]
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, validators=[reject_hidden_controls]
    )
    case_number = models.CharField(
        _("case number"), max_length=50, blank=True, validators=[reject_hidden_controls]
    )
    adopted_plan = models.OneToOneField(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_from",
        verbose_name=_("version adopted"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "-started_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="draft"), name="one_draft_revision_per_plan"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        self.title = normalise_line(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("revisions:detail", args=[self.plan.council.slug, self.plan.slug, self.pk])

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT


class Proposal(models.Model):
    """One proposed change, or a proposal to keep something as it is, with why and from whom.

    What it is about: `focus_area`, `goal` or `measure` (by `level`), except for "add", which
    names where the new one goes instead (`to_focus_area` for a goal, `to_goal` for a measure).
    "Move" names the new place the same way; "adjust" may too (a measure under another goal).
    The new values are `code`, `text` (a focus area's title, a goal's or measure's text), `due`
    and `responsible`; for "adjust" an empty one keeps what the plan says.
    """

    class Kind(models.TextChoices):
        KEEP = "keep", _("Keep")
        REMOVE = "remove", _("Take out")
        ADJUST = "adjust", _("Adjust")
        ADD = "add", _("Add")
        MOVE = "move", _("Move")

    class Level(models.TextChoices):
        FOCUS_AREA = "focus_area", _("Focus area")
        GOAL = "goal", _("Goal")
        MEASURE = "measure", _("Measure")

    class Source(models.TextChoices):
        INPUT_ROUND = "input_round", _("The municipalities' input round")
        SECRETARIAT = "secretariat", _("The secretariat")
        MUNICIPALITY = "municipality", _("A municipality")
        BODY = "body", _("Another body")

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("revision")
    )
    kind = models.CharField(_("proposal"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("what"), max_length=12, choices=Level.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus area"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure"),
    )
    to_focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to focus area"),
    )
    to_goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to goal"),
    )
    code = models.CharField(
        _("new code"), max_length=20, blank=True, validators=[reject_hidden_controls]
    )
    text = models.TextField(_("new text"), max_length=5000, blank=True)
    due = models.CharField(
        _("new due"), max_length=100, blank=True, validators=[reject_hidden_controls]
    )
    responsible = models.CharField(
        _("new responsible"), max_length=300, blank=True, validators=[reject_hidden_controls]
    )
    reason = models.TextField(_("reason"), max_length=10000)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_name = models.CharField(
        _("which municipality or body"),
        max_length=200,
        blank=True,
        validators=[reject_hidden_controls],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Compared on every edit so a second editor cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["revision", "created_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            # One proposal per thing: two would contradict each other in the draft.
            models.UniqueConstraint(
                fields=["revision", "measure"], name="one_proposal_per_measure"
            ),
            models.UniqueConstraint(fields=["revision", "goal"], name="one_proposal_per_goal"),
            models.UniqueConstraint(
                fields=["revision", "focus_area"], name="one_proposal_per_focus_area"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject_label}"

    def save(self, *args, **kwargs):
        self.text = normalise_text(self.text)
        self.reason = normalise_text(self.reason)
        for field in ("code", "due", "responsible", "source_name"):
            setattr(self, field, normalise_line(getattr(self, field)))
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.measure or self.goal or self.focus_area

    @property
    def subject_label(self):
        if self.subject is not None:
            return str(self.subject)
        return f"{self.code} {self.text}".strip()[:120]

    @property
    def home_area(self):
        """The focus area the changes document lists it under (None: a new focus area)."""
        if self.measure:
            return self.measure.goal.focus_area
        if self.goal:
            return self.goal.focus_area
        if self.focus_area:
            return self.focus_area
        if self.to_goal:
            return self.to_goal.focus_area
        return self.to_focus_area

    @property
    def source_label(self):
        label = self.get_source_display()
        return f"{label}: {self.source_name}" if self.source_name else str(label)
