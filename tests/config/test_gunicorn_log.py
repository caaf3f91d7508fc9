"""Gunicorn's access log never holds a credential from a URL: a real gunicorn, a real request, the log file read."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.gunicorn_log import redact_query

ROOT = Path(__file__).resolve().parents[2]


def test_it_redacts_only_the_values_of_credential_parameters():
    assert redact_query("secret=abc&text=hi") == "secret=REDACTED&text=hi"
    assert redact_query("a=1&Api_Key=zz&TOKEN=t&b=") == "a=1&Api_Key=REDACTED&TOKEN=REDACTED&b="
    assert redact_query("q=%D8%A7&secretary=keep") == "q=%D8%A7&secretary=keep"
    assert redact_query("") == ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_it_keeps_a_webhook_secret_sent_in_the_url_out_of_the_access_log(tmp_path):
    port, access_log = _free_port(), tmp_path / "access.log"
    env = dict(os.environ, SMS_INBOUND_SECRET="do-not-log-me-42", DJANGO_SETTINGS_MODULE="config.settings")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(access_log), "--error-logfile", str(tmp_path / "error.log"),
         "--logger-class", "config.gunicorn_log.RedactingLogger"], cwd=ROOT, env=env)
    try:
        url = f"http://127.0.0.1:{port}/channels/sms/inbound/?secret=do-not-log-me-42&x=1"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(url, data=b"from=09121234567&text=hi"), timeout=5)
                raise AssertionError("the webhook accepted a secret in its URL")
            except urllib.error.HTTPError as error:
                status = error.code
                break
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 400
        for _ in range(50):
            if access_log.exists() and "/channels/sms/inbound/" in access_log.read_text():
                break
            time.sleep(0.1)
        logged = access_log.read_text()
        assert "/channels/sms/inbound/?secret=REDACTED&x=1" in logged and '" 400 ' in logged
        assert "do-not-log-me-42" not in logged + (tmp_path / "error.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
