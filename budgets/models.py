from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from plans.models import Council, FocusArea, Goal, Membership, Plan
from regionplan.lib.audit import AuditRecord
from regionplan.lib.managers import ActiveManager
from regionplan.lib.text import reject_hidden_controls


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The council's own people see all its budgets. Everyone else sees a budget once it is
        finalised, and only when it finances a published plan: a draft (next year's, say) is
        the council's work in progress."""
        if user.is_superuser:
            return self
        public = Q(finalised_at__isnull=False, plan__published=True)
        if user.is_authenticated:
            own = Membership.objects.filter(user=user).values("council")
            return self.filter(public | Q(council__in=own))
        return self.filter(public)


class Budget(models.Model):
    """A council's budget for one year. Frame and remainder are computed, never stored."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("council")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("plan"),
        help_text=_("The plan this budget finances."),
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_budget_per_year"),
        ]

    def __str__(self):
        return f"{self.council.short_name} {self.year}"

    def get_absolute_url(self):
        return reverse("budgets:budget", args=[self.council.slug, self.year])


class Contribution(models.Model):
    """Money that makes up the frame: the county's share, the municipalities', returned funds."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("budget")
    )
    source = models.CharField(_("source"), max_length=200, validators=[reject_hidden_controls])
    amount = models.PositiveBigIntegerField(_("amount (NOK)"))
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        ordering = ["budget", "order", "id"]
        base_manager_name = "all_objects"
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative"),
        ]

    def __str__(self):
        return f"{self.source}: {self.amount}"


class BudgetGroup(models.Model):
    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="groups", verbose_name=_("budget")
    )
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    category = models.CharField(
        _("category"),
        max_length=100,
        blank=True,
        help_text=_("Default category of its lines, compared with the strategy's target shares."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["budget", "order", "id"]
        verbose_name = _("budget group")
        verbose_name_plural = _("budget groups")

    def __str__(self):
        return self.title


class BudgetLine(models.Model):
    """An allocation. A pending line has a text ("Avventer hovedprosjekt") instead of an amount."""

    group = models.ForeignKey(
        BudgetGroup, on_delete=models.CASCADE, related_name="lines", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=300, validators=[reject_hidden_controls])
    amount = models.PositiveBigIntegerField(_("new amount (NOK)"), null=True, blank=True)
    carried_over = models.PositiveBigIntegerField(
        _("carried over from last year (NOK)"),
        default=0,
        help_text=_("Counted in the line's total, not against this year's frame."),
    )
    pending_text = models.CharField(_("pending"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=100, blank=True, help_text=_("Overrides the group's category.")
    )
    footnote = models.TextField(_("footnote"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("focus area"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("goal"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("measure"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = ActiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        ordering = ["group", "order", "id"]
        base_manager_name = "all_objects"
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | ~Q(pending_text=""),
                name="budget_line_amount_or_pending",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
            models.CheckConstraint(
                condition=Q(carried_over__gte=0), name="budget_line_carry_not_negative"
            ),
            models.CheckConstraint(
                condition=(
                    Q(focus_area__isnull=True, goal__isnull=True)
                    | Q(focus_area__isnull=True, measure__isnull=True)
                    | Q(goal__isnull=True, measure__isnull=True)
                ),
                name="budget_line_one_link",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def link(self):
        """The focus area, goal or measure this line finances, if any."""
        return self.measure or self.goal or self.focus_area

    @property
    def total(self):
        return (self.amount or 0) + self.carried_over


class BudgetChange(AuditRecord):
    """The budget's audit trail: which line or contribution changed how, by whom."""

    class Action(models.TextChoices):
        CREATED = "created", _("added")
        UPDATED = "updated", _("changed")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")
        MOVED = "moved", _("moved")
        FINALISED = "finalised", _("finalised")
        REOPENED = "reopened", _("reopened")
        STARTED = "started", _("budget started")

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="changes", verbose_name=_("budget")
    )
    subject_label = models.CharField(_("which"), max_length=300)
    action = models.CharField(
        _("action"), max_length=20, choices=Action.choices, default=Action.UPDATED
    )
    field = models.CharField(_("field"), max_length=50, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("budget change")
        verbose_name_plural = _("budget changes")

    def __str__(self):
        return f"{self.subject_label}: {self.field}"

    @property
    def field_label(self):
        """The changed field as the forms name it ("new amount (NOK)"), in the reader's language."""
        for model in (BudgetLine, Contribution):
            try:
                return model._meta.get_field(self.field).verbose_name
            except FieldDoesNotExist:
                continue
        return self.field
