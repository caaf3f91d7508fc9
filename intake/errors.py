"""Errors intake reports to people: every message in Persian and English, tied to the field it is about."""

from django.utils import translation


def bilingual(message) -> dict[str, str]:
    """A lazy translatable message rendered in both languages."""
    with translation.override("fa"):
        fa = str(message)
    with translation.override("en"):
        en = str(message)
    return {"fa": fa, "en": en}


class IntakeError(Exception):
    """Input intake refuses. `errors` maps a field name (or "__all__") to lazy messages; `status` is the HTTP code."""

    status = 400

    def __init__(self, errors: dict[str, list], *, status: int | None = None):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        if status is not None:
            self.status = status
        super().__init__(self.as_text("en"))

    @classmethod
    def on(cls, field: str, message, **kwargs) -> "IntakeError":
        return cls({field: [message]}, **kwargs)

    def as_text(self, language: str) -> str:
        with translation.override(language):
            return "; ".join(f"{field}: {msg}" if field != "__all__" else str(msg)
                             for field, messages in self.errors.items() for msg in messages)

    def as_payload(self) -> dict:
        """{"detail": {"fa", "en"}, "errors": {field: [{"fa", "en"}]}} — what APIs and webhooks answer."""
        return {
            "detail": {"fa": self.as_text("fa"), "en": self.as_text("en")},
            "errors": {field: [bilingual(m) for m in messages] for field, messages in self.errors.items()},
        }


class DuplicateDecisionNeeded(IntakeError):
    """An operator must link the call to one of these open cases or register anyway with a reason."""

    status = 409

    def __init__(self, candidates: list):
        from django.utils.translation import gettext_lazy as _

        self.candidates = candidates
        super().__init__({"__all__": [
            _("Possible duplicates found: link to an open case or give a reason to register anyway."),
        ]})


class Message:
    """A lazy message with parameters, rendered in whichever language is active when it is shown."""

    def __init__(self, text, params: dict):
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % self.params

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"


def msg(text, **params) -> Message:
    return Message(text, params)
