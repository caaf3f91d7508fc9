"""Layer exports of a run for planners' GIS: GeoJSON, GeoPackage, zipped Shapefile, CSV with WKT, KML.

Everything but GeoJSON is written by GDAL's `ogr2ogr` (Debian's gdal-bin) from a GeoJSON we write ourselves.
Every export carries the run's parameters, its time window and the attribution, three ways: as columns on each
feature (`run_id`, `kind`, `params`, `win_start`, `win_end`, `attrib`), as layer metadata where the format has
it (GeoPackage `-mo`, GeoJSON foreign members), and as a README in the Shapefile zip. KML is written by GDAL's own
KML driver (LIBKML held a web thread for minutes on some runs); every `ogr2ogr` is stopped after 60 s.
Column names have at most 10 characters so the Shapefile keeps them.
"""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from clustering import selectors
from clustering.models import HotspotRun, RunKind

ATTRIBUTION = "© OpenStreetMap contributors"
LICENCE_NOTE = "Region outlines: © OpenStreetMap contributors (ODbL 1.0). Statistics: 137 platform."


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    content_type: str
    driver: str | None  # None: written directly


FORMATS = {
    "geojson": ExportFormat("geojson", "GeoJSON", "geojson", "application/geo+json", None),
    "gpkg": ExportFormat("gpkg", "GeoPackage", "gpkg", "application/geopackage+sqlite3", "GPKG"),
    "shp": ExportFormat("shp", "Shapefile (zip)", "zip", "application/zip", "ESRI Shapefile"),
    "csv": ExportFormat("csv", "CSV (WKT)", "csv", "text/csv; charset=utf-8", "CSV"),
    "kml": ExportFormat("kml", "KML", "kml", "application/vnd.google-earth.kml+xml", "KML"),
}


class ExportError(RuntimeError):
    """GDAL could not write the export."""


def layer_name(run: HotspotRun) -> str:
    return "clusters" if run.kind == RunKind.DBSCAN else "hotspots"


def run_metadata(run: HotspotRun) -> dict:
    return {
        "run_id": run.pk, "kind": run.kind, "params": json.dumps(run.params, sort_keys=True, ensure_ascii=False),
        # the planner's local dates, both inclusive (the stored window is [date_from 00:00, date_to + 1 day 00:00))
        "win_start": run.params.get("date_from", ""), "win_end": run.params.get("date_to", ""),
        "attrib": ATTRIBUTION,
    }


def _feature_properties(run: HotspotRun, properties: dict) -> dict:
    if run.kind == RunKind.DBSCAN:
        out = {"label": properties["label"], "size": properties["size"], "cat_id": properties["category_id"],
               "category": properties["category"] or "", "first_at": properties["first_at"],
               "last_at": properties["last_at"]}
    else:
        out = {"h3": properties["h3"], "count": properties["count"], "neighbours": properties["neighbours"],
               "gi": properties["gi"], "z": properties["z"], "p": properties["p"], "q": properties["q"],
               "gi_bin": properties["gi_bin"]}
        if run.kind == RunKind.EMERGING:
            out.update({"category": properties["category"], "trend_z": properties["trend_z"],
                        "trend_p": properties["trend_p"], "hot_bins": properties["hot_bins"],
                        "cold_bins": properties["cold_bins"]})
    out.update(run_metadata(run))
    return out


def export_geojson(run: HotspotRun) -> dict:
    """The run's layer as GeoJSON, with the run's parameters on every feature and as foreign members."""
    collection = selectors.clusters_geojson(run.pk) if run.kind == RunKind.DBSCAN else selectors.cells_geojson(run.pk)
    for feature in collection["features"]:
        feature["properties"] = _feature_properties(run, feature["properties"])
    collection["name"] = layer_name(run)
    collection["metadata"] = {**run_metadata(run), "params": run.params, "licence": LICENCE_NOTE}
    return collection


def readme_text(run: HotspotRun) -> str:
    meta = run_metadata(run)
    return (
        f"137 platform — hotspot run #{run.pk} ({run.get_kind_display()})\n"
        f"Parameters: {meta['params']}\n"
        f"Time window: {meta['win_start']} — {meta['win_end']} (dates inclusive, Asia/Tehran)\n"
        f"Data version: {run.data_version}\n"
        f"Attribution: {ATTRIBUTION}\n{LICENCE_NOTE}\n"
        "Columns: gi_bin −3…3 = cold/hot at 99/95/90 % confidence after Benjamini–Hochberg FDR; "
        "z, p (two-sided), q (FDR-adjusted p); see clustering/gistar.py and clustering/emerging.py.\n"
    )


EXPORT_TIMEOUT_S = 60  # an export that takes longer is stopped, not left holding a web thread


def _ogr2ogr(args: list[str]) -> None:
    try:
        done = subprocess.run(["ogr2ogr", *args], capture_output=True, text=True, timeout=EXPORT_TIMEOUT_S)
    except subprocess.TimeoutExpired as error:
        raise ExportError(f"ogr2ogr took longer than {EXPORT_TIMEOUT_S} s") from error
    if done.returncode != 0:
        raise ExportError(done.stderr.strip() or f"ogr2ogr exited with {done.returncode}")


def export_run(run: HotspotRun, fmt: str) -> tuple[bytes, str, str]:
    """(content, file name, content type) of a run's layer in one of FORMATS."""
    spec = FORMATS[fmt]
    name = f"hotspot-run-{run.pk}-{layer_name(run)}"
    collection = export_geojson(run)
    if spec.driver is None:
        return json.dumps(collection, ensure_ascii=False).encode(), f"{name}.geojson", spec.content_type
    meta = run_metadata(run)
    with tempfile.TemporaryDirectory(prefix="hotspot-export-") as tmp:
        source = Path(tmp) / "source.geojson"
        source.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        layer = layer_name(run)
        common = ["-nln", layer, "-a_srs", "EPSG:4326"]
        if fmt == "gpkg":
            target = Path(tmp) / f"{name}.gpkg"
            args = ["-f", "GPKG", str(target), str(source), *common,
                    "-lco", f"DESCRIPTION={readme_text(run)}", "-lco", f"IDENTIFIER={name}"]
            for key in ("run_id", "kind", "params", "win_start", "win_end", "attrib"):
                args += ["-mo", f"{key.upper()}={meta[key]}"]
            _ogr2ogr(args)
            return target.read_bytes(), target.name, spec.content_type
        if fmt == "csv":
            target = Path(tmp) / f"{name}.csv"
            _ogr2ogr(["-f", "CSV", str(target), str(source), *common, "-lco", "GEOMETRY=AS_WKT"])
            return target.read_bytes(), target.name, spec.content_type
        if fmt == "kml":
            target = Path(tmp) / f"{name}.kml"
            # GDAL's own KML writer: LIBKML held a web thread for minutes on some runs. It has no document
            # description option; the document carries the run's name, each placemark its fields.
            _ogr2ogr(["-f", "KML", str(target), str(source), *common,
                      "-mapFieldType", "Date=String,DateTime=String",  # KML's schema has no date type
                      "-dsco", f"DOCUMENT_ID={name}"])
            return target.read_bytes(), target.name, spec.content_type
        if fmt == "shp":
            folder = Path(tmp) / "shp"
            folder.mkdir()
            _ogr2ogr(["-f", "ESRI Shapefile", str(folder), str(source), *common, "-lco", "ENCODING=UTF-8"])
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(folder.iterdir()):
                    archive.write(path, f"{name}/{path.name}")
                archive.writestr(f"{name}/README.txt", readme_text(run))
            return buffer.getvalue(), f"{name}.zip", spec.content_type
    raise ValueError(fmt)
