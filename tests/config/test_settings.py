"""Production settings: what DJANGO_HTTPS turns on, the Content-Security-Policy, `check --deploy` clean."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ("addresses", "clustering", "frontend_map", "intake", "organization", "reports", "tiles", "workflow",
                "api", "demo", "matching")


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0", DJANGO_HTTPS="1",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="137.city.example")
    env.update(extra)
    return env


def settings_in(env: dict, *names: str) -> dict:
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_it_turns_on_hsts_secure_cookies_and_the_redirect_with_https():
    on = settings_in(production_env(), "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
                     "CSRF_COOKIE_SECURE", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER")
    assert on == {"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SESSION_COOKIE_SECURE": True,
                  "CSRF_COOKIE_SECURE": True, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                  "SECURE_PROXY_SSL_HEADER": None}  # no proxy configured: X-Forwarded-Proto means nothing
    behind = settings_in(production_env(TRUSTED_PROXIES="10.0.0.5,172.18.0.0/16"), "SECURE_PROXY_SSL_HEADER",
                         "TRUSTED_PROXIES")
    assert behind == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
                      "TRUSTED_PROXIES": ["10.0.0.5", "172.18.0.0/16"]}
    off = settings_in(production_env(DJANGO_HTTPS="0"), "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                      "SESSION_COOKIE_SECURE")
    assert off == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0, "SESSION_COOKIE_SECURE": False}


@pytest.mark.slow
def test_it_passes_check_deploy_with_a_production_environment():
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=production_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_inline_script_or_style(client):
    response = client.get("/accounts/login/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"  # WebAssembly (map labels' shaping), no JS eval
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "blob:" in policy["worker-src"]  # MapLibre GL's workers
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_it_keeps_every_template_free_of_inline_script_and_style():
    found = []
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("templates/**/*.html")):
            text = path.read_text(encoding="utf-8")
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []
