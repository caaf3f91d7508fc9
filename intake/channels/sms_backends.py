"""Outbound SMS backends, chosen by `settings.SMS_BACKEND` (a dotted path; console by default).

- ConsoleBackend: logs the message (development).
- FileBackend: appends JSON lines to `settings.SMS_FILE_PATH` (development, tests).
- HttpProviderBackend: an SMS operator's HTTP API (Kavenegar-style `POST {base}/{api_key}/sms/send.json`).
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsSendError(Exception):
    """The message could not be handed to the provider now; try again later."""


class ConsoleBackend:
    def send(self, *, phone: str, text: str) -> str:
        ref = uuid.uuid4().hex[:16]
        log.info("SMS to %s: %s", phone, text)
        return ref


class FileBackend:
    def __init__(self, path: str | None = None):
        self.path = Path(path or getattr(settings, "SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms" / "outbox.jsonl"))

    def send(self, *, phone: str, text: str) -> str:
        ref = uuid.uuid4().hex[:16]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"ref": ref, "phone": phone, "text": text}, ensure_ascii=False) + "\n")
        return ref


class HttpProviderBackend:
    """The provider answers {"return": {"status": 200}, "entries": [{"messageid": …}]}; anything else is a failure."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, sender: str | None = None,
                 timeout: float = 10):
        self.base_url = (base_url or getattr(settings, "SMS_HTTP_BASE_URL", "")).rstrip("/")
        self.api_key = api_key or getattr(settings, "SMS_HTTP_API_KEY", "")
        self.sender = sender or getattr(settings, "SMS_HTTP_SENDER", "")
        self.timeout = timeout

    def send(self, *, phone: str, text: str) -> str:
        if not self.base_url or not self.api_key:
            raise SmsSendError("SMS provider is not configured (SMS_HTTP_BASE_URL, SMS_HTTP_API_KEY)")
        body = urllib.parse.urlencode({"receptor": phone, "message": text, "sender": self.sender}).encode()
        url = f"{self.base_url}/{urllib.parse.quote(self.api_key)}/sms/send.json"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"),
                                        timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            raise SmsSendError(f"provider unreachable or failing: {error}") from error
        if payload.get("return", {}).get("status") != 200 or not payload.get("entries"):
            raise SmsSendError(f"provider refused: {payload.get('return')}")
        return str(payload["entries"][0].get("messageid", ""))


LEGACY_PREFIX = "requests_app."  # where the backends lived before intake moved out of requests_app


def sms_backend():
    path = getattr(settings, "SMS_BACKEND", "intake.channels.sms_backends.ConsoleBackend")
    if path.startswith(LEGACY_PREFIX):  # an .env written for the previous release keeps working
        path = "intake." + path[len(LEGACY_PREFIX):]
    return import_string(path)()
