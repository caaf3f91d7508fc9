"""Admin for the workflow configuration (validated) and its records."""

from django.contrib import admin

from workflow.models import (
    Box,
    CannedText,
    CategoryPolicy,
    Correspondence,
    Holiday,
    IntegrationToken,
    OfficialAnswer,
    OfficialRating,
    Operation,
    Relation,
    RequestCase,
    SavedFilter,
    SiteVisit,
    Survey,
)


@admin.register(Box)
class BoxAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "status", "receive_policy", "deadline_hours", "is_start", "is_terminal",
                    "is_active")
    filter_horizontal = ("receive_roles",)


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "kind", "color", "requires_text", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ("from_box", "operation", "to_box", "assignee_policy", "schedules_feedback", "is_active")
    list_filter = ("from_box", "to_box", "operation", "is_active")
    filter_horizontal = ("roles",)


@admin.register(RequestCase)
class RequestCaseAdmin(admin.ModelAdmin):
    """Read-only: cases move only through the workflow engine."""

    list_display = ("request", "box", "assignee", "reference", "due_at", "escalated_at", "round")
    list_select_related = ("request", "box", "assignee", "reference")
    list_filter = ("box",)
    search_fields = ("request__tracking_code",)
    readonly_fields = [f.name for f in RequestCase._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CategoryPolicy)
class CategoryPolicyAdmin(admin.ModelAdmin):
    list_display = ("category", "feedback_delay_days", "followup_hours", "default_reference")
    list_select_related = ("category__parent", "default_reference")
    autocomplete_fields = ("default_reference",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")


@admin.register(CannedText)
class CannedTextAdmin(admin.ModelAdmin):
    list_display = ("text", "operation", "category", "sort_order")
    list_select_related = ("operation", "category__parent")
    list_filter = ("operation",)


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at")
    readonly_fields = ("token_hash",)


for model in (OfficialAnswer, OfficialRating, SiteVisit, Correspondence, Survey, SavedFilter):
    admin.site.register(model)
