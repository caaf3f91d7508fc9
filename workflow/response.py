"""Response and feedback writes: the citizen's survey. Done archives the case; not done returns it to follow-up."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from intake.models import ServiceRequest
from workflow.models import Survey
from workflow.services import TransitionRefused, TransitionResult, transition_execute


def survey_record(*, request: ServiceRequest, actor, satisfaction: int, done: bool, comment: str = "",
                  assignee=None) -> tuple[Survey, TransitionResult]:
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise TransitionRefused(_("Satisfaction is a whole number from 1 to 5."), status=400, code="bad_satisfaction")
    comment = (comment or "").strip()
    with transaction.atomic():
        result = transition_execute(
            request=request, operation="survey_done" if done else "survey_not_done", actor=actor, text=comment,
            assignee=assignee, data={"satisfaction": satisfaction, "done": bool(done)},
        )
        survey = Survey.objects.create(request=request, satisfaction=satisfaction, done=bool(done), comment=comment,
                                       recorded_by=actor)
        return survey, result
