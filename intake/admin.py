from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gis.admin_widgets import GEOMETRY_AS_TEXT
from intake.models import Attachment, Category, Citizen, CitizenAccess, RequestHistory, ServiceRequest
from text.jalali import jalali_datetime


class CategoryChoicesFilter(admin.RelatedFieldListFilter):
    """The related-field filter, its category choices read with their subject in one query (a category's name
    shows its subject: without this, one query per category)."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        categories = (field.remote_field.model._default_manager.complex_filter(field.get_limit_choices_to())
                      .select_related("parent"))
        if ordering:
            categories = categories.order_by(*ordering)
        return [(category.pk, str(category)) for category in categories]


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    list_display = ("phone", "name", "subscription_code", "national_id", "created_at")
    search_fields = ("phone", "name", "subscription_code", "national_id")


class SubCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    fields = ("code", "name_fa", "name_en", "is_active", "default_urgency", "sla_hours",
              "duplicate_kind", "duplicate_radius_m", "duplicate_window_days", "sort_order")
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "parent", "default_urgency", "sla_hours", "duplicate_kind",
                    "is_active")
    list_filter = ("is_active", "default_urgency", "duplicate_kind", ("parent", CategoryChoicesFilter))
    search_fields = ("code", "name_fa", "name_en")
    list_select_related = ("parent",)

    def get_inlines(self, request, obj):
        return (SubCategoryInline,) if obj is not None and obj.parent_id is None else ()


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("kind", "original_name", "content_type", "size", "scan_status", "uploaded_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HistoryInline(admin.TabularInline):
    model = RequestHistory
    fields = ("created_at", "action", "from_status", "to_status", "actor", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    formfield_overrides = GEOMETRY_AS_TEXT
    list_display = ("tracking_code", "category", "channel", "urgency", "status", "region", "district",
                    "created_jalali", "is_demo")
    list_filter = ("status", "channel", "urgency", "is_demo", "region", ("category__parent", CategoryChoicesFilter))
    search_fields = ("tracking_code", "citizen__phone", "address_text")
    list_select_related = ("category", "category__parent", "region", "district")
    raw_id_fields = ("citizen", "created_by", "category", "neighbourhood")
    autocomplete_fields = ("region", "district")
    readonly_fields = ("tracking_code", "h3_r7", "h3_r8", "h3_r9", "h3_r10", "created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = (AttachmentInline, HistoryInline)
    show_full_result_count = False

    @admin.display(description=_("created at"), ordering="created_at")
    def created_jalali(self, obj):
        return jalali_datetime(obj.created_at)

    def has_delete_permission(self, request, obj=None):
        return False  # a citizen's message is never deleted; it is archived


@admin.register(RequestHistory)
class RequestHistoryAdmin(admin.ModelAdmin):
    list_display = ("request", "action", "from_status", "to_status", "actor", "created_at")
    list_select_related = ("request", "actor")
    list_filter = ("action",)
    search_fields = ("request__tracking_code",)
    raw_id_fields = ("request", "actor")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---- intake (issue 4): question checklists, co-reporters, intake details, SMS log, API tokens ----------------
from intake.models import Answer, ApiToken, CoReporter, Question, RequestIntake, SmsMessage  # noqa: E402


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("sort_order", "text", "kind", "choices", "channel", "required", "is_active")
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "category", "channel", "kind", "required", "is_active", "sort_order")
    list_filter = ("kind", "channel", "required", "is_active", "category__parent")
    search_fields = ("text", "category__name_fa", "category__code")
    list_select_related = ("category", "category__parent")
    autocomplete_fields = ("category",)


_base_category_inlines = CategoryAdmin.get_inlines


def _category_inlines(self, request, obj):
    if obj is not None and obj.parent_id is not None:
        return (QuestionInline,)
    return _base_category_inlines(self, request, obj)


CategoryAdmin.get_inlines = _category_inlines


class IntakeInline(admin.StackedInline):
    model = RequestIntake
    readonly_fields = ("possible_duplicate", "duplicate_candidates", "register_anyway_reason", "answer_text",
                       "letter_number", "letter_date", "external_ref")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CoReporterInline(admin.TabularInline):
    model = CoReporter
    fields = ("citizen", "channel", "text", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question_text", "value")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


ServiceRequestAdmin.inlines = (IntakeInline, AnswerInline, CoReporterInline) + tuple(ServiceRequestAdmin.inlines)


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "direction", "phone", "state", "attempts", "request")
    list_select_related = ("request",)
    list_filter = ("direction", "state")
    search_fields = ("phone", "text", "request__tracking_code")
    raw_id_fields = ("request",)
    readonly_fields = ("direction", "phone", "text", "request", "state", "provider_ref", "attempts", "error",
                       "sent_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "is_active", "created_at")
    fields = ("name", "user", "is_active")
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        if not change:
            import secrets

            from intake.tokens import _hash

            key = secrets.token_urlsafe(32)
            obj.key_hash = _hash(key)
            self.message_user(request, _("The token's key (shown once): %(key)s") % {"key": key})
        super().save_model(request, obj, form, change)


@admin.register(CitizenAccess)
class CitizenAccessAdmin(admin.ModelAdmin):
    """The audit of citizen lookups: read only."""

    list_display = ("created_at", "user", "citizen", "source", "masked", "query")
    list_filter = ("source", "masked")
    search_fields = ("user__username", "citizen__phone", "query")
    list_select_related = ("user", "citizen")
    date_hierarchy = "created_at"


# ---- uploads (issue 13): files ClamAV found infected ----------------------------------------------------------
from intake.models import Quarantine  # noqa: E402


@admin.register(Quarantine)
class QuarantineAdmin(admin.ModelAdmin):
    """Files set aside by the virus scan: who sent them, when, through which channel and what was found. The files
    themselves are never served from here (their path is shown, for whoever must look at one offline)."""

    list_display = ("created_jalali", "original_name", "signature", "source", "channel", "request", "uploaded_by",
                    "sender", "size")
    list_filter = ("source", "channel", "signature")
    list_select_related = ("request", "uploaded_by")
    search_fields = ("original_name", "signature", "sha256", "sender", "request__tracking_code")
    date_hierarchy = "created_at"
    fields = ("created_at", "source", "request", "attachment", "channel", "uploaded_by", "sender", "original_name",
              "content_type", "size", "sha256", "signature", "stored_as")
    readonly_fields = fields

    @admin.display(description=_("created at"), ordering="created_at")
    def created_jalali(self, obj):
        return jalali_datetime(obj.created_at)

    @admin.display(description=_("stored as"))
    def stored_as(self, obj):
        return obj.file.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        """Deleting the row deletes the quarantined file too."""
        obj.file.storage.delete(obj.file.name)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for quarantine in queryset:
            quarantine.file.storage.delete(quarantine.file.name)
        super().delete_queryset(request, queryset)
