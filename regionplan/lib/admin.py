from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only records: administrators may look, nobody may add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppendOnlyAdmin(admin.ModelAdmin):
    """For history that administrators write: add new records, never change or delete one
    (a correction is a new record). Who recorded it is the signed-in administrator."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.changed_by = request.user
            super().save_model(request, obj, form, change)


class AppendOnlyInline(admin.TabularInline):
    """An inline of append-only records: the recorded ones read-only, a row to add a new one."""

    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False
