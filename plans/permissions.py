"""Who may do what in a council. Checked on the server in every view that needs it."""

from .models import Membership, Role


def is_secretariat(user, council):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, council=council, role=Role.SECRETARIAT).exists()


def is_member(user, council):
    """Secretariat or reader of the council: sees unpublished plans and internal notes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or Membership.objects.filter(user=user, council=council).exists()
