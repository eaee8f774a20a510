import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Plan

# A file still pending after this long was lost with its worker (killed, restarted): offered
# again rather than waited on for ever.
STUCK_AFTER = dt.timedelta(minutes=15)


class PreparedFile(models.Model):
    """A plan's export (PDF or Excel) as it was at one revision, made once and served by every
    app server. Files of older revisions are deleted once a newer one is ready."""

    class State(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")
        # The plan changed before the worker got to it: a newer revision's file replaces it.
        OUTDATED = "outdated", _("outdated")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="prepared_files", verbose_name=_("plan")
    )
    fmt = models.CharField(_("format"), max_length=10)
    revision = models.PositiveIntegerField(_("plan revision"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    content = models.BinaryField(_("content"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # What went wrong, for the operators' log and the admin; readers see a plain message.
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fmt", "revision"], name="one_prepared_file_per_revision"
            ),
        ]

    def __str__(self):
        return f"{self.plan} r{self.revision}.{self.fmt} ({self.state})"

    @property
    def is_stuck(self):
        return self.state == self.State.PENDING and timezone.now() - self.requested_at > STUCK_AFTER

    @property
    def shown_state(self):
        """What the reader is told: a lost pending file counts as failed."""
        return self.State.FAILED if self.is_stuck else self.state
