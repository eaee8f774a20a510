from django.db import models


class ActiveManager(models.Manager):
    """Archived rows (measures, budget lines, contributions) count nowhere unless asked for:
    the model's `all_objects` has them all."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)
