"""The plan page shows the money on its measures, so a line's change outdates the plan's pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from plans.models import Plan

from .models import BudgetLine


@receiver([post_save, post_delete], sender=BudgetLine)
def budget_line_changed(sender, instance, **kwargs):
    Plan.objects.filter(budgets__groups=instance.group_id).bump_revision()
