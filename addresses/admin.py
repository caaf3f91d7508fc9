from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from addresses import services
from addresses.models import (
    AddressDataVersion,
    AddressPoint,
    AddressRange,
    Alias,
    Alley,
    City,
    DatasetLoad,
    District,
    Landmark,
    Neighbourhood,
    QueryReview,
    Region,
    Street,
)
from gis.admin_widgets import GEOMETRY_AS_TEXT


class GeometryAsTextAdmin(admin.ModelAdmin):
    formfield_overrides = GEOMETRY_AS_TEXT


@admin.register(City)
class CityAdmin(GeometryAsTextAdmin):
    list_display = ("name_fa", "name_en", "slug")


@admin.register(Region)
class RegionAdmin(GeometryAsTextAdmin):
    list_display = ("number", "name_fa", "name_en", "district_count", "synthetic")
    list_filter = ("city", "synthetic")
    search_fields = ("name_fa", "name_en")
    ordering = ("number",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_district_count=Count("districts"))

    @admin.display(description=_("districts"), ordering="_district_count")
    def district_count(self, obj):
        return obj._district_count


@admin.register(District)
class DistrictAdmin(GeometryAsTextAdmin):
    list_display = ("code", "name_fa", "name_en", "region", "synthetic")
    list_filter = ("region", "synthetic")
    search_fields = ("code", "name_fa", "name_en")
    list_select_related = ("region",)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(GeometryAsTextAdmin):
    list_display = ("code", "name_fa", "name_en", "district", "synthetic")
    list_filter = ("synthetic", "district__region")
    search_fields = ("code", "name_fa", "name_en")
    list_select_related = ("district",)


class StreetAliasInline(admin.TabularInline):
    model = Alias
    fk_name = "street"
    fields = ("name", "kind")
    extra = 1


class LandmarkAliasInline(admin.TabularInline):
    model = Alias
    fk_name = "landmark"
    fields = ("name", "kind")
    extra = 1


@admin.register(Street)
class StreetAdmin(GeometryAsTextAdmin):
    list_display = ("name_fa", "name_en", "kind", "region", "district", "synthetic")
    list_filter = ("kind", "synthetic", "region")
    search_fields = ("name_fa", "name_en", "aliases__name")
    list_select_related = ("region", "district")
    raw_id_fields = ("parent",)
    autocomplete_fields = ("region", "district")
    filter_horizontal = ("districts",)
    inlines = (StreetAliasInline,)


@admin.register(Alley)
class AlleyAdmin(StreetAdmin):
    list_display = ("name_fa", "parent", "region", "district", "synthetic")
    list_filter = ("synthetic", "region")
    exclude = ("kind",)


@admin.register(Landmark)
class LandmarkAdmin(GeometryAsTextAdmin):
    list_display = ("name_fa", "name_en", "kind", "subkind", "region", "district", "synthetic")
    list_filter = ("kind", "synthetic", "subkind", "region")
    search_fields = ("name_fa", "name_en", "aliases__name", "category_fa")
    list_select_related = ("region", "district")
    autocomplete_fields = ("region", "district")
    raw_id_fields = ("neighbourhood",)
    inlines = (LandmarkAliasInline,)


@admin.register(AddressPoint)
class AddressPointAdmin(GeometryAsTextAdmin):
    """House numbers (OpenStreetMap `addr:*`), each tied to the nearest street of its street name."""

    list_display = ("street_name", "housenumber", "number", "street", "source", "external_id")
    list_filter = ("source", "synthetic")
    search_fields = ("street_name", "housenumber", "external_id")
    list_select_related = ("street",)
    raw_id_fields = ("street",)


@admin.register(AddressRange)
class AddressRangeAdmin(GeometryAsTextAdmin):
    """Interpolation lines: a number lying only in a range is placed along it."""

    list_display = ("street_name", "start_number", "end_number", "scheme", "street", "source", "external_id")
    list_filter = ("scheme", "source")
    search_fields = ("street_name", "external_id")
    list_select_related = ("street",)
    raw_id_fields = ("street",)


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "street", "landmark", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "street__name_fa", "landmark__name_fa")
    raw_id_fields = ("street", "landmark")


@admin.register(AddressDataVersion)
class AddressDataVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "updated_at")
    readonly_fields = ("name", "version", "updated_at")


@admin.register(DatasetLoad)
class DatasetLoadAdmin(admin.ModelAdmin):
    list_display = ("name", "loaded_at", "counts")
    readonly_fields = ("name", "fingerprint", "counts", "loaded_at")


@admin.register(QueryReview)
class QueryReviewAdmin(admin.ModelAdmin):
    """Queries that matched nothing or that the operator corrected: pick the street or landmark they mean,
    then "Turn into aliases" so the gazetteer finds them next time."""

    list_display = ("query", "reason", "times", "status", "suggested_label", "chosen_label", "street", "landmark",
                    "last_seen")
    list_filter = ("status", "reason")
    search_fields = ("query", "normalized", "chosen_label")
    raw_id_fields = ("street", "landmark")
    readonly_fields = ("normalized", "times", "suggested_label", "suggested_record", "chosen_label", "chosen_record",
                       "alias", "reported_by", "first_seen", "last_seen", "resolved_at")
    fields = ("query", "reason", "status", "street", "landmark") + readonly_fields
    actions = ("turn_into_aliases", "dismiss")

    @admin.action(description=_("Turn into aliases of the chosen street or landmark"))
    def turn_into_aliases(self, request, queryset):
        made, waiting = 0, 0
        for review in queryset.filter(status=QueryReview.Status.OPEN):
            try:
                services.review_alias_create(review=review)
                made += 1
            except services.ReviewNotReady:
                waiting += 1
        if made:
            self.message_user(request, ngettext("%(n)d alias made.", "%(n)d aliases made.", made) % {"n": made},
                              messages.SUCCESS)
        if waiting:
            self.message_user(request, ngettext(
                "%(n)d query names no street or landmark yet: choose one first.",
                "%(n)d queries name no street or landmark yet: choose one first.", waiting) % {"n": waiting},
                messages.WARNING)

    @admin.action(description=_("Dismiss"))
    def dismiss(self, request, queryset):
        for review in queryset:
            services.review_dismiss(review=review)
