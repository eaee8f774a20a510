from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenderingsConfig(AppConfig):
    name = "renderings"
    verbose_name = _("Prepared files")
