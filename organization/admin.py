"""Admin for the organisation: deputies, references (hierarchy), units, officials, positions, roles, profiles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organization.models import (
    Deputy,
    LoginEvent,
    Official,
    Position,
    Reference,
    RoleDefinition,
    Unit,
    UserProfile,
)


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "name_en", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


class UnitInline(admin.TabularInline):
    model = Unit
    fk_name = "reference"
    extra = 0
    autocomplete_fields = ("supervisor",)


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "deputy", "region", "is_active")
    list_select_related = ("parent", "deputy", "region")
    list_filter = ("kind", "deputy", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("categories",)
    inlines = [UnitInline]


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "reference", "parent", "supervisor", "is_active")
    list_select_related = ("reference", "parent__reference", "supervisor")
    search_fields = ("name", "reference__name")
    autocomplete_fields = ("reference", "parent", "supervisor")
    inlines = [OfficialInline]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("__str__", "unit", "phone", "mobile", "email", "is_active")
    search_fields = ("first_name", "last_name", "title", "unit__name", "unit__reference__name")
    autocomplete_fields = ("unit",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "reports_to")
    list_select_related = ("unit__reference", "reports_to")
    search_fields = ("name",)
    autocomplete_fields = ("unit", "reports_to")


@admin.register(RoleDefinition)
class RoleDefinitionAdmin(admin.ModelAdmin):
    list_display = ("name", "label_fa", "label_en", "is_active", "city_wide")
    list_select_related = ("group",)
    list_editable = ("is_active",)
    filter_horizontal = ("includes",)
    actions = ["activate", "deactivate"]

    @admin.action(description=_("Activate the selected roles"))
    def activate(self, request, queryset):
        queryset.update(is_active=True)

    @admin.action(description=_("Deactivate the selected roles"))
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "position", "unit", "last_seen_at")
    list_select_related = ("user", "position", "unit__reference")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "position", "unit")
    filter_horizontal = ("scope_references", "scope_regions")


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "kind", "ip", "backend")
    list_filter = ("kind",)
    search_fields = ("username", "ip")
    readonly_fields = [f.name for f in LoginEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
