"""Who may do what in a council. Checked on the server in every view that needs it."""

from .models import Membership, Role


def is_secretariat(user, council):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, council=council, role=Role.SECRETARIAT).exists()
