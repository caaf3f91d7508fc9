"""Follow-up writes: the official's answer (جوابیه) with attachments, site visits with photos (resumable chunked
uploads), ratings of the official, correspondence (manual or pushed by office automation), bulk referral."""

from __future__ import annotations

import hashlib
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.attachments import (
    CheckedFile,
    IncomingFile,
    attachment_announce_check,
    attachment_check,
    attachment_quarantine,
    attachment_save,
    attachments_count_check,
    infected_message,
)
from intake.errors import IntakeError
from intake.models import Attachment, RequestHistory, ServiceRequest
from organization.scopes import visible_requests
from workflow.models import (
    ChunkedUpload,
    Correspondence,
    IntegrationToken,
    OfficialAnswer,
    OfficialRating,
    RequestCase,
    SiteVisit,
)
from workflow.services import TransitionRefused, transition_execute

CHUNK_DIR = "uploads-in-progress"


def _check_scope(request: ServiceRequest, user) -> None:
    if not visible_requests(user, ServiceRequest.objects.filter(pk=request.pk)).exists():
        raise TransitionRefused(_("This request is outside your scope."), status=403, code="out_of_scope")


@contextmanager
def _attachment_policy():
    """intake's attachment policy refusals (IntakeError) as the workflow's TransitionRefused, same status."""
    try:
        yield
    except IntakeError as error:
        messages = [m for field_messages in error.errors.values() for m in field_messages]
        raise TransitionRefused(messages[0], status=error.status,
                                code=getattr(error, "code", "bad_attachment")) from error


def _infected_refuse(request: ServiceRequest, user, infected: list[CheckedFile]) -> None:
    """Files a staff member sent that ClamAV found infected: set aside in quarantine (committed whatever happens
    next), then TransitionRefused (422): nothing else is recorded, they send again without them."""
    if not infected:
        return
    with transaction.atomic():
        for checked in infected:
            attachment_quarantine(checked=checked, request=request, actor=user, channel="staff")
    raise TransitionRefused(infected_message(infected[0]), status=422, code="infected")


def attachment_store(*, request: ServiceRequest, user, name: str, content: File | bytes,
                     kind: str = Attachment.Kind.FILE, require_image: bool = False) -> Attachment:
    """Check a file by intake's attachment policy (size, name, sniffed content, no programs, scripts, archives or
    active content, an image re-encoded, an image when a photo is wanted, the virus scan) and store what it keeps
    as an Attachment. TransitionRefused when the policy refuses it, or (422, the file quarantined) when infected."""
    incoming = IncomingFile(name=name, content=content, kind=kind)
    with _attachment_policy():
        checked = attachment_check(incoming, require_image=require_image)
    _infected_refuse(request, user, [checked] if checked.infected else [])
    return attachment_save(request=request, checked=checked, actor=user)


def official_answer_record(*, request: ServiceRequest, actor, text: str, official=None, files=(),
                           send_to_response: bool = True) -> OfficialAnswer:
    """Record the official's answer with its files; by default the case moves on to the response inbox. All or
    nothing: when the answer cannot be recorded (or the case cannot move) no file stays behind."""
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("Write the official's answer."), status=400, code="text_required")
    incoming = [IncomingFile(name=f.name, content=f) for f in files]
    with _attachment_policy():  # every file is checked before anything is written
        attachments_count_check(len(incoming))
        checked = [attachment_check(f) for f in incoming]
    _check_scope(request, actor)
    _infected_refuse(request, actor, [f for f in checked if f.infected])
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            _check_scope(request, actor)
            case = RequestCase.objects.filter(request=request).first()
            official = official or (case.official if case else None)
            answer = OfficialAnswer.objects.create(request=request, official=official, text=text, recorded_by=actor)
            for f in checked:
                stored.append(attachment_save(request=request, checked=f, actor=actor))
            answer.attachments.set(stored)
            data = {"official": official.pk if official else None, "answer_id": answer.pk,
                    "attachments": [a.pk for a in stored]}
            if send_to_response:
                transition_execute(request=request, operation="answer", actor=actor, text=text, data=data)
            else:  # recorded while the case stays where it is: the timeline still shows it
                RequestHistory.objects.create(request=request, action="answer_recorded", from_status=request.status,
                                              to_status=request.status, actor=actor, text=text, data=data,
                                              created_at=timezone.now())
            return answer
    except Exception:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise


def official_rating_record(*, request: ServiceRequest, actor, official, timeliness: int,
                           quality: int) -> OfficialRating:
    """The official's rating for this case (timeliness and quality, 1–5), with a history row."""
    for label, value in (("timeliness", timeliness), ("quality", quality)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise TransitionRefused(_("Ratings are whole numbers from 1 to 5 (%(field)s).") % {"field": label},
                                    status=400, code="bad_rating")
    with transaction.atomic():
        _check_scope(request, actor)
        rating = OfficialRating.objects.create(request=request, official=official, timeliness=timeliness,
                                               quality=quality, rated_by=actor)
        RequestHistory.objects.create(
            request=request, action="official_rating", from_status=request.status, to_status=request.status,
            actor=actor, created_at=rating.created_at,
            data={"official": official.pk, "rating": rating.pk, "timeliness": timeliness, "quality": quality},
        )
        return rating


def site_visit_record(*, request: ServiceRequest, actor, note: str = "", photo_ids=()) -> SiteVisit:
    """A visit with its note and photos (uploaded before, see upload_begin): at most as many as intake allows."""
    photo_ids = list(photo_ids)
    with _attachment_policy():
        attachments_count_check(len(photo_ids))
    with transaction.atomic():
        _check_scope(request, actor)
        visit = SiteVisit.objects.create(request=request, visitor=actor, note=(note or "").strip())
        photos = Attachment.objects.filter(pk__in=photo_ids, request=request)
        visit.photos.set(photos)
        RequestHistory.objects.create(
            request=request, action="site_visit", from_status=request.status, to_status=request.status, actor=actor,
            text=visit.note, data={"visit": visit.pk, "photos": [p.pk for p in photos]},
            created_at=visit.created_at,
        )
        return visit


# ---------------------------------------------------------------------------------------------- resumable upload

def _chunk_path(upload: ChunkedUpload) -> Path:
    return Path(settings.MEDIA_ROOT) / CHUNK_DIR / f"{upload.pk}.part"


def upload_begin(*, request: ServiceRequest, user, filename: str, size: int, content_type: str = "") -> ChunkedUpload:
    """Announce a photo upload: its name and size are checked by intake's policy now, its bytes when complete."""
    _check_scope(request, user)
    with _attachment_policy():
        attachment_announce_check(filename, size)
    upload = ChunkedUpload.objects.create(request=request, user=user, filename=filename[:255], size=size,
                                          content_type=content_type[:120])
    path = _chunk_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return upload


def upload_chunk(*, upload_id, user, offset: int, data: bytes) -> ChunkedUpload:
    """Write bytes at `offset`. A repeated chunk (the phone retried) is harmless; a gap is refused with the offset
    the server has, so the client resumes from there. The last chunk turns the upload into a photo attachment; a
    complete file the attachment policy refuses (not an image, a script) is forgotten, bytes and upload alike."""
    with transaction.atomic():
        upload = ChunkedUpload.objects.select_for_update().filter(pk=upload_id, user=user).first()
        if upload is None:
            raise TransitionRefused(_("Unknown upload."), status=404, code="no_upload")
        if upload.attachment_id:
            return upload
        if offset > upload.received or offset < 0:
            raise TransitionRefused(_("Resume from byte %(n)s.") % {"n": upload.received}, status=409, code="gap")
        if offset + len(data) > upload.size:
            raise TransitionRefused(_("More bytes than announced."), status=400, code="too_many_bytes")
        path = _chunk_path(upload)
        with open(path, "r+b") as handle:
            handle.seek(offset)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        upload.received = max(upload.received, offset + len(data))
        refused = None
        if upload.received == upload.size:
            try:
                with open(path, "rb") as handle:
                    upload.attachment = attachment_store(
                        request=upload.request, user=user, name=upload.filename,
                        content=File(handle, name=upload.filename), kind=Attachment.Kind.PHOTO, require_image=True,
                    )
            except TransitionRefused as error:
                refused = error
            path.unlink(missing_ok=True)
            if refused is None:
                RequestHistory.objects.create(request=upload.request, action="attach", actor=user,
                                              from_status=upload.request.status, to_status=upload.request.status,
                                              created_at=timezone.now(),
                                              data={"attachments": [upload.attachment.pk], "upload": str(upload.pk)})
        if refused is None:
            upload.save(update_fields=["received", "attachment"])
            return upload
        upload.delete()
    raise refused


# ---------------------------------------------------------------------------------------------- correspondence

def letter_record(*, request: ServiceRequest, letter_number: str, letter_date, subject: str, direction: str,
                  source: str = "manual", actor=None) -> tuple[Correspondence, bool]:
    """Record a letter; the same (source, number, direction) twice returns the first row (pushes are retried)."""
    if direction not in Correspondence.Direction.values:
        raise TransitionRefused(_("Direction is “in” or “out”."), status=400, code="bad_direction")
    if not (letter_number or "").strip() or not (subject or "").strip():
        raise TransitionRefused(_("A letter needs a number and a subject."), status=400, code="bad_letter")
    if actor is not None:
        _check_scope(request, actor)
    try:
        with transaction.atomic():
            letter = Correspondence.objects.create(
                request=request, letter_number=letter_number.strip(), letter_date=letter_date,
                subject=subject.strip(), direction=direction, source=source, recorded_by=actor,
            )
            RequestHistory.objects.create(
                request=request, action="letter", from_status=request.status, to_status=request.status, actor=actor,
                text=f"{letter.letter_number}: {letter.subject}",
                data={"letter": letter.pk, "direction": direction, "source": source}, created_at=letter.created_at,
            )
            return letter, True
    except IntegrityError:
        return Correspondence.objects.get(source=source, letter_number=letter_number.strip(),
                                          direction=direction), False


def integration_token_create(*, name: str) -> str:
    """A new token for an outside system; the plain token is shown once, only its hash is kept."""
    token = secrets.token_urlsafe(32)
    IntegrationToken.objects.create(name=name, token_hash=hashlib.sha256(token.encode()).hexdigest())
    return token


def integration_token_check(token: str) -> IntegrationToken | None:
    if not token:
        return None
    return IntegrationToken.objects.filter(token_hash=hashlib.sha256(token.encode()).hexdigest(),
                                           is_active=True).first()


# ---------------------------------------------------------------------------------------------- bulk referral

def cases_refer_bulk(*, requests, operation: str, actor, text: str = "", assignee=None,
                     data: dict | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """Apply one operation with one description to several requests; each is its own transaction.
    Returns (done tracking codes, [(tracking code, reason)] refused)."""
    done, refused = [], []
    for request in requests:
        try:
            transition_execute(request=request, operation=operation, actor=actor, text=text, assignee=assignee,
                               data=data)
            done.append(request.tracking_code)
        except TransitionRefused as exc:
            refused.append((request.tracking_code, str(exc.message)))
    return done, refused
