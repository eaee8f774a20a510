import datetime as dt
import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regionplan.lib.audit import AppendOnlyModel, AuditRecord
from regionplan.lib.licences import Licence
from regionplan.lib.markdown import FORMATTING_HINT
from regionplan.lib.parents import RemembersParent
from regionplan.lib.text import normalise_line, normalise_text, reject_hidden_controls


class LanguageForm(models.TextChoices):
    NYNORSK = "nn", _("Nynorsk")
    BOKMAL = "nb", _("Bokmål")


# First path segments the site uses itself: a council with one of these slugs would be hidden.
RESERVED_COUNCIL_SLUGS = frozenset(
    {
        "admin",
        "api",
        "fylke",
        "healthz",
        "i18n",
        "innspel",
        "invitasjon",
        "konto",
        "logg-inn",
        "logg-ut",
        "nytt-rad",
        "static",
        "tilgjengelegheit",
    }
)


def reject_reserved_council_slug(value):
    if value in RESERVED_COUNCIL_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is taken by a page of the site. Choose another slug."),
            code="reserved",
            params={"slug": value},
        )


class County(models.Model):
    """A county (fylkeskommune): it looks across the councils in it and has plans of its own."""

    name = models.CharField(_("name"), max_length=200, validators=[reject_hidden_controls])
    short_name = models.CharField(
        _("short name"), max_length=100, validators=[reject_hidden_controls]
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    language = models.CharField(
        _("language form"),
        max_length=2,
        choices=LanguageForm.choices,
        blank=True,
        help_text=_("The county's pages in this language form; empty: the visitor's choice."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("counties:county", args=[self.slug])


class Council(models.Model):
    """An inter-municipal political council (interkommunalt politisk råd)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, validators=[reject_reserved_council_slug]
    )
    language = models.CharField(
        _("language form"), max_length=2, choices=LanguageForm.choices, default=LanguageForm.NYNORSK
    )
    # Where the council lies. How the county stands to it (member or not, since when, by which
    # decision) is its CountyRelation history.
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("county"),
    )
    licence = models.CharField(
        _("open data licence"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.NLOD_2_0,
        help_text=_("The licence the council's published plans are offered under as open data."),
    )
    secretariat_head_name = models.CharField(_("secretariat head"), max_length=200, blank=True)
    secretariat_head_title = models.CharField(
        _("secretariat head's title"), max_length=200, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The status legend in the council's own words, as its documents print it; empty: ours.
    legend_green = models.CharField(
        _("legend for green"), max_length=200, blank=True, validators=[reject_hidden_controls]
    )
    legend_yellow = models.CharField(
        _("legend for yellow"), max_length=200, blank=True, validators=[reject_hidden_controls]
    )
    legend_red = models.CharField(
        _("legend for red"), max_length=200, blank=True, validators=[reject_hidden_controls]
    )
    legend_not_assessed = models.CharField(
        _("legend for not assessed"),
        max_length=200,
        blank=True,
        validators=[reject_hidden_controls],
    )
    require_two_factor = models.BooleanField(
        _("two-factor required for the secretariat"),
        default=False,
        help_text=_(
            "Everyone in the secretariat must sign in with a code from an authenticator app "
            "as well as their password. Those who have not set it up are asked to at sign-in."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:council", args=[self.slug])

    @property
    def licence_info(self):
        return Licence(self.licence).info

    def legend_words(self):
        """{status value: what it means}, in the council's words where it has given them."""
        return {
            "green": self.legend_green,
            "yellow": self.legend_yellow,
            "red": self.legend_red,
            "not_assessed": self.legend_not_assessed,
        }


class Municipality(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("council")
    )
    name = models.CharField(_("name"), max_length=100)
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality number has four digits."))],
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="unique_municipality"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class PlanKind(models.TextChoices):
    REGIONAL_PLAN = "regionplan", _("Regional plan")
    STRATEGIC_PLAN = "strategisk_plan", _("Strategic plan")
    ACTION_PLAN = "handlingsplan", _("Action plan")
    ACTION_AND_ECONOMY_PLAN = "handlings_og_okonomiplan", _("Action and economy plan")


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    READER = "reader", _("Reader")


class Membership(models.Model):
    """A person's role in one council; a person may hold roles in several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("council")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # When the person got access; memberships older than this field have none.
    since = models.DateTimeField(_("access since"), null=True, blank=True, default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_role_per_council"),
        ]

    def __str__(self):
        return f"{self.user} – {self.council.short_name}: {self.get_role_display()}"


class CountyRelationQuerySet(models.QuerySet):
    def current(self, on=None):
        """The relation in force on a day (today by default) for each council and county: the
        one with the latest `since` not after it; of two with the same `since`, the one
        recorded last (it corrects the other). No date recorded counts as earliest."""
        on = on or timezone.localdate()
        effective = Coalesce("since", Value(dt.date.min))
        in_force = CountyRelation.objects.annotate(effective=effective).filter(effective__lte=on)
        newer = in_force.filter(council=OuterRef("council"), county=OuterRef("county")).filter(
            Q(effective__gt=OuterRef("effective"))
            | Q(effective=OuterRef("effective"), pk__gt=OuterRef("pk"))
        )
        return self.annotate(effective=effective).filter(effective__lte=on).filter(~Exists(newer))


class CountyRelation(AuditRecord):
    """How a county stands to a council from a day on: a member of the council, a partner, or
    not a member (with the reason), by which decision; and whether the council lets the county's
    staff read all its plans.

    The history is kept: a new decision is a new record, and so is a correction (the later record
    for the same day wins). `changed_by`/`changed_at` say who recorded it and when.
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")
        NOT_MEMBER = "not_member", _("Not a member")

    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        related_name="county_relations",
        verbose_name=_("council"),
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="council_relations", verbose_name=_("county")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    since = models.DateField(
        _("since"), null=True, blank=True, help_text=_("Leave empty if the day is not known.")
    )
    decision = models.CharField(
        _("decision"),
        max_length=300,
        blank=True,
        validators=[reject_hidden_controls],
        help_text=_("Which decision, e.g. “Fylkestinget 12 February 2025, case 5/25”."),
    )
    reason = models.TextField(
        _("reason"),
        max_length=1000,
        blank=True,
        help_text=_("Why the county is not a member, in the words of the decision."),
    )
    shares_plans = models.BooleanField(
        _("the county's staff read all plans"),
        default=False,
        help_text=_(
            "The council has agreed that the county's staff read all its plans, unpublished ones "
            "too. Internal notes and draft budgets stay the council's own."
        ),
    )

    objects = CountyRelationQuerySet.as_manager()

    class Meta:
        ordering = ["council", "county", F("since").asc(nulls_first=True), "id"]
        verbose_name = _("county relation")
        verbose_name_plural = _("county relations")

    def __str__(self):
        since = f" {self.since:%Y-%m-%d}" if self.since else ""
        return f"{self.county.short_name} – {self.council.short_name}: {self.kind}{since}"

    def save(self, *args, **kwargs):
        self.decision = normalise_line(self.decision)
        self.reason = normalise_text(self.reason)
        super().save(*args, **kwargs)


class CountyRole(models.TextChoices):
    READER = "reader", _("County reader")


class CountyMembership(models.Model):
    """A person on the county's staff: reads every plan of the councils that agreed to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="county_memberships",
        verbose_name=_("user"),
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("county")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CountyRole.choices, default=CountyRole.READER
    )

    class Meta:
        verbose_name = _("county membership")
        verbose_name_plural = _("county memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "county"], name="one_role_per_county"),
        ]

    def __str__(self):
        return f"{self.user} – {self.county.short_name}: {self.get_role_display()}"


class CountyPlan(models.Model):
    """One of the county's own plans, strategies or agreements, as a record: what it is, where
    it stands and what the source says about it (its contents live with the county)."""

    class Kind(models.TextChoices):
        PLANNING_STRATEGY = "planstrategi", _("Regional planning strategy")
        REGIONAL_PLAN = "regional_plan", _("Regional plan")
        STRATEGY = "strategi", _("Strategy")
        AGREEMENT = "avtale", _("Agreement")

    class Stage(models.TextChoices):
        PREPARATION = "preparation", _("In preparation")
        CONSULTATION = "consultation", _("Out for consultation")
        ADOPTED = "adopted", _("Adopted")

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="plans", verbose_name=_("county")
    )
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("Leave empty when the source does not say."),
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["county", "order", "id"]
        verbose_name = _("county plan")
        verbose_name_plural = _("county plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(first_year__lte=F("last_year")),
                name="county_plan_years_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.summary = normalise_text(self.summary)
        super().save(*args, **kwargs)

    def clean(self):
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError({"last_year": _("The last year cannot be before the first.")})

    @property
    def period(self):
        if not self.first_year:
            return ""
        if not self.last_year or self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class PlanQuerySet(models.QuerySet):
    def bump_revision(self):
        """Mark the plans' rendered pages as outdated (see plans/page_cache.py)."""
        return self.update(revision=F("revision") + 1, updated_at=timezone.now())

    def public(self):
        """Published plans, which everyone may read (a part of `visible_to` for anyone)."""
        return self.filter(published=True)

    def visible_to(self, user):
        """Who may read which plan; the one definition every page, export and feed uses.

        Published plans for everyone. Unpublished ones for the council's own people, and for
        the staff of a county whose relation with the council, as it stands today, says the
        council lets the county read all its plans.
        """
        if user.is_superuser:
            return self
        if user.is_authenticated:
            own_councils = Membership.objects.filter(user=user).values("council")
            shared_with_county = (
                CountyRelation.objects.current()
                .filter(shares_plans=True, county__memberships__user=user)
                .values("council")
            )
            return self.filter(
                Q(published=True) | Q(council__in=own_councils) | Q(council__in=shared_with_county)
            )
        return self.public()


class Plan(models.Model):
    """A strategy period or a yearly plan of one council."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="plans", verbose_name=_("council")
    )
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    kind = models.CharField(_("kind"), max_length=30, choices=PlanKind.choices)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True, help_text=FORMATTING_HINT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("follows plan"),
    )
    published = models.BooleanField(_("published"), default=False)
    # Versions (revisions/): an adopted revision makes a new Plan, the next version, in force;
    # this one stays readable, marked superseded, with a link forward.
    version_number = models.PositiveSmallIntegerField(_("version"), default=1)
    adoption_case = models.CharField(
        _("case number"), max_length=50, blank=True, validators=[reject_hidden_controls]
    )
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    # Bumped by every change to the plan or its contents; keys the page cache.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # When the plan or anything in it last changed: set with the revision (Last-Modified).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-last_year", "-first_year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="unique_plan_slug"),
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")), name="plan_years_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

    def save(self, *args, **kwargs):
        self.intro = normalise_text(self.intro)
        if self.pk:
            self.revision += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.council.slug, self.slug])

    def audit_subject(self):
        """Where a ChangeRecord about the plan itself (e.g. publishing) belongs."""
        return {"plan_id": self.pk, "subject_label": self.title[:200]}

    def clean(self):
        if self.parent_id and self.parent.council_id != self.council_id:
            raise ValidationError(
                {"parent": _("A plan can only follow a plan of its own council.")}
            )
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError({"last_year": _("The last year cannot be before the first.")})

    @property
    def period(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self):
        return (self.first_year, self.last_year)

    @property
    def is_superseded(self):
        return self.superseded_by_id is not None


class FocusArea(RemembersParent, models.Model):
    """A satsingsområde."""

    PARENT = "plan_id"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    description = models.TextField(
        _("description"), max_length=5000, blank=True, help_text=FORMATTING_HINT
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        self.description = normalise_text(self.description)
        super().save(*args, **kwargs)

    def audit_subject(self):
        """Where a ChangeRecord about this focus area belongs, and how it names it."""
        return {"plan_id": self.plan_id, "subject_label": str(self)[:200]}


class Goal(RemembersParent, models.Model):
    """A mål within a focus area; it holds the measures."""

    PARENT = "focus_area_id"

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("focus area")
    )
    code = models.CharField(
        _("code"), max_length=20, blank=True, validators=[reject_hidden_controls]
    )
    text = models.TextField(_("text"), max_length=1000)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["focus_area", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [models.Index(fields=["focus_area", "order"])]

    def __str__(self):
        return f"{self.code} {self.text}".strip()[:120]

    def save(self, *args, **kwargs):
        self.text = normalise_text(self.text)
        super().save(*args, **kwargs)

    def audit_subject(self):
        """Where a ChangeRecord about this goal belongs, and how it names it."""
        label = f"{self.code} {self.text}".strip()[:200]
        return {"plan_id": self.focus_area.plan_id, "subject_label": label}


class TargetShare(models.Model):
    """A strategy's intended share of the yearly budget for one category (e.g. 80 % business)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="target_shares", verbose_name=_("plan")
    )
    category = models.CharField(_("category"), max_length=100)
    percent = models.PositiveSmallIntegerField(_("percent"), validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["plan", "-percent", "category"]
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="unique_target_category"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="target_percent_max_100"),
        ]

    def __str__(self):
        return f"{self.category}: {self.percent} %"


class StatusReport(models.Model):
    """An agenda item (saksframlegg) that puts a plan's status before a political body.

    A draft shows live statuses. Finalising freezes every covered measure into ReportItems; the
    finalised report (and its PDF) never changes again. A correction is a new version that
    supersedes it.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="status_reports", verbose_name=_("plan")
    )
    item_number = models.CharField(
        _("agenda item number"), max_length=20, validators=[reject_hidden_controls]
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    body = models.CharField(_("political body"), max_length=200, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    background = models.TextField(_("background"), max_length=10000, blank=True)
    assessment = models.TextField(_("assessment"), max_length=20000, blank=True)
    proposed_resolution = models.TextField(_("proposed resolution"), max_length=5000, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    covered_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="+",
        verbose_name=_("focus areas covered"),
        help_text=_("None chosen means all."),
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )
    # The agenda document as sent: rendered once at finalisation from the snapshot.
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    # The archive copy (PDF/A-3a with the snapshot as JSON inside), rendered with the PDF.
    archive_pdf = models.BinaryField(_("archive PDF"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "-date", "item_number", "-version"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "item_number", "version"], name="unique_report_version"
            ),
        ]

    def __str__(self):
        suffix = f" (v{self.version})" if self.version > 1 else ""
        return f"Sak {self.item_number} {self.title}{suffix}"

    def save(self, *args, **kwargs):
        for field in ("background", "assessment", "proposed_resolution"):
            setattr(self, field, normalise_text(getattr(self, field)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "reports:detail", args=[self.plan.council.slug, self.plan.slug, self.item_number]
        ) + (f"?versjon={self.version}" if self.version > 1 else "")

    @property
    def is_final(self):
        return self.finalised_at is not None


class ReportItem(AppendOnlyModel):
    """One measure as it stood when its report was finalised. Written once, never changed."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.PROTECT, related_name="items", verbose_name=_("report")
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    order = models.PositiveIntegerField()
    focus_area_id_at = models.PositiveBigIntegerField()
    focus_area = models.CharField(max_length=300)
    goal_code = models.CharField(max_length=20, blank=True)
    goal = models.TextField()
    code = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    due = models.CharField(max_length=100, blank=True)
    responsible = models.CharField(max_length=300, blank=True)
    involvement = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=20)

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")

    def __str__(self):
        return f"{self.report}: {self.code}"


class ChangeRecord(AuditRecord):
    """The audit trail: one field of one object changed, or an object created, archived, moved.

    Status changes have their own history (measures.StatusChange); everything else is here.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("changed")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")
        MOVED = "moved", _("moved")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="change_records", verbose_name=_("plan")
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_records",
        verbose_name=_("measure"),
    )
    subject_type = models.CharField(_("what"), max_length=20)
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(_("which"), max_length=200)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    field = models.CharField(_("field"), max_length=50, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    # Set when the change came from a spreadsheet import: the import is its change set.
    plan_import = models.ForeignKey(
        "PlanImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("import"),
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["plan", "changed_at"])]

    def __str__(self):
        return f"{self.subject_label}: {self.action} {self.field}".strip()

    @property
    def field_label(self):
        """The changed field as its form names it ("comment" → "Kommentar"), in the reader's
        language. The model is looked up by name: measures.Measure is not importable here."""
        for app_label in ("measures", "plans"):
            try:
                model = apps.get_model(app_label, self.subject_type)
                return model._meta.get_field(self.field).verbose_name
            except (LookupError, FieldDoesNotExist):
                continue
        return self.field  # a field removed since

    @classmethod
    def of(cls, subject, action, user, field="", old="", new=""):
        """The (unsaved) record of `subject`, a focus area, goal or measure, changing."""
        return cls(
            **subject.audit_subject(),
            subject_type=subject._meta.model_name,
            subject_id=subject.pk,
            action=action,
            field=field,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            changed_by=user,
        )


class PlanImport(AuditRecord):
    """One import of a spreadsheet into a plan: the change set its audit records belong to.

    `changed_by` imported the file at `changed_at`. The plan's ChangeRecords written by the
    import point here (`changes`); its status changes are linked through `status_changes`, as
    the status history lives in the measures app.
    """

    class Mode(models.TextChoices):
        NEW_PLAN = "new", _("new plan")
        UPDATE = "update", _("update")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="imports", verbose_name=_("plan")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    focus_areas_created = models.PositiveIntegerField(_("focus areas created"), default=0)
    goals_created = models.PositiveIntegerField(_("goals created"), default=0)
    measures_created = models.PositiveIntegerField(_("measures created"), default=0)
    measures_changed = models.PositiveIntegerField(_("measures changed"), default=0)
    measures_unchanged = models.PositiveIntegerField(_("measures unchanged"), default=0)
    status_changes = models.ManyToManyField(
        "measures.StatusChange",
        blank=True,
        related_name="plan_imports",
        verbose_name=_("status changes"),
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    def __str__(self):
        return f"{self.plan}: {self.filename or self.get_mode_display()}"


class ImportUpload(models.Model):
    """A spreadsheet waiting for the secretariat to confirm its preview.

    The file is read once, at upload, and what it holds is kept here (`parsed`, the stored form
    of plans.importing.ParsedFile), not the file: the preview and the confirmation use it (a
    large file is kept only until the background worker has read it). Kept
    in the database, not in a worker's memory or disk, so the confirming request may land on any
    server process. Deleted when imported; stale ones are cleared on the next upload.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    parsed = models.BinaryField(default=b"")  # compressed JSON lines: plans/importing/parsed.py

    class State(models.TextChoices):
        PENDING = "pending", _("being read")
        READY = "ready", _("read")
        FAILED = "failed", _("could not be read")

    # A large file is read by the background worker (plans/importing/tasks.py): it is kept here
    # only until then, and `error` is what the uploader is told, in `language`, if it fails.
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    workbook = models.BinaryField(null=True, editable=False)
    language = models.CharField(max_length=10, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # Update mode: the plan. New-plan mode: the plan to create.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=30, choices=PlanKind.choices, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("import upload")
        verbose_name_plural = _("import uploads")

    def __str__(self):
        return self.filename


class CouncilChange(AuditRecord):
    """The council's own change history: who got access and lost it, invitations, settings,
    plans published and unpublished, budget years started. Written once, never changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("council created")
        UPDATED = "updated", _("setting changed")
        INVITED = "invited", _("invited")
        INVITATION_ACCEPTED = "accepted", _("invitation accepted")
        INVITATION_WITHDRAWN = "withdrawn", _("invitation withdrawn")
        ROLE_CHANGED = "role_changed", _("role changed")
        ACCESS_REMOVED = "access_removed", _("access removed")
        PUBLISHED = "published", _("plan published")
        UNPUBLISHED = "unpublished", _("plan unpublished")
        BUDGET_STARTED = "budget_started", _("budget year started")

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="changes", verbose_name=_("council")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    subject_label = models.CharField(_("which"), max_length=300, blank=True)
    field = models.CharField(_("field"), max_length=50, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("council change")
        verbose_name_plural = _("council changes")
        indexes = [models.Index(fields=["council", "changed_at"])]

    def __str__(self):
        return f"{self.council.short_name}: {self.get_action_display()} {self.subject_label}"

    @property
    def field_label(self):
        """The changed setting as the council form names it, in the reader's language."""
        if self.field == "municipalities":
            return Municipality._meta.verbose_name_plural
        try:
            return Council._meta.get_field(self.field).verbose_name
        except FieldDoesNotExist:  # a field removed since
            return self.field
