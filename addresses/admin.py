from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from addresses.models import (
    AddressDataVersion, Alias, Alley, City, DatasetLoad, District, Landmark, Neighbourhood, Region, Street,
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
