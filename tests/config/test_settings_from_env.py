"""Settings read from the environment: safe defaults, and a wrong value fails fast (config/settings.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env) -> subprocess.CompletedProcess:
    """config.settings imported in a fresh interpreter with `env` (and no upload settings of this shell's)."""
    base = {k: v for k, v in os.environ.items() if k not in ("UPLOAD_SCAN", "CLAMD_SOCKET")}
    return subprocess.run([sys.executable, "-c", "import config.settings as s; print(s.UPLOAD_SCAN, s.CLAMD_SOCKET)"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**base, "DJANGO_SECRET_KEY": "x", **env})


def test_it_scans_uploads_with_the_local_clamd_by_default():
    done = _settings()
    assert done.returncode == 0, done.stderr
    mode, socket = done.stdout.split()
    assert mode == "required" and socket.endswith("var/run/clamd.sock")


def test_it_refuses_an_unknown_upload_scan_mode():
    done = _settings(UPLOAD_SCAN="sometimes")
    assert done.returncode != 0 and "UPLOAD_SCAN is required, optional or off" in done.stderr
    assert _settings(UPLOAD_SCAN=" Off ").stdout.split()[0] == "off"
