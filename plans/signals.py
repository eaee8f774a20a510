"""Any change to a plan's contents bumps its revision, so cached pages of it are not served.

Signals rather than calls in each save path, so admin edits, imports and the demo loader are
covered too. Queryset `.update()` sends no signal: code that updates measures in bulk calls
`Plan.objects.filter(...).bump_revision()` itself (see Measure.change_status).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from measures.models import Measure, Theme

from .models import Council, FocusArea, Goal, Plan


@receiver([post_save, post_delete], sender=FocusArea)
def focus_area_changed(sender, instance, **kwargs):
    Plan.objects.filter(pk=instance.plan_id).bump_revision()


@receiver([post_save, post_delete], sender=Goal)
def goal_changed(sender, instance, **kwargs):
    Plan.objects.filter(focus_areas=instance.focus_area_id).bump_revision()


@receiver([post_save, post_delete], sender=Measure)
def measure_changed(sender, instance, **kwargs):
    Plan.objects.filter(focus_areas__goals=instance.goal_id).bump_revision()


@receiver(post_save, sender=Council)
def council_changed(sender, instance, **kwargs):
    Plan.objects.filter(council=instance).bump_revision()


@receiver([post_save, post_delete], sender=Plan)
def plan_saved(sender, instance, **kwargs):
    """The council's list of published plans may have changed (a plan published, unpublished
    or renamed): its `updated_at` is what the open data's Last-Modified says."""
    Council.objects.filter(pk=instance.council_id).update(updated_at=timezone.now())


@receiver(m2m_changed, sender=Measure.themes.through)
def measure_themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # from the theme's side: every plan with one of those measures
        Plan.objects.filter(focus_areas__goals__measures__in=pk_set or []).bump_revision()
    else:
        Plan.objects.filter(focus_areas__goals=instance.goal_id).bump_revision()


@receiver(post_save, sender=Theme)
def theme_renamed(sender, instance, created, **kwargs):
    """Pages and open data that name the theme are outdated."""
    if not created:
        Plan.objects.filter(focus_areas__goals__measures__themes=instance).bump_revision()
