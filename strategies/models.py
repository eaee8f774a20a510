"""Financing of a strategy, and the strategy goal an action plan's goal or measure serves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from measures.models import Measure
from plans.models import Goal, Plan
from regionplan.lib.text import normalise_text, reject_hidden_controls


class Financing(models.Model):
    """A strategy's yearly partnership funds: the sources (FundingSource) add up to the yearly
    funds; the administration share comes off them before anything reaches measures."""

    strategy = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="financing", verbose_name=_("strategy")
    )
    administration = models.PositiveIntegerField(
        _("administration share a year"),
        default=0,
        help_text=_("Kroner a year that running the council takes from the funds."),
    )
    administration_estimated = models.BooleanField(
        _("the administration share is an estimate"), default=False
    )
    note = models.TextField(
        _("note"),
        max_length=5000,
        blank=True,
        help_text=_("What the strategy says of its financing, in its own words."),
    )
    # Compared on every edit (lib/editing.py): covers the sources and the target shares too.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")

    def __str__(self):
        return str(self.strategy)

    def save(self, *args, **kwargs):
        self.note = normalise_text(self.note)
        super().save(*args, **kwargs)

    def audit_subject(self):
        return {"plan_id": self.strategy_id, "subject_label": str(self.strategy)[:200]}


class FundingSource(models.Model):
    """Where part of the yearly funds comes from (the county, the municipalities)."""

    financing = models.ForeignKey(
        Financing, on_delete=models.CASCADE, related_name="sources", verbose_name=_("financing")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=200, validators=[reject_hidden_controls])
    amount = models.PositiveIntegerField(_("kroner a year"))

    class Meta:
        ordering = ["financing", "order", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self):
        return f"{self.source}: {self.amount}"


class GoalLink(models.Model):
    """The strategy goal an action plan's goal serves; its measures serve it too unless they
    name their own (MeasureLink)."""

    goal = models.OneToOneField(
        Goal, on_delete=models.CASCADE, related_name="strategy_link", verbose_name=_("goal")
    )
    serves = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="served_by_goals",
        verbose_name=_("serves strategy goal"),
    )

    class Meta:
        verbose_name = _("strategy goal of a goal")
        verbose_name_plural = _("strategy goals of goals")

    def __str__(self):
        return f"{self.goal} → {self.serves}"


class MeasureLink(models.Model):
    """The strategy goal a measure serves, where it differs from its goal's."""

    measure = models.OneToOneField(
        Measure, on_delete=models.CASCADE, related_name="strategy_link", verbose_name=_("measure")
    )
    serves = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="served_by_measures",
        verbose_name=_("serves strategy goal"),
    )

    class Meta:
        verbose_name = _("strategy goal of a measure")
        verbose_name_plural = _("strategy goals of measures")

    def __str__(self):
        return f"{self.measure} → {self.serves}"
