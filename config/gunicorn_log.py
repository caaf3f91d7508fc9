"""Gunicorn's access log without credentials: the value of a query parameter that carries one (`?secret=`,
`?token=`, `?key=` …) is written as `REDACTED`. Our webhooks refuse such URLs (intake.channels.webhooks), but the
request line is logged before any view runs. Used as `gunicorn --logger-class config.gunicorn_log.RedactingLogger`
(scripts/run.sh, docker-compose.yml). Imports nothing of Django: gunicorn's master loads it before the app."""

from urllib.parse import unquote_plus

from gunicorn.glogging import Logger

CREDENTIAL_NAMES = frozenset({"secret", "webhook_secret", "token", "access_token", "key", "api_key", "apikey",
                              "signature", "sig", "password", "passwd", "pwd"})
REDACTED = "REDACTED"


def redact_query(query: str) -> str:
    """`query` with the value of every credential-like parameter replaced; everything else kept byte for byte."""
    if not query:
        return query
    parts = []
    for part in query.split("&"):
        name, sep, _value = part.partition("=")
        if sep and unquote_plus(name).strip().lower() in CREDENTIAL_NAMES:
            part = f"{name}={REDACTED}"
        parts.append(part)
    return "&".join(parts)


class RedactingLogger(Logger):
    """Gunicorn's logger whose request-line (`%(r)s`) and query (`%(q)s`) atoms hold no credential."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        query = environ.get("QUERY_STRING", "")
        clean = redact_query(query)
        if clean != query:
            atoms["q"] = clean
            atoms["r"] = atoms["r"].replace(query, clean)
        return atoms
