"""Importers of address data: boundaries (GeoJSON / Shapefile / GeoPackage via GDAL), OpenStreetMap (.osm/.osm.pbf
via GDAL's OSM driver) and CSV address books. Each runs in one transaction, is idempotent (upserts by a stable
key), reports per-row errors with their line or feature number and a summary of counts, assigns region and
district by geometry and bumps the address data version so the gazetteer rebuilds."""
