from django.contrib import admin

from .models import PreparedFile


@admin.register(PreparedFile)
class PreparedFileAdmin(admin.ModelAdmin):
    """What the worker made and what failed (with the error). Deleting one makes the next
    request prepare it again; nothing else may be changed by hand."""

    list_display = ["plan", "fmt", "revision", "state", "size", "requested_at", "finished_at"]
    list_filter = ["state", "fmt"]
    list_select_related = ["plan__council"]
    fields = ["plan", "fmt", "revision", "state", "size", "error", "task_id"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
