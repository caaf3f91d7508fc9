"""The production-like stack's files are checked for structure (no Docker engine runs here)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_it_defines_postgis_redis_web_worker_and_beat():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgis/postgis:")
    assert services["redis"]["image"].startswith("redis:")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:3] == ["celery", "-A", "config"] and "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_it_configures_the_app_containers_from_the_environment_only():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY")  # never a committed secret
        assert services[name]["build"] == "."


def test_it_waits_for_healthy_services_and_migrations_before_serving():
    services = compose()["services"]
    assert services["db"]["healthcheck"]["test"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "pgdata" in compose()["volumes"]


def test_it_builds_an_image_from_pinned_hashed_requirements_and_the_npm_lock():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.txt" in dockerfile
    assert "npm ci" in dockerfile
    assert "gunicorn" in dockerfile
    assert "USER " in dockerfile  # does not run as root


def test_it_scans_uploads_with_the_stacks_own_clamd():
    services = compose()["services"]
    assert services["clamav"]["image"].startswith("clamav/") and "ports" not in services["clamav"]  # not published
    assert "clamdb:/var/lib/clamav" in services["clamav"]["volumes"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["CLAMD_SOCKET"] == "tcp://clamav:3310" and env["UPLOAD_SCAN"].startswith("${UPLOAD_SCAN:-required")
