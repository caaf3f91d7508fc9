"""Reading the console's and the citizens' web form's posts into the registration service's arguments."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from intake.answers import _parse_date
from intake.attachments import IncomingFile, attachments_count_check
from intake.errors import IntakeError
from intake.models import Attachment, Channel, Citizen
from text.bidi import strip_bidi_controls, strip_bidi_controls_deep


def files_from_post(request, *, channel: str) -> list[IncomingFile]:
    kind = Attachment.Kind.LETTER if channel == Channel.LETTER else Attachment.Kind.FILE
    files = [IncomingFile(name=f.name, content=f, kind=kind) for f in request.FILES.getlist("files")]
    for photo in request.FILES.getlist("photo"):
        files.append(IncomingFile(name=photo.name, content=photo, kind=Attachment.Kind.PHOTO))
    recording = request.FILES.get("recording")
    if recording is not None:
        files.append(IncomingFile(name=recording.name, content=recording, kind=Attachment.Kind.RECORDING))
    attachments_count_check(len(files))
    return files


def plain_text(post, name: str, default: str = "") -> str:
    """A posted text field without bidirectional control characters (text.bidi): what is stored is what shows."""
    return strip_bidi_controls(post.get(name, default))


def answers_from_post(post) -> dict:
    answers = {}
    for key in post:
        if key.startswith("q_"):
            values = [v for v in post.getlist(key) if v.strip()]
            answers[key[2:]] = values if len(values) > 1 or key.endswith("_multi") else (values[0] if values else "")
    return strip_bidi_controls_deep({k.removesuffix("_multi"): v for k, v in answers.items()})


def message_kwargs_from_post(request) -> dict:
    """The console's message form as keyword arguments of request_register."""
    post = request.POST
    channel = post.get("channel", Channel.PHONE)
    errors: dict[str, list] = {}
    citizen = None
    if post.get("citizen_id"):
        citizen = Citizen.objects.filter(pk=post["citizen_id"]).first() if post["citizen_id"].isdigit() else None
        if citizen is None:
            errors["citizen"] = [_("Unknown citizen.")]
    letter_date = None
    if post.get("letter_date", "").strip():
        try:
            letter_date = _parse_date(post["letter_date"])
        except (ValueError, TypeError):
            errors["letter_date"] = [_("Enter a date such as 1403/12/11.")]
    assignee = None
    if post.get("assignee"):
        assignee = get_user_model().objects.filter(pk=post["assignee"], is_active=True).first() \
            if post["assignee"].isdigit() else None
        if assignee is None:
            errors["assignee"] = [_("Unknown receiving expert.")]
    files = []
    try:
        files = files_from_post(request, channel=channel)
    except IntakeError as error:
        errors.update(error.errors)
    if errors:
        raise IntakeError(errors)
    return {
        "channel": channel, "category": plain_text(post, "category"), "text": plain_text(post, "text"),
        "citizen": citizen, "lon": post.get("lon") or None, "lat": post.get("lat") or None,
        "address_text": plain_text(post, "address_text"), "urgency": post.get("urgency") or None,
        "answer_text": plain_text(post, "answer_text"), "answers": answers_from_post(post), "files": files,
        "assignee": assignee, "link_to": post.get("link_to") or None,
        "register_anyway_reason": plain_text(post, "register_anyway_reason"),
        "letter_number": plain_text(post, "letter_number"), "letter_date": letter_date,
    }
