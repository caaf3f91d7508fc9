"""Admin for the organisation: deputies, references (hierarchy), units, officials, positions, roles, profiles."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from organization.lockout import login_unlock
from organization.mfa import mfa_reset
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


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    """Django's user admin with the abuse limits' actions: unlock a locked login, reset two-factor login."""

    list_display = (*UserAdmin.list_display, "two_factor")
    actions = ("unlock_login", "reset_two_factor")

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(enrolled))

    @admin.display(description=_("two-factor login"), boolean=True, ordering="has_two_factor")
    def two_factor(self, user):
        return user.has_two_factor

    @admin.action(description=_("Unlock the login of the selected users"))
    def unlock_login(self, request, queryset):
        removed = sum(login_unlock(username=user.get_username()) for user in queryset)
        self.message_user(request, _("Logins unlocked: %(users)s (failed attempts forgotten: %(attempts)s).")
                          % {"users": queryset.count(), "attempts": removed}, messages.SUCCESS)

    @admin.action(description=_("Reset two-factor login of the selected users (they set it up again)"))
    def reset_two_factor(self, request, queryset):
        removed = sum(mfa_reset(user=user) for user in queryset)
        self.message_user(request, _("Two-factor login reset for %(users)s users (devices removed: %(devices)s).")
                          % {"users": queryset.count(), "devices": removed}, messages.SUCCESS)
