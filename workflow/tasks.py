"""Periodic workflow tasks (they only call services)."""

from celery import shared_task

from workflow.selectors import cases_due_for_escalation
from workflow.services import case_escalate


@shared_task(name="workflow.tasks.escalate_overdue_cases", acks_late=True)
def escalate_overdue_cases() -> int:
    """Escalate every overdue case to its unit supervisor once per stay in a box; returns how many. Idempotent."""
    return sum(1 for case_id in list(cases_due_for_escalation()[:5000]) if case_escalate(case_id=case_id))
