"""Follow-up writes: the official's answer (جوابیه) with attachments, site visits with photos (resumable chunked
uploads), ratings of the official, correspondence (manual or pushed by office automation), bulk referral."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

REFUSED_SUFFIXES = {".exe", ".dll", ".bat", ".cmd", ".com", ".scr", ".js", ".vbs", ".ps1", ".sh", ".jar", ".msi",
                    ".apk", ".html", ".htm", ".svg", ".php"}
CHUNK_DIR = "uploads-in-progress"


def _check_scope(request: ServiceRequest, user) -> None:
    if not visible_requests(user, ServiceRequest.objects.filter(pk=request.pk)).exists():
        raise TransitionRefused(_("This request is outside your scope."), status=403, code="out_of_scope")


def attachment_store(*, request: ServiceRequest, user, name: str, content: File | bytes,
                     kind: str = Attachment.Kind.FILE, require_image: bool = False) -> Attachment:
    """Check a file (size, no programs, an image when a photo is wanted) and store it as an Attachment."""
    django_file = ContentFile(content, name=name) if isinstance(content, bytes) else content
    size = django_file.size
    if not size:
        raise TransitionRefused(_("The file %(name)s is empty.") % {"name": name}, status=400, code="empty_file")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise TransitionRefused(_("The file %(name)s is too large.") % {"name": name}, status=413, code="too_large")
    if Path(name).suffix.lower() in REFUSED_SUFFIXES:
        raise TransitionRefused(_("Programs and scripts are not accepted."), status=415, code="dangerous")
    django_file.seek(0)
    head = django_file.read(2048)
    django_file.seek(0)
    guessed = filetype.guess(head)
    mime = guessed.mime if guessed else "application/octet-stream"
    if require_image and not mime.startswith("image/"):
        raise TransitionRefused(_("A photo must be an image file."), status=415, code="not_image")
    attachment = Attachment(request=request, kind=kind, original_name=name[:255], content_type=mime, size=size,
                            uploaded_by=user)
    attachment.file.save(name, django_file, save=False)
    attachment.save()
    return attachment


def official_answer_record(*, request: ServiceRequest, actor, text: str, official=None, files=(),
                           send_to_response: bool = True) -> OfficialAnswer:
    """Record the official's answer with its files; by default the case moves on to the response inbox. All or
    nothing: when the answer cannot be recorded (or the case cannot move) no file stays behind."""
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("Write the official's answer."), status=400, code="text_required")
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            _check_scope(request, actor)
            case = RequestCase.objects.filter(request=request).first()
            official = official or (case.official if case else None)
            answer = OfficialAnswer.objects.create(request=request, official=official, text=text, recorded_by=actor)
            for f in files:
                stored.append(attachment_store(request=request, user=actor, name=f.name, content=f))
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


def official_rating_record(*, request: ServiceRequest, actor, official, timeliness: int, quality: int) -> OfficialRating:
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
    with transaction.atomic():
        _check_scope(request, actor)
        visit = SiteVisit.objects.create(request=request, visitor=actor, note=(note or "").strip())
        photos = Attachment.objects.filter(pk__in=list(photo_ids), request=request)
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
    _check_scope(request, user)
    if size <= 0 or size > settings.ATTACHMENT_MAX_BYTES:
        raise TransitionRefused(_("The file size is not acceptable."), status=413, code="too_large")
    if Path(filename).suffix.lower() in REFUSED_SUFFIXES:
        raise TransitionRefused(_("Programs and scripts are not accepted."), status=415, code="dangerous")
    upload = ChunkedUpload.objects.create(request=request, user=user, filename=filename[:255], size=size,
                                          content_type=content_type[:120])
    path = _chunk_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return upload


def upload_chunk(*, upload_id, user, offset: int, data: bytes) -> ChunkedUpload:
    """Write bytes at `offset`. A repeated chunk (the phone retried) is harmless; a gap is refused with the offset
    the server has, so the client resumes from there. The last chunk turns the upload into a photo attachment."""
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
        if upload.received == upload.size:
            with open(path, "rb") as handle:
                upload.attachment = attachment_store(
                    request=upload.request, user=user, name=upload.filename, content=File(handle, name=upload.filename),
                    kind=Attachment.Kind.PHOTO, require_image=True,
                )
            path.unlink(missing_ok=True)
            RequestHistory.objects.create(request=upload.request, action="attach", actor=user,
                                          from_status=upload.request.status, to_status=upload.request.status,
                                          created_at=timezone.now(),
                                          data={"attachments": [upload.attachment.pk], "upload": str(upload.pk)})
        upload.save(update_fields=["received", "attachment"])
        return upload


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
