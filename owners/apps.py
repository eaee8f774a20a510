from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OwnersConfig(AppConfig):
    name = "owners"
    verbose_name = _("Responsible parties and status requests")

    def ready(self):
        from . import signals  # noqa: F401
