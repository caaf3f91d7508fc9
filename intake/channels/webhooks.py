"""How a webhook caller (an SMS provider, the telephony server) proves it knows the shared secret: in a header,
never in the URL (a URL lands in access logs, proxies' logs and browser histories).

- `X-Webhook-Secret: <secret>` — the secret itself, compared in constant time; or
- `X-Webhook-Signature: sha256=<hex>` — HMAC-SHA256 of the raw body with the secret as key, for providers that
  sign their callbacks (the secret never travels). With `X-Webhook-Timestamp: <unix seconds>` the MAC covers
  `<timestamp>.<body>` and a timestamp more than five minutes away is refused (a captured call cannot be replayed).

A request that carries a credential in its query string (`?secret=…`, `?token=…`) is refused with 400 whether or
not a header is right too, so a misconfigured provider is noticed at once; the value is never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Webhook-Secret"
SIGNATURE_HEADER = "X-Webhook-Signature"
TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SIGNATURE_MAX_AGE_S = 300
# query parameter names (lower case) that carry a credential
URL_CREDENTIAL_NAMES = frozenset({"secret", "webhook_secret", "token", "access_token", "key", "api_key", "apikey",
                                  "signature", "sig", "password"})

SECRET_IN_URL = _("Send the webhook secret in the X-Webhook-Secret header (or sign the body, X-Webhook-Signature), "
                  "never in the URL: URLs are written to access logs. Change this secret now.")
WRONG_SECRET = _("Wrong or missing webhook secret.")
STALE_SIGNATURE = _("The webhook signature's timestamp is too old or in the future.")


def url_credentials(request) -> list[str]:
    """Names of the query parameters that look like credentials (their values are not looked at)."""
    return sorted({name for name in request.GET if name.lower() in URL_CREDENTIAL_NAMES})


def body_signature(secret: str, body: bytes, timestamp: str = "") -> str:
    """The signature a caller sends in X-Webhook-Signature."""
    message = timestamp.encode() + b"." + body if timestamp else body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _signature_ok(request, secret: str, signature: str) -> bool:
    timestamp = request.headers.get(TIMESTAMP_HEADER, "").strip()
    if timestamp:
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE_S:
            raise IntakeError.on("signature", STALE_SIGNATURE, status=403)
    expected = body_signature(secret, request.body, timestamp)
    return hmac.compare_digest(expected.encode(), signature.strip().lower().encode())


def webhook_check(request, *, secret: str, signed_body: bool = False) -> None:
    """Raise IntakeError (400 for a credential in the URL, 403 otherwise) unless the caller proved it knows
    `secret`. With `signed_body` an HMAC signature of the body is accepted instead of the secret itself (the
    body is read: only for webhooks whose bodies are small)."""
    in_url = url_credentials(request)
    if in_url:
        log.warning("webhook %s refused: a credential in the query string (%s); the caller must use a header",
                    request.path, ", ".join(in_url))
        raise IntakeError.on("secret", SECRET_IN_URL, status=400)
    if not secret:
        raise IntakeError.on("secret", WRONG_SECRET, status=403)
    given = request.headers.get(SECRET_HEADER)
    if given is not None:
        if hmac.compare_digest(secret.encode(), given.encode()):
            return
        raise IntakeError.on("secret", WRONG_SECRET, status=403)
    signature = request.headers.get(SIGNATURE_HEADER) if signed_body else None
    if signature and _signature_ok(request, secret, signature):
        return
    raise IntakeError.on("secret", WRONG_SECRET, status=403)
