"""Reads of requests and citizens for intake."""

from intake.models import Citizen, ServiceRequest
from intake.phones import InvalidPhoneNumber, normalize_phone, to_ascii_digits


def citizen_lookup(*, query: str) -> Citizen | None:
    """A citizen by phone number (any written form) or subscription code."""
    query = to_ascii_digits((query or "").strip())
    if not query:
        return None
    citizen = Citizen.objects.filter(subscription_code=query).first()
    if citizen is not None:
        return citizen
    try:
        phone = normalize_phone(query)
    except InvalidPhoneNumber:
        return None
    return Citizen.objects.filter(phone=phone).first()


def citizen_requests(*, citizen: Citizen, limit: int = 20) -> list[ServiceRequest]:
    """The citizen's own messages and the cases they co-reported, newest first."""
    own = ServiceRequest.objects.filter(citizen=citizen)
    co = ServiceRequest.objects.filter(co_reporters__citizen=citizen)
    return list((own | co).distinct().select_related("category", "category__parent").order_by("-created_at")[:limit])


def request_by_tracking_code(*, code: str) -> ServiceRequest | None:
    code = to_ascii_digits((code or "").strip())
    if not code.isdigit():
        return None
    return (ServiceRequest.objects.select_related("category", "category__parent", "region", "district")
            .filter(tracking_code=code).first())


def category_tree() -> list[tuple]:
    """Active subjects with their active sub-subjects, in order: [(subject, [sub-subject, …])] (for the forms)."""
    from intake.models import Category
    from intake.services import UNCLASSIFIED_CODE

    subjects = (Category.objects.filter(parent__isnull=True, is_active=True).exclude(code=UNCLASSIFIED_CODE)
                .prefetch_related("children").order_by("sort_order", "code"))
    return [(s, [c for c in s.children.all() if c.is_active]) for s in subjects]
