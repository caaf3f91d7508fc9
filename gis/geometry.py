"""Geometry validation helpers shared by importers and services."""

from django.contrib.gis.geos import GEOSGeometry, MultiLineString, MultiPolygon, Point

from gis.srid import WGS84


class InvalidGeometry(ValueError):
    """Raised when input geometry cannot be stored."""


def as_multipolygon(geometry: GEOSGeometry) -> MultiPolygon:
    """Repair if needed and return a MultiPolygon in EPSG:4326."""
    geom = _in_wgs84(geometry)
    if not geom.valid:
        geom = geom.make_valid()
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=WGS84)
    elif geom.geom_type == "GeometryCollection":
        polygons = [part for part in geom if part.geom_type in ("Polygon", "MultiPolygon")]
        flat = [p for part in polygons for p in (part if part.geom_type == "MultiPolygon" else [part])]
        geom = MultiPolygon(*flat, srid=WGS84)
    if geom.geom_type != "MultiPolygon":
        raise InvalidGeometry(f"expected a polygon, got {geom.geom_type}")
    return geom


def as_multilinestring(geometry: GEOSGeometry) -> MultiLineString:
    geom = _in_wgs84(geometry)
    if geom.geom_type == "LineString":
        geom = MultiLineString(geom, srid=WGS84)
    if geom.geom_type != "MultiLineString":
        raise InvalidGeometry(f"expected a line, got {geom.geom_type}")
    return geom


def point(lon: float, lat: float) -> Point:
    """A validated WGS84 point."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidGeometry(f"coordinates out of range: lon={lon}, lat={lat}")
    return Point(lon, lat, srid=WGS84)


def _in_wgs84(geometry: GEOSGeometry) -> GEOSGeometry:
    geom = geometry.clone()
    if geom.srid is None:
        geom.srid = WGS84
    elif geom.srid != WGS84:
        geom.transform(WGS84)
    return geom
