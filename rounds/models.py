"""The municipalities' input round: before the assembly the council asks each member
municipality for the measures it would prioritise more strongly, take out and sharpen, each
with a reason (seed 001: "3 tiltak som ein skal prioritere sterkare, 3 tiltak som ein skal
trekke ut og 3 tiltak ein bør konkretisere eller spisse").

A round belongs to a plan and is kept with it: the plan revision reads its results
(`rounds.services.results_for_plan`). Each member municipality has one invitation, with the
address its personal link was mailed to; an invitation has at most one answer (a database
constraint), given through the link or entered by the secretariat from a letter.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from plans.models import Municipality, Plan
from regionplan.lib.links import make_token
from regionplan.lib.text import normalise_line, normalise_text, reject_hidden_controls

LINK_PURPOSE = "input-round"
MAX_PER_COLUMN = 10


class Column(models.TextChoices):
    """The three columns a municipality answers in, in the order the seed names them."""

    PRIORITISE = "prioritise", _("Prioritise more strongly")
    REMOVE = "remove", _("Take out")
    SHARPEN = "sharpen", _("Make more concrete or sharpen")


class InputRound(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="input_rounds", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200, validators=[reject_hidden_controls])
    prioritise_count = models.PositiveSmallIntegerField(
        _("measures to prioritise more strongly"),
        default=3,
        validators=[MaxValueValidator(MAX_PER_COLUMN)],
    )
    remove_count = models.PositiveSmallIntegerField(
        _("measures to take out"), default=3, validators=[MaxValueValidator(MAX_PER_COLUMN)]
    )
    sharpen_count = models.PositiveSmallIntegerField(
        _("measures to make more concrete or sharpen"),
        default=3,
        validators=[MaxValueValidator(MAX_PER_COLUMN)],
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("The links work until the end of this day.")
    )
    message = models.TextField(
        _("message to the municipalities"),
        max_length=3000,
        blank=True,
        help_text=_("Shown in the invitation and above the answer form."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The invitation links start with it; a mail queued again after the council is restored
    # elsewhere (backups/) must link to the same site as the rest.
    site_url = models.URLField(_("site address"), blank=True)

    class Meta:
        ordering = ["plan", "-opened_at", "-id"]
        verbose_name = _("input round")
        verbose_name_plural = _("input rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(prioritise_count__gt=0)
                | Q(remove_count__gt=0)
                | Q(sharpen_count__gt=0),
                name="input_round_asks_for_something",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalise_line(self.title)
        self.message = normalise_text(self.message)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        plan = self.plan
        return reverse("rounds:detail", args=[plan.council.slug, plan.slug, self.pk])

    @property
    def is_closed(self):
        return self.closed_at is not None

    def deadline_passed(self, today=None):
        return (today or timezone.localdate()) > self.deadline

    def counts(self):
        """{column: how many measures a municipality may choose in it}, in column order."""
        return {
            Column.PRIORITISE: self.prioritise_count,
            Column.REMOVE: self.remove_count,
            Column.SHARPEN: self.sharpen_count,
        }


class Invitation(models.Model):
    """A member municipality asked in a round, and where its personal link was mailed."""

    round = models.ForeignKey(
        InputRound, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    # The council's list of municipalities can be rewritten (accounts/councils.py replaces it),
    # so the invitation keeps the name and number it was sent under and lets go of the record.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="input_round_invitations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(_("municipality number"), max_length=4)
    email = models.EmailField(
        _("e-mail for the invitation"),
        blank=True,
        help_text=_("Who answers for the municipality. Empty: no mail; send the link yourself."),
    )
    mail_queued_at = models.DateTimeField(_("mail queued at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    mailed_to = models.EmailField(_("mailed to"), blank=True)
    mail_error = models.TextField(_("mail error"), blank=True)

    class Meta:
        ordering = ["round", "number", "id"]
        verbose_name = _("invitation to an input round")
        verbose_name_plural = _("invitations to input rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="one_invitation_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.round} – {self.name}"

    def token(self):
        """The personal link's token: whom it is for; validity is checked in the database."""
        return make_token(LINK_PURPOSE, invitation=self.pk, round=self.round_id)

    def answer_path(self):
        return reverse("rounds:answer", args=[self.token()])


class Answer(models.Model):
    """A municipality's one answer to a round."""

    class Channel(models.TextChoices):
        LINK = "link", _("Through the link")
        LETTER = "letter", _("By letter, entered by the secretariat")

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="answer", verbose_name=_("invitation")
    )
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices)
    answered_by = models.CharField(
        _("answered by"),
        max_length=200,
        blank=True,
        validators=[reject_hidden_controls],
        help_text=_("A name, a role or a body, e.g. “Formannskapet”."),
    )
    received_on = models.DateField(_("letter received on"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to an input round")
        verbose_name_plural = _("answers to input rounds")

    def __str__(self):
        return str(self.invitation)

    @property
    def by_letter(self):
        return self.channel == self.Channel.LETTER


class Choice(models.Model):
    """One measure a municipality chose in one column, and why."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="choices", verbose_name=_("answer")
    )
    # PROTECT: a measure is archived, never deleted, so an answer always keeps what it chose.
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="round_choices", verbose_name=_("measure")
    )
    column = models.CharField(_("column"), max_length=20, choices=Column.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["answer", "column", "order"]
        verbose_name = _("chosen measure")
        verbose_name_plural = _("chosen measures")
        constraints = [
            # A measure stands in one column of an answer only.
            models.UniqueConstraint(fields=["answer", "measure"], name="one_column_per_measure"),
        ]

    def __str__(self):
        return f"{self.answer}: {self.get_column_display()} {self.measure.heading}"

    def save(self, *args, **kwargs):
        self.reason = normalise_text(self.reason)
        super().save(*args, **kwargs)
