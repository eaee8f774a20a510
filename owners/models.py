"""Responsible parties as records, and status requests sent to them.

A party (a member municipality, Næringshagen, IKT Hallingdal…) carries measures of its council's
plans. A status request asks each party's contacts, through a personal signed link, to propose a
status and comment for their measures; the secretariat then accepts or sends back each proposal.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from measures.models import Measure, StatusChange
from measures.status import Status
from plans.models import Council, FocusArea, Municipality, Plan
from regionplan.lib.text import normalise_line, norwegian_slug, reject_hidden_controls


class Party(models.Model):
    """Someone outside the secretariat who carries measures: "who is responsible"."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Member municipality")
        COUNCIL_BODY = "council_body", _("Council body")
        COMPANY = "company", _("Inter-municipal company")
        COUNTY = "county", _("County")
        BUSINESS_GARDEN = "business_garden", _("Business garden")
        OTHER = "other", _("Other")

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="parties", verbose_name=_("council")
    )
    name = models.CharField(_("name"), max_length=200, validators=[reject_hidden_controls])
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # A member municipality's party: "Kommunane" in a plan means every one of these.
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party",
        verbose_name=_("member municipality"),
    )
    aliases = models.TextField(
        _("other names"),
        max_length=2000,
        blank=True,
        help_text=_("One per line: how plans write this party, e.g. “Næringshage”."),
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="responsible_parties", verbose_name=_("measures")
    )
    # Compared on every edit so a second editor cannot silently overwrite the first.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["council", Lower("name")]
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="unique_party_slug"),
            models.UniqueConstraint("council", Lower("name"), name="unique_party_name_any_case"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_line(self.name)
        self.aliases = "\n".join(self.alias_list)
        if not self.slug:
            base = norwegian_slug(self.name, max_length=90) or "part"
            taken = set(
                Party.objects.filter(council_id=self.council_id, slug__startswith=base)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True)
            )
            slug, suffix = base, 2
            while slug in taken:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("owners:party", args=[self.council.slug, self.slug])

    @property
    def alias_list(self):
        lines = (normalise_line(line) for line in (self.aliases or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    @property
    def contacts_text(self):
        """The active contacts as the edit form writes them (also its conflict table)."""
        return "\n".join(f"{c.name} <{c.email}>" for c in self.contacts.filter(active=True))

    @property
    def names(self):
        """Every name this party goes by, lower-cased, for matching a plan's free text."""
        return {name.lower() for name in [self.name, *self.alias_list]}


class Contact(models.Model):
    """A person at a party who gets the status requests."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("party")
    )
    name = models.CharField(_("name"), max_length=200, validators=[reject_hidden_controls])
    email = models.EmailField(_("e-mail address"))
    # A contact taken off the list who was already written to stays, for the record, inactive.
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["party", "name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} <{self.email}>"


class StatusRequest(models.Model):
    """The secretariat asks the parties of a plan (or some of its focus areas) for status."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="status_requests", verbose_name=_("plan")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, related_name="status_requests", verbose_name=_("focus areas")
    )
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("days the link still works after the deadline"), default=7
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=3
    )
    remind_days_after = models.PositiveSmallIntegerField(
        _("reminder, days after the deadline"), default=1
    )
    message = models.TextField(_("message"), max_length=5000, blank=True)
    # The address the secretariat used, for the links in mails the worker sends later.
    site_url = models.URLField(_("site address"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("status request")
        verbose_name_plural = _("status requests")

    def __str__(self):
        return f"{self.plan} – {self.deadline}"

    def get_absolute_url(self):
        return reverse("owners:request", args=[self.plan.council.slug, self.plan.slug, self.pk])

    def at_start_of(self, day):
        """Eight in the morning of a day, local time: when reminders go out."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))

    @property
    def expires_at(self):
        """The links stop working at the end of the deadline plus the grace days."""
        last_day = self.deadline + datetime.timedelta(days=self.grace_days + 1)
        return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(0)))

    @property
    def is_open(self):
        return self.closed_at is None and timezone.now() < self.expires_at


class Addressee(models.Model):
    """One party asked in one request, with the measures it was asked about."""

    request = models.ForeignKey(
        StatusRequest,
        on_delete=models.CASCADE,
        related_name="addressees",
        verbose_name=_("request"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="addressings", verbose_name=_("party")
    )
    # Fixed when the request starts: a link opens these measures and no others.
    measures = models.ManyToManyField(Measure, related_name="+", verbose_name=_("measures"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["request", "party__name"]
        verbose_name = _("party asked")
        verbose_name_plural = _("parties asked")
        constraints = [
            models.UniqueConstraint(fields=["request", "party"], name="unique_addressee"),
        ]

    def __str__(self):
        return f"{self.party} ({self.request})"


class Proposal(models.Model):
    """What a party's contact proposed for one measure, and what the secretariat did with it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        SENT_BACK = "sent_back", _("Sent back")
        REPLACED = "replaced", _("Replaced by a newer answer")

    addressee = models.ForeignKey(
        Addressee, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("party asked")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("measure")
    )
    not_ours = models.BooleanField(_("not ours"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    proposed_by = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    note = models.TextField(_("note to the party"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    status_change = models.OneToOneField(
        StatusChange,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("status change"),
    )

    class Meta:
        ordering = ["proposed_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return f"{self.measure.code}: {self.status or 'not ours'}"

    @property
    def proposer_label(self):
        return f"{self.proposed_by.name} ({self.addressee.party.name})"


class OutgoingMail(models.Model):
    """One e-mail to one contact, sent by a background task: kept so none is lost silently."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request")
        REMINDER_BEFORE = "reminder_before", _("Reminder before the deadline")
        REMINDER_AFTER = "reminder_after", _("Reminder after the deadline")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed, will try again")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed")

    addressee = models.ForeignKey(
        Addressee, on_delete=models.CASCADE, related_name="mails", verbose_name=_("party asked")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="mails", verbose_name=_("contact")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="queued")
    send_at = models.DateTimeField(_("send at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["send_at", "id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.contact.email}"
