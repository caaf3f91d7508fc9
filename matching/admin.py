"""Duplicate detection in the admin: the decisions it learns from, the models fitted, and which one is in use."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from matching.models import DuplicateLabel, DuplicateModel
from matching.services import duplicate_model_activate


@admin.register(DuplicateLabel)
class DuplicateLabelAdmin(admin.ModelAdmin):
    list_display = ("decided_at", "source", "is_duplicate", "candidate", "request", "decided_by")
    list_filter = ("source", "is_duplicate")
    list_select_related = ("candidate", "request", "decided_by")
    readonly_fields = [f.name for f in DuplicateLabel._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DuplicateModel)
class DuplicateModelAdmin(admin.ModelAdmin):
    list_display = ("__str__", "is_active", "trained_on", "held_out", "held_out_f1", "compared_f1", "note")
    readonly_fields = [f.name for f in DuplicateModel._meta.fields]
    actions = ("use_this_model", "use_the_prior")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("F1 on recent decisions"))
    def held_out_f1(self, obj: DuplicateModel):
        return (obj.figures.get("this") or {}).get("f1")

    @admin.display(description=_("F1 of the model it was compared with"))
    def compared_f1(self, obj: DuplicateModel):
        return (obj.figures.get("compared_with") or {}).get("f1")

    @admin.action(description=_("Use this model"))
    def use_this_model(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one model."), messages.ERROR)
            return
        duplicate_model_activate(model_id=queryset.get().pk)
        self.message_user(request, _("The chosen model is now in use."))

    @admin.action(description=_("Go back to the hand-set model"))
    def use_the_prior(self, request, queryset):
        duplicate_model_activate(model_id=None)
        self.message_user(request, _("The hand-set model is in use again."))
