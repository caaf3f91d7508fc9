"""scripts/services.sh starts and stops the project-local clamd (here in a throw-away copy of the tree: its own
var/, no PostgreSQL or Redis of its own, so the running ones are never touched)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from intake.scanning import clamd_ping, clamd_scan
from tests.fixtures.uploads.corpus import EICAR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree():
    root = Path(tempfile.mkdtemp(prefix="svc", dir="/tmp"))  # short: a unix socket path has at most 107 bytes
    (root / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "services.sh", root / "scripts" / "services.sh")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _services(root: Path, command: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAMD_SOCKET", "CLAMAV_DB_DIR")}
    env.update(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none", REDIS_URL="redis://127.0.0.1:1/0",
               LOCAL_REDIS_PORT="1", LOCAL_PG_PORT="1")  # services that are "elsewhere": none is started or stopped
    return subprocess.run(["bash", str(root / "scripts" / "services.sh"), command], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("clamd") is None, reason="clamd is not installed (scripts/install_system_deps.sh)")
def test_it_starts_a_local_clamd_with_the_eicar_signature_once_and_stops_it(tree):
    socket = str(tree / "var" / "run" / "clamd.sock")
    try:
        up = _services(tree, "up")
        assert up.returncode == 0, up.stderr
        assert "Starting clamd" in up.stdout and clamd_ping(address=socket)
        assert clamd_scan(EICAR, address=socket).infected
        assert (tree / "var" / "clamav" / "db" / "local.ndb").read_text().startswith("Eicar-Test-Signature:0:*:")
        again = _services(tree, "up")
        assert again.returncode == 0 and "Starting clamd" not in again.stdout  # already running: left alone
        assert "clamd: running" in _services(tree, "status").stdout
    finally:
        down = _services(tree, "down")
    assert down.returncode == 0 and "Stopping clamd" in down.stdout
    assert not clamd_ping(address=socket)
    assert "clamd: stopped" in _services(tree, "status").stdout


def test_it_leaves_clamd_to_the_deployment_when_clamd_socket_is_set(tree):
    env_file = tree / ".env"
    env_file.write_text("CLAMD_SOCKET=/run/clamav/clamd.ctl\n", encoding="utf-8")
    up = _services(tree, "up")
    assert up.returncode == 0, up.stderr
    assert "clamd" not in up.stdout and not (tree / "var" / "run" / "clamd.sock").exists()
    assert "CLAMD_SOCKET=/run/clamav/clamd.ctl" in env_file.read_text(encoding="utf-8")  # kept in .env
