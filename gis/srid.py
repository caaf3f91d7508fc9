"""Spatial reference systems used across the project."""

WGS84 = 4326  # storage: longitude/latitude
WEB_MERCATOR = 3857  # vector tiles
