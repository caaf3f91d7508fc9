"""Load the demo city (data/demo/*.geojson, built by demo/city_builder.py) into the database.

Idempotent: features are upserted by their stable ids (region number, district code, external id).
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction

from addresses.models import Alias, City, District, Landmark, Neighbourhood, Region, Street
from addresses.services import address_data_version_bump
from gis.geometry import as_multilinestring, as_multipolygon
from intake.models import Category

DEMO_DIR = settings.BASE_DIR / "data" / "demo"


def _features(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _geometry(feature: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)


@transaction.atomic
def demo_city_load(demo_dir: Path = DEMO_DIR, *, progress=None) -> dict[str, int]:
    """Upsert the demo city's regions, districts, neighbourhoods, streets, landmarks and categories."""
    progress = progress or (lambda stage, done, total: None)
    city, _ = City.objects.update_or_create(slug="tehran", defaults={"name_fa": "تهران", "name_en": "Tehran"})

    regions = {}
    features = _features(demo_dir / "regions.geojson")
    for feature in features:
        props = feature["properties"]
        regions[props["region_no"]], _ = Region.objects.update_or_create(
            city=city, number=props["region_no"],
            defaults={
                "name_fa": props["name_fa"], "name_en": props.get("name_en", ""), "osm_id": props.get("osm_id", ""),
                "geom": as_multipolygon(_geometry(feature)), "synthetic": bool(props.get("synthetic", False)),
                "source": "osm",
            },
        )
    progress("regions", len(features), len(features))

    districts = {}
    features = _features(demo_dir / "districts.geojson")
    for feature in features:
        props = feature["properties"]
        districts[props["code"]], _ = District.objects.update_or_create(
            code=props["code"],
            defaults={
                "region": regions[props["region_no"]], "number": props["district_no"], "name_fa": props["name_fa"],
                "name_en": props.get("name_en", ""), "geom": as_multipolygon(_geometry(feature)),
                "synthetic": bool(props.get("synthetic", True)), "source": "demo",
            },
        )
    progress("districts", len(features), len(features))

    features = _features(demo_dir / "neighbourhoods.geojson")
    for feature in features:
        props = feature["properties"]
        Neighbourhood.objects.update_or_create(
            code=props["code"],
            defaults={
                "district": districts[props["district_code"]], "name_fa": props["name_fa"],
                "name_en": props.get("name_en", ""), "geom": as_multipolygon(_geometry(feature)),
                "synthetic": bool(props.get("synthetic", True)), "source": "demo",
            },
        )
    progress("neighbourhoods", len(features), len(features))

    street_count = _load_streets(demo_dir / "streets.geojson", regions, districts, progress)
    landmark_count = _load_landmarks(demo_dir / "landmarks.geojson", regions, progress)
    category_count = categories_load(demo_dir / "categories.json")
    with connection.cursor() as cursor:
        # Fresh planner statistics after a bulk load: without them PostGIS joins over streets × districts (the
        # gazetteer bridge) can pick nested loops and take minutes instead of seconds.
        cursor.execute(
            "ANALYZE addresses_region, addresses_district, addresses_neighbourhood, addresses_street, "
            "addresses_landmark, addresses_alias"
        )
    address_data_version_bump()
    return {
        "regions": len(regions), "districts": len(districts), "neighbourhoods": Neighbourhood.objects.count(),
        "streets": street_count, "landmarks": landmark_count, "categories": category_count,
    }


def _load_streets(path: Path, regions: dict, districts: dict, progress) -> int:
    features = _features(path)
    streets = [
        Street(
            external_id=f["properties"]["id"], name_fa=f["properties"]["name_fa"],
            name_en=f["properties"].get("name_en") or "", kind=f["properties"].get("kind", Street.Kind.STREET),
            geom=as_multilinestring(_geometry(f)), region=regions.get(f["properties"].get("region_no")),
            district=districts.get(f["properties"].get("district_code")),
            synthetic=bool(f["properties"].get("synthetic", True)), source="demo",
        )
        for f in features
    ]
    Street.objects.bulk_create(
        streets, batch_size=2000, update_conflicts=True, unique_fields=["external_id"],
        update_fields=["name_fa", "name_en", "kind", "geom", "region", "district", "synthetic", "source"],
    )
    ids = dict(Street.objects.filter(external_id__isnull=False).values_list("external_id", "id"))
    # Parents, districts crossed and aliases.
    parents = [(ids[f["properties"]["id"]], ids.get(f["properties"].get("parent_id"))) for f in features]
    with connection.cursor() as cursor:
        cursor.executemany(
            "update addresses_street set parent_id = %s where id = %s",
            [(parent, child) for child, parent in parents if parent is not None],
        )
    through = Street.districts.through
    demo_ids = [ids[f["properties"]["id"]] for f in features]
    through.objects.filter(street_id__in=demo_ids).delete()
    through.objects.bulk_create(
        [
            through(street_id=ids[f["properties"]["id"]], district_id=districts[code].id)
            for f in features
            for code in (f["properties"].get("district_codes") or [])
            if code in districts
        ],
        batch_size=5000,
    )
    Alias.objects.filter(street_id__in=demo_ids).delete()
    Alias.objects.bulk_create(
        [
            Alias(street_id=ids[f["properties"]["id"]], name=alias, kind=Alias.Kind.OTHER)
            for f in features
            for alias in (f["properties"].get("aliases") or [])
        ],
        batch_size=5000,
    )
    progress("streets", len(features), len(features))
    return len(features)


def _load_landmarks(path: Path, regions: dict, progress) -> int:
    features = _features(path)
    landmarks = []
    for feature in features:
        props = feature["properties"]
        landmarks.append(Landmark(
            external_id=props["id"], name_fa=props["name_fa"], name_en=props.get("name_en") or "",
            kind=props.get("kind", Landmark.Kind.LANDMARK), subkind=props.get("subkind") or "",
            category_fa=props.get("category_fa") or "", address_fa=props.get("address_fa") or "",
            geom=_geometry(feature), region=regions.get(props.get("region_no")),
            synthetic=bool(props.get("synthetic", False)), source=props.get("source", ""),
        ))
    Landmark.objects.bulk_create(
        landmarks, batch_size=2000, update_conflicts=True, unique_fields=["external_id"],
        update_fields=["name_fa", "name_en", "kind", "subkind", "category_fa", "address_fa", "geom", "region",
                       "synthetic", "source"],
    )
    ids = dict(Landmark.objects.filter(external_id__isnull=False).values_list("external_id", "id"))
    demo_ids = [ids[f["properties"]["id"]] for f in features]
    Alias.objects.filter(landmark_id__in=demo_ids).delete()
    Alias.objects.bulk_create(
        [
            Alias(landmark_id=ids[f["properties"]["id"]], name=alias, kind=Alias.Kind.OTHER)
            for f in features
            for alias in (f["properties"].get("aliases") or [])
        ],
        batch_size=5000,
    )
    # District and neighbourhood by geometry (the files know only the region).
    with connection.cursor() as cursor:
        cursor.execute(
            """
            update addresses_landmark l set district_id = d.id, region_id = coalesce(l.region_id, d.region_id)
            from addresses_district d
            where l.id = any(%s) and st_contains(d.geom, l.geom)
            """,
            [demo_ids],
        )
        cursor.execute(
            """
            update addresses_landmark l set neighbourhood_id = n.id
            from addresses_neighbourhood n
            where l.id = any(%s) and st_contains(n.geom, l.geom)
            """,
            [demo_ids],
        )
    progress("landmarks", len(features), len(features))
    return len(features)


# Where each demo sub-subject's problem is (Category.duplicate_kind): it sets the duplicate check's radius and
# window; anything not listed is along a street (the default).
DUPLICATE_KINDS = {
    "building": ("construction.illegal_construction", "construction.site_safety", "construction.illegal_land_use",
                 "construction.unsafe_building", "facilities.public_toilet", "sports_culture.stadium_facilities",
                 "sports_culture.cultural_centres", "markets.produce_quality", "markets.market_overpricing",
                 "markets.market_staff", "urban_services.rodent_baiting"),
    "point": ("roads.potholes", "roads.manhole_cover", "roads.subsidence", "roads.speed_bump", "roads.curb_repair",
              "roads.excavation_repair", "green_space.fallen_tree", "green_space.tree_power_line",
              "green_space.hazardous_tree", "green_space.illegal_tree_felling", "green_space.tree_pruning",
              "facilities.street_lighting", "facilities.street_furniture", "facilities.drinking_fountain",
              "transport.traffic_light", "transport.traffic_signs", "transport.pedestrian_bridge",
              "urban_services.waste_bins", "urban_services.bin_odour", "urban_services.graffiti_removal",
              "environment.dead_animal", "encroachment.abandoned_vehicle", "encroachment.construction_materials",
              "urban_services.debris_removal"),
    "area": ("environment.noise", "environment.air_pollution", "environment.stray_dogs", "environment.pest_control",
             "green_space.dry_trees", "green_space.irrigation", "green_space.park_maintenance",
             "facilities.park_lighting", "social.rough_sleepers", "social.beggars", "social.homeless_families",
             "social.child_labour", "social.public_drug_use", "urban_services.snow_clearing",
             "urban_services.salting"),
    "none": ("transport.bus_delay_private", "transport.bus_delay_public", "transport.taxi_overcharge",
             "transport.taxi_shortage", "feedback.contractor_oversight", "feedback.contractor_wages",
             "feedback.staff_conduct", "feedback.handling_complaint", "feedback.suggestion", "feedback.thanks",
             "information.request_status", "information.municipal_info", "information.permits_fees",
             "information.traffic_scheme", "information.office_addresses", "sports_culture.stadium_management"),
}
_KIND_OF = {code: kind for kind, codes in DUPLICATE_KINDS.items() for code in codes}


def categories_load(path: Path) -> int:
    """Upsert the two-level category tree from a JSON file."""
    tree = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(tree, dict):
        tree = tree["subjects"]
    count = 0
    for order, subject in enumerate(tree):
        parent, _ = Category.objects.update_or_create(
            code=subject["code"],
            defaults={"name_fa": subject["name_fa"], "name_en": subject.get("name_en", ""), "parent": None,
                      "sort_order": order},
        )
        count += 1
        for child_order, child in enumerate(subject.get("children", [])):
            Category.objects.update_or_create(
                code=child["code"],
                defaults={
                    "parent": parent, "name_fa": child["name_fa"], "name_en": child.get("name_en", ""),
                    "sort_order": child_order,
                    "default_urgency": child.get("urgency_default") or "trackable",
                    "sla_hours": child.get("sla_hours"),
                    "duplicate_kind": _KIND_OF.get(child["code"], "street"),
                },
            )
            count += 1
    return count
