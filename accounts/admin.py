from django.contrib import admin

from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent and withdrawn in the app (People and access); here to look them up."""

    list_display = [
        "email",
        "council",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = ["council", "role"]
    search_fields = ["email", "council__name"]
    list_select_related = ["council", "invited_by"]
    readonly_fields = [field.name for field in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False
