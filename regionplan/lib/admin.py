from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only records: administrators may look, nobody may add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
