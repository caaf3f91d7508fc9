"""The question checklist: which questions a channel and sub-subject ask, and checking the answers given."""

from datetime import date

import jdatetime
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError, msg
from intake.models import Category, Question
from intake.phones import to_ascii_digits

ANSWER_MAX = 1000
YES = {"yes", "true", "1", "on", "بله", "آری"}
NO = {"no", "false", "0", "off", "خیر", "نه"}


def questions_for(*, channel: str, category: Category) -> list[Question]:
    """Active questions of the sub-subject for this channel (and those asked on every channel), in order."""
    return list(Question.objects.filter(Q(channel="") | Q(channel=channel), category=category, is_active=True)
                .order_by("sort_order", "id"))


def _parse_date(text: str) -> date:
    """ISO (2025-03-01) or Jalali (1403/12/11) dates."""
    text = to_ascii_digits(text.strip()).replace("-", "/")
    year, month, day = (int(part) for part in text.split("/"))
    if year < 1700:
        return jdatetime.date(year, month, day).togregorian()
    return date(year, month, day)


def answer_clean(question: Question, raw):
    """The stored value of one answer, or ValueError with a message."""
    kind = question.kind
    if kind == Question.Kind.MULTI:
        values = raw if isinstance(raw, (list, tuple)) else [v for v in str(raw).split("\n") if v.strip()]
        values = [str(v).strip() for v in values if str(v).strip()]
        if any(v not in question.choice_list for v in values):
            raise ValueError(_("Choose among the listed choices."))
        return values
    text = str(raw).strip() if raw is not None else ""
    if kind == Question.Kind.TEXT:
        if len(text) > ANSWER_MAX:
            raise ValueError(msg(_("An answer may have at most %(limit)s characters."), limit=ANSWER_MAX))
        return text
    if kind == Question.Kind.NUMBER:
        try:
            number = float(to_ascii_digits(text).replace("٫", "."))
        except ValueError:
            raise ValueError(_("Enter a number.")) from None
        return int(number) if number.is_integer() else number
    if kind == Question.Kind.CHOICE:
        if text not in question.choice_list:
            raise ValueError(_("Choose among the listed choices."))
        return text
    if kind == Question.Kind.DATE:
        try:
            return _parse_date(text).isoformat()
        except (ValueError, TypeError):
            raise ValueError(_("Enter a date such as 1403/12/11.")) from None
    if kind == Question.Kind.YES_NO:
        if isinstance(raw, bool):
            return raw
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(_("Answer yes or no."))
    raise ValueError(_("Unknown question kind."))


def _is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, (list, tuple)) and not raw)


def answers_check(*, channel: str, category: Category, answers: dict, required: bool = True) -> list[tuple]:
    """[(question, value)] for the given answers (keyed by question id); IntakeError naming each bad answer."""
    questions = questions_for(channel=channel, category=category)
    by_id = {str(q.pk): q for q in questions}
    errors: dict[str, list] = {}
    for key in answers:
        if str(key) not in by_id:
            errors[f"answers.{key}"] = [_("This question does not belong to this sub-subject and channel.")]
    cleaned = []
    for question in questions:
        raw = answers.get(str(question.pk), answers.get(question.pk))
        if _is_empty(raw):
            if required and question.required:
                errors[f"answers.{question.pk}"] = [msg(_("Answer the required question: %(question)s"),
                                                        question=question.text)]
            continue
        try:
            cleaned.append((question, answer_clean(question, raw)))
        except ValueError as error:
            errors[f"answers.{question.pk}"] = [msg(_("%(question)s: %(problem)s"), question=question.text,
                                                    problem=error.args[0])]
    if errors:
        raise IntakeError(errors)
    return cleaned
