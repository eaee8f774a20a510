from django.contrib import admin

from regionplan.lib.admin import ReadOnlyAdmin

from .models import Answer, Choice, InputRound, Invitation


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    fields = ["name", "number", "email", "mail_queued_at", "mailed_at", "mailed_to", "mail_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InputRound)
class InputRoundAdmin(ReadOnlyAdmin):
    """Rounds are opened and closed on their pages, where the mails and checks are."""

    list_display = ["title", "plan", "deadline", "opened_at", "closed_at"]
    list_filter = ["plan__council"]
    list_select_related = ["plan"]
    inlines = [InvitationInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    can_delete = False
    fields = ["column", "measure", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    """An answer is given once and never changed."""

    list_display = ["invitation", "channel", "answered_by", "submitted_at"]
    list_filter = ["channel", "invitation__round__plan__council"]
    list_select_related = ["invitation__round"]
    inlines = [ChoiceInline]
