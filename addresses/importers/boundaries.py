"""Boundaries (regions, districts, neighbourhoods) from any polygon file GDAL reads: GeoJSON, Shapefile,
GeoPackage. Fields are mapped: `{"number": "REG_NO", "name_fa": "NAME"}`; missing parents are found by geometry."""

from __future__ import annotations

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException
from django.db import transaction

from addresses.importers.common import ImportFailed, ImportReport, features, open_datasource, progress
from addresses.models import City, District, Neighbourhood, Region
from addresses.services import address_data_version_bump
from gis.geometry import InvalidGeometry, as_multipolygon

LEVELS = {
    "region": {"required": ("number", "name_fa"), "optional": ("name_en", "osm_id")},
    "district": {"required": ("code", "name_fa"), "optional": ("number", "name_en", "region")},
    "neighbourhood": {"required": ("code", "name_fa"), "optional": ("name_en", "district")},
}


def _value(feature, field_name):
    value = feature.get(field_name)
    return value.strip() if isinstance(value, str) else value


def boundaries_import(path, *, level: str, mapping: dict[str, str], layer: str | int = 0, city_slug: str = "tehran",
                      synthetic: bool = False, strict: bool = False, show_progress: bool = False) -> ImportReport:
    if level not in LEVELS:
        raise ImportFailed(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    spec = LEVELS[level]
    unknown = set(mapping) - set(spec["required"]) - set(spec["optional"])
    if unknown:
        raise ImportFailed(f"unknown target fields for {level}: {', '.join(sorted(unknown))}")
    missing = [f for f in spec["required"] if f not in mapping]
    if missing:
        raise ImportFailed(f"map these fields for {level}: {', '.join(missing)} (e.g. --map {missing[0]}=FIELD)")
    source = open_datasource(path)
    try:
        gdal_layer = source[layer]
    except (IndexError, KeyError, GDALException) as error:
        raise ImportFailed(f"no layer {layer!r} in {path}") from error
    absent = [src for src in mapping.values() if src not in gdal_layer.fields]
    if absent:
        raise ImportFailed(f"fields not in the file: {', '.join(absent)} (it has: {', '.join(gdal_layer.fields)})")
    report = ImportReport()
    with transaction.atomic():
        city, _ = City.objects.get_or_create(slug=city_slug, defaults={"name_fa": city_slug, "name_en": city_slug})
        for number, feature in enumerate(progress(features(gdal_layer), total=gdal_layer.num_feat, desc=level,
                                                  enabled=show_progress), start=1):
            where = f"feature {number}"
            try:
                values = {target: _value(feature, source_field) for target, source_field in mapping.items()}
                for required in spec["required"]:
                    if values.get(required) in (None, ""):
                        raise ValueError(f"empty {required} (field {mapping[required]})")
                geom = feature.geom.geos if feature.geom is not None else None
                if geom is None:
                    raise ValueError("no geometry")
                geom = as_multipolygon(geom)
                created = _upsert(level, city, values, geom, synthetic)
                report.counts[f"{level}s {'created' if created else 'updated'}"] += 1
            except (ValueError, InvalidGeometry, GDALException, GEOSException,
                    Region.DoesNotExist, District.DoesNotExist) as error:
                report.error(where, str(error))
        if strict and report.errors:
            transaction.set_rollback(True)
            raise ImportFailed(f"{len(report.errors)} errors; nothing imported (strict)")
    if report.counts.get(f"{level}s created") or report.counts.get(f"{level}s updated"):
        address_data_version_bump()
    return report


def _upsert(level, city, values, geom, synthetic) -> bool:
    common = {"name_fa": values["name_fa"], "name_en": values.get("name_en") or "", "geom": geom,
              "synthetic": synthetic, "source": "import"}
    if level == "region":
        number = int(values["number"])
        _, created = Region.objects.update_or_create(
            city=city, number=number, defaults={**common, "osm_id": str(values.get("osm_id") or "")})
        return created
    inside = geom.point_on_surface
    if level == "district":
        code = str(values["code"])
        if values.get("region") not in (None, ""):
            region = Region.objects.get(city=city, number=int(values["region"]))
        else:
            region = Region.objects.filter(geom__contains=inside).first()
            if region is None:
                raise ValueError(f"district {code} lies in no region; import regions first or map --map region=FIELD")
        number = int(values["number"]) if values.get("number") not in (None, "") else int(code.rsplit("-", 1)[-1])
        _, created = District.objects.update_or_create(code=code, defaults={**common, "region": region,
                                                                              "number": number})
        return created
    code = str(values["code"])
    if values.get("district") not in (None, ""):
        district = District.objects.get(code=str(values["district"]))
    else:
        district = District.objects.filter(geom__contains=inside).first()
        if district is None:
            raise ValueError(f"neighbourhood {code} lies in no district; import districts first")
    _, created = Neighbourhood.objects.update_or_create(code=code, defaults={**common, "district": district})
    return created
