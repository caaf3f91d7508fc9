"""Small data for workflow tests: categories, requests, references with scoped experts."""

import itertools

from django.utils import timezone

from intake.models import Category, Channel, ServiceRequest
from intake.tracking import luhn_check_digit

_seq = itertools.count(1)


def category_make(*, code: str | None = None, sla_hours: int | None = 24) -> Category:
    n = next(_seq)
    parent, _ = Category.objects.get_or_create(code="wf-subject", defaults={"name_fa": "خدمات شهری"})
    return Category.objects.create(
        parent=parent, code=code or f"wf-sub-{n}", name_fa=f"زیرموضوع {n}", sla_hours=sla_hours,
    )


def tracking_code_make() -> str:
    body = f"{10000000 + next(_seq) * 7919 % 89999999:08d}"
    return body + luhn_check_digit(body)


def request_make(*, category: Category | None = None, region=None, citizen=None, created_by=None,
                 text: str = "چاله در آسفالت خیابان", channel: str = Channel.PHONE) -> ServiceRequest:
    return ServiceRequest.objects.create(
        tracking_code=tracking_code_make(), channel=channel, category=category or category_make(), text=text,
        region=region, citizen=citizen, created_by=created_by, created_at=timezone.now(),
    )


def reference_make(*, name: str = "سازمان پسماند", kind: str = "organisation", region=None, categories=(),
                   parent=None):
    from organization.models import Reference, Unit

    n = next(_seq)
    ref = Reference.objects.create(code=f"ref-{n}", name=name, kind=kind, region=region, parent=parent)
    ref.categories.set(categories)
    Unit.objects.create(reference=ref, name=f"واحد {n}")
    return ref


def official_make(*, reference, first_name: str = "کامران", last_name: str = "نوری"):
    from organization.models import Official

    return Official.objects.create(unit=reference.units.first(), first_name=first_name, last_name=last_name,
                                   title="مدیر", phone="02188776655")
