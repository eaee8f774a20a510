"""Any change to a plan's contents bumps its revision, so cached pages of it are not served.

Signals rather than calls in each save path, so admin edits, imports and the demo loader are
covered too. Queryset `.update()` sends no signal: code that updates measures in bulk calls
`Plan.objects.filter(...).bump_revision()` itself (see Measure.change_status).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from measures.models import Measure, Theme

from .models import Council, FocusArea, Goal, Plan


# A row moved to another parent (in the admin) outdates the plan it left too: `parent_ids`.
@receiver([post_save, post_delete], sender=FocusArea)
def focus_area_changed(sender, instance, **kwargs):
    Plan.objects.filter(pk__in=instance.parent_ids()).bump_revision()


@receiver([post_save, post_delete], sender=Goal)
def goal_changed(sender, instance, **kwargs):
    Plan.objects.filter(focus_areas__in=instance.parent_ids()).bump_revision()


@receiver([post_save, post_delete], sender=Measure)
def measure_changed(sender, instance, **kwargs):
    Plan.objects.filter(focus_areas__goals__in=instance.parent_ids()).bump_revision()


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


# What pages show of a person: histories and change logs name who changed what.
SHOWN_NAME = ("username", "first_name", "last_name")


@receiver(pre_save, sender=get_user_model())
def notice_a_new_name(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not set(SHOWN_NAME) & update_fields):
        return  # a new person has changed nothing yet; a sign-in saves last_login only
    old = sender.objects.filter(pk=instance.pk).values_list(*SHOWN_NAME).first()
    instance._shown_name_changed = old is not None and old != tuple(
        getattr(instance, field) for field in SHOWN_NAME
    )


@receiver(post_save, sender=get_user_model())
def outdate_pages_naming_them(sender, instance, **kwargs):
    """Renames are rare and may show in any council's history (an administrator's edits too):
    every plan's pages are outdated rather than tracking where the person appears."""
    if getattr(instance, "_shown_name_changed", False):
        instance._shown_name_changed = False
        Plan.objects.all().bump_revision()
