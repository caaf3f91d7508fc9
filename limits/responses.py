"""429 Too Many Requests, in Persian and English, with Retry-After: an HTML page for people, JSON for programs."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from text.digits import to_persian_digits


def wait_phrases(seconds: int) -> tuple[str, str]:
    """How long to wait, in Persian and in English ("۳ دقیقه", "3 minutes")."""
    seconds = max(1, int(seconds))
    if seconds < 120:
        return f"{to_persian_digits(seconds)} ثانیه", f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 120:
        return f"{to_persian_digits(minutes)} دقیقه", f"{minutes} minutes"
    hours = -(-minutes // 60)
    return f"{to_persian_digits(hours)} ساعت", f"{hours} hours"


def too_many_messages(seconds: int, what_fa: str = "", what_en: str = "") -> tuple[str, str]:
    """The sentence of a refusal in both languages; `what_*` says which limit (optional)."""
    wait_fa, wait_en = wait_phrases(seconds)
    fa = f"{what_fa or 'تعداد درخواست‌ها بیش از حد مجاز است'}. لطفاً {wait_fa} دیگر دوباره تلاش کنید."
    en = f"{what_en or 'Too many requests'}. Please try again in {wait_en}."
    return fa, en


def too_many(request, retry_after: int, *, what_fa: str = "", what_en: str = "", status: int = 429,
             template: str = "limits/too_many.html", context: dict | None = None):
    """The page (or JSON, for a client that asks for it) telling the visitor to wait `retry_after` seconds."""
    fa, en = too_many_messages(retry_after, what_fa, what_en)
    wants_json = "application/json" in request.headers.get("Accept", "") or request.path.startswith("/api/")
    if wants_json:
        response = JsonResponse(
            {"errors": {"__all__": [fa, en]}, "message": fa if _persian(request) else en, "message_fa": fa,
             "message_en": en, "code": "throttled", "retry_after": int(retry_after)},
            status=status, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, template, {"message_fa": fa, "message_en": en, "retry_after": int(retry_after),
                                              **(context or {})}, status=status)
    response["Retry-After"] = str(max(1, int(retry_after)))
    response["Cache-Control"] = "no-store"
    return response


def _persian(request) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "") or "fa").startswith("fa")
