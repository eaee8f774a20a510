"""Invitations: how a person gets a role in a council (accounts/invitations.py)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Council, Role

VALID_FOR = timedelta(days=7)


def token_digest(token):
    """Only a digest of the link's token is stored: the database alone opens no invitation."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail with a link that gives its holder a role in a council: once, within 7 days."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("council")
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="invitation_accepted_or_withdrawn",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.council.short_name} ({self.get_role_display()})"

    @classmethod
    def new(cls, *, council, email, role, invited_by):
        """An unsaved invitation and the token for its link (never stored)."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls(
            council=council,
            email=email,
            role=role,
            invited_by=invited_by,
            token_digest=token_digest(token),
            created_at=now,
            expires_at=now + VALID_FOR,
        )
        return invitation, token

    @property
    def is_pending(self):
        return not self.accepted_at and not self.withdrawn_at and not self.is_expired

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
