"""Packages' app configurations with a name the admin can show in the reader's language:
django-tasks-db and django-axes name themselves in English only."""

import axes.apps
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


class AxesConfig(axes.apps.AppConfig):
    verbose_name = _("Sign-in attempts")
