"""Every export format opens with GDAL and round-trips the attributes, parameters, window and attribution."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.gis.gdal import DataSource
from django.utils import timezone

from clustering import exports, services
from clustering.models import HotspotCell
from tests.clustering.factories import categories, make_requests

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def finished_runs(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from tests.personas import make_persona

        planner = make_persona("planner") if not _user_exists("reza") else _user("reza")
        _, pothole, flood = categories()
        make_requests(pothole, n=150, n_hot=80, seed=21)
        make_requests(flood, n=10, n_hot=20, seed=22, hot_spread=0.0004, days=7)
        gistar_run, _ = services.run_start(user=planner, kind="gistar", raw_params={"k": 1}, enqueue=False)
        services.run_execute(run_id=gistar_run.pk)
        dbscan_run, _ = services.run_start(user=planner, kind="dbscan", raw_params={"eps_m": 150, "min_samples": 6},
                                           enqueue=False)
        services.run_execute(run_id=dbscan_run.pk)
        emerging_run, _ = services.run_start(user=planner, kind="emerging", raw_params={
            "bin": "week", "date_from": (timezone.localdate() - timedelta(days=55)).isoformat()},
                                             enqueue=False)
        services.run_execute(run_id=emerging_run.pk)
        gistar_run.refresh_from_db()
        dbscan_run.refresh_from_db()
        emerging_run.refresh_from_db()
        yield gistar_run, dbscan_run, emerging_run
        from clustering.models import HotspotRun
        from intake.models import Category, ServiceRequest

        HotspotRun.objects.all().delete()
        ServiceRequest.objects.all().delete()
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        _user("reza").delete()


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def _user_exists(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=name).exists()


def open_with_gdal(tmp_path, fmt, content, filename):
    path = tmp_path / filename
    path.write_bytes(content)
    if fmt == "shp":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.extractall(tmp_path)
            readme = archive.read(next(n for n in archive.namelist() if n.endswith("README.txt"))).decode()
            shp = next(n for n in archive.namelist() if n.endswith(".shp"))
        assert "© OpenStreetMap contributors" in readme and "Time window" in readme
        return DataSource(str(tmp_path / shp))
    return DataSource(str(path))


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_it_round_trips_a_gistar_layer_through_gdal(finished_runs, tmp_path, fmt):
    run, _, _ = finished_runs
    content, filename, _ = exports.export_run(run, fmt)
    source = open_with_gdal(tmp_path, fmt, content, filename)
    layer = source[0]
    assert len(layer) == run.cells.count()
    fields = set(layer.fields)
    assert {"h3", "count", "z", "p", "q", "gi_bin", "params", "win_start", "win_end", "attrib"} <= fields
    stored = {f"{c.cell:x}": c for c in HotspotCell.objects.filter(run=run)}
    hot_seen = 0
    for feature in layer:
        cell = stored[str(feature.get("h3"))]
        assert int(feature.get("count")) == cell.count
        assert int(feature.get("gi_bin")) == cell.gi_bin
        assert abs(float(feature.get("z")) - cell.z) < 1e-6
        assert feature.get("attrib") == "© OpenStreetMap contributors"
        assert json.loads(feature.get("params")) == run.params
        assert str(feature.get("win_start")).replace("/", "-")[:10] == run.params["date_from"]
        assert str(feature.get("win_end")).replace("/", "-")[:10] == run.params["date_to"]
        hot_seen += cell.gi_bin == 3
        if fmt != "csv":
            assert feature.geom.geom_type.name.startswith("Polygon") or feature.geom.geom_type.name == "Polygon25D"
    assert hot_seen >= 1


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_it_round_trips_persian_cluster_names(finished_runs, tmp_path, fmt):
    _, run, _ = finished_runs
    content, filename, _ = exports.export_run(run, fmt)
    layer = open_with_gdal(tmp_path, fmt, content, filename)[0]
    assert len(layer) == run.clusters.count() >= 1
    assert "آب‌گرفتگی" in {feature.get("category") for feature in layer}


def test_it_writes_run_metadata_into_the_geopackage_layer(finished_runs, tmp_path):
    import subprocess

    run, _, _ = finished_runs
    content, filename, _ = exports.export_run(run, "gpkg")
    (tmp_path / filename).write_bytes(content)
    info = subprocess.run(["ogrinfo", "-so", str(tmp_path / filename), "hotspots"], capture_output=True, text=True)
    assert "ATTRIB=© OpenStreetMap contributors" in info.stdout
    assert f"RUN_ID={run.pk}" in info.stdout and "WIN_START=" in info.stdout


@pytest.mark.parametrize("fmt", ["gpkg", "csv", "kml"])
def test_it_round_trips_emerging_categories_and_trends(finished_runs, tmp_path, fmt):
    _, _, run = finished_runs
    content, filename, _ = exports.export_run(run, fmt)
    layer = open_with_gdal(tmp_path, fmt, content, filename)[0]
    stored = {f"{c.cell:x}": c for c in HotspotCell.objects.filter(run=run)}
    assert len(layer) == len(stored) and {"category", "trend_z", "hot_bins"} <= set(layer.fields)
    categories = set()
    for feature in layer:
        cell = stored[str(feature.get("h3"))]
        assert (feature.get("category") or "") == cell.category
        assert abs(float(feature.get("trend_z")) - cell.trend_z) < 1e-6
        assert int(feature.get("hot_bins")) == cell.hot_bins
        categories.add(cell.category)
    assert categories - {""}  # some pattern was found and survived the trip


def test_it_stops_an_export_that_takes_too_long_with_a_clear_error(finished_runs, monkeypatch):
    """A real ogr2ogr given no time at all: the export is stopped and reported, never left holding a thread."""
    run, _, _ = finished_runs
    monkeypatch.setattr(exports, "EXPORT_TIMEOUT_S", 0.001)
    with pytest.raises(exports.ExportError, match="longer than"):
        exports.export_run(run, "kml")
