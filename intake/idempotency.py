"""Idempotent creation for API clients: the same Idempotency-Key and body never create two requests."""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError
from intake.models import IdempotencyRecord

KEY_MAX = 200


def body_fingerprint(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def idempotent_create(*, user, key: str, body_hash: str, create: Callable[[], tuple[int, dict, object]]
                      ) -> tuple[int, dict, bool]:
    """Run `create` once per (user, key): returns (status, body, replayed).

    The key's row and the request are written in one transaction, so a failed creation leaves no key behind,
    and a concurrent second call waits on the key's unique index, then answers what the first one stored."""
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX:
        raise IntakeError.on("Idempotency-Key", _("An Idempotency-Key has 1 to 200 characters."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=user, key=key, body_hash=body_hash)
        except IntegrityError:
            record = IdempotencyRecord.objects.select_for_update().get(user=user, key=key)
            if record.body_hash != body_hash:
                raise IntakeError.on("Idempotency-Key", _(
                    "This Idempotency-Key was already used with a different body."), status=422) from None
            return record.response["status"], record.response["body"], True
        status, body, request = create()
        record.request = request
        record.response = {"status": status, "body": body}
        record.save(update_fields=["request", "response"])
    return status, body, False
