"""The one attachment policy, for every path a file comes in by (the operator console, the citizens' web form, the
e-mail and IVR channels, the official's answer, site-visit photos): how many files, how large, how long a name,
what the bytes are (never trusting the name), a virus scan by ClamAV, and what is kept:

- programs, scripts and archives (zip, rar, 7z, tar, gz …, found by their bytes) are refused;
- the file is scanned by clamd (intake.scanning); an infected one is set aside in quarantine, never stored with
  the request, and the message it came with is still registered; when clamd cannot be reached the file is held
  as "pending" (stored, never served) until the rescan task scans it (UPLOAD_SCAN=required, the default);
- active content is refused: a text that is HTML, SVG or XML, or holds markup anywhere (HTML inside a .txt); a PDF
  with scripts, program launches, embedded files, markup, or encrypted (intake.sniffing); a recording with markup
  in its head;
- images (JPEG, PNG, WebP, GIF) are re-encoded (intake.images): no metadata, upright, the longest side bounded,
  too many pixels refused; the stored file is the re-encoded one, so an image that is also a page (a polyglot)
  keeps only its pixels, and encoded bytes that would spell a tag are encoded again;
- PDF documents and audio recordings are kept as sent, within their size limits;
- everything else is refused.

Files are kept under generated names (intake.models.attachment_path, quarantine_path)."""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError, msg
from intake.images import ImageRefused, image_reencode, image_size_check
from intake.models import Attachment, Quarantine, RequestHistory
from intake.scanning import ScannerUnavailable, clamd_scan
from intake.sniffing import content_sniff, markup_found, pdf_active_content
from text.digits import digits_for_language

log = logging.getLogger(__name__)

ATTACHMENT_MAX_FILES = 10  # files one submission may carry (a message, an official's answer, a site visit)
NAME_MAX_CHARS = 255
RESCAN_BATCH = 200  # attachments one rescan run takes
AUDIO_HEAD_BYTES = 64 * 1024  # where a recording's tags are, read for markup

# Names of programs and scripts a citizen never needs to send, refused before the bytes are read.
DANGEROUS_SUFFIXES = {
    ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".jar", ".js", ".jse", ".vbs",
    ".vbe", ".wsf", ".wsh", ".ps1", ".psm1", ".sh", ".bash", ".apk", ".app", ".elf", ".so", ".hta", ".cpl",
    ".lnk", ".reg", ".html", ".htm", ".svg", ".xhtml", ".php", ".py", ".pl",
}
_SUFFIX_OF = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf",
              "audio/mpeg": ".mp3", "audio/x-wav": ".wav", "audio/ogg": ".ogg", "audio/x-flac": ".flac",
              "audio/mp4": ".m4a", "audio/aac": ".aac", "audio/amr": ".amr", "audio/x-aiff": ".aiff"}
Scan = Attachment.ScanStatus


@dataclass
class IncomingFile:
    """A file on its way in from any channel: a name, its bytes (or a Django File) and what it is for."""

    name: str
    content: bytes | File
    kind: str = "file"

    @property
    def size(self) -> int:
        return len(self.content) if isinstance(self.content, bytes) else self.content.size

    def head(self, n: int = 2048) -> bytes:
        if isinstance(self.content, bytes):
            return self.content[:n]
        self.content.seek(0)
        data = self.content.read(n)
        self.content.seek(0)
        return data

    def read(self) -> bytes:
        """All the bytes (the caller has checked the announced size first)."""
        if isinstance(self.content, bytes):
            return self.content
        self.content.seek(0)
        data = self.content.read(settings.ATTACHMENT_MAX_BYTES + 1)
        self.content.seek(0)
        return data


@dataclass
class CheckedFile:
    """A file the policy took: what is to be stored (an image re-encoded, other files as sent), its content type
    by its bytes and its scan status; or, when `infected`, what was sent, to be set aside in quarantine."""

    name: str
    kind: str
    content: bytes
    content_type: str
    scan_status: str
    sha256: str
    sent_size: int
    signature: str = ""

    @property
    def infected(self) -> bool:
        return self.scan_status == Scan.INFECTED

    @property
    def size(self) -> int:
        return len(self.content)


class _Number:
    """A number shown in the reader's digits (Persian digits for Persian), decided when the message is rendered."""

    def __init__(self, value: int):
        self.value = value

    def __str__(self) -> str:
        return digits_for_language(self.value, translation.get_language())


def _refused(message, *, status: int = 400, code: str) -> IntakeError:
    error = IntakeError.on("attachments", message, status=status)
    error.code = code  # a machine-readable reason, kept by callers that answer with their own error type
    return error


def _megabytes(limit: int) -> _Number:
    return _Number(limit // (1024 * 1024) or 1)


def attachments_count_check(count: int) -> None:
    """IntakeError when one submission carries more files than the policy allows."""
    if count > ATTACHMENT_MAX_FILES:
        raise _refused(msg(_("Attach at most %(limit)s files at once."), limit=_Number(ATTACHMENT_MAX_FILES)),
                       code="too_many")


def attachment_announce_check(name: str, size: int) -> None:
    """What can be checked before the bytes arrive (a resumable upload announces its name and size): the name's
    length, the size (empty, over the limit) and program or script suffixes. IntakeError (413 too large, 415
    dangerous) otherwise."""
    name = (name or "file").strip()
    if len(name) > NAME_MAX_CHARS:
        raise _refused(_("A file name may have at most 255 characters."), code="long_name")
    if size <= 0:
        raise _refused(msg(_("The file %(name)s is empty."), name=name), code="empty_file")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise _refused(msg(_("The file %(name)s is larger than the %(limit)s MB limit."),
                           name=name, limit=settings.ATTACHMENT_MAX_BYTES // (1024 * 1024) or 1),
                       status=413, code="too_large")
    if Path(name).suffix.lower() in DANGEROUS_SUFFIXES:
        raise _dangerous(name)


def _dangerous(name: str) -> IntakeError:
    return _refused(msg(_("The file %(name)s is a program or script and is not accepted."), name=name), status=415,
                    code="dangerous")


def _active(name: str) -> IntakeError:
    return _refused(msg(_("The file %(name)s holds web-page or script content (HTML, SVG, scripts) and is not "
                          "accepted."), name=name), status=415, code="active_content")


def attachment_check(incoming: IncomingFile | CheckedFile, *, require_image: bool = False) -> CheckedFile:
    """The file as the policy takes it (see the module's docstring), or IntakeError: 413 too large or too many
    pixels, 415 a program, an archive, active content, a type not accepted, or not an image when
    `require_image` or the file is sent as a photo. An infected file is not an error: it comes back `infected`, to
    be quarantined. A file checked before (a CheckedFile) is taken as it is."""
    if isinstance(incoming, CheckedFile):
        return incoming
    name = (incoming.name or "file").strip()
    attachment_announce_check(name, incoming.size)
    data = incoming.read()
    if len(data) > settings.ATTACHMENT_MAX_BYTES:  # a file that grew after it was announced
        attachment_announce_check(name, len(data))
    sniffed = content_sniff(data)
    if sniffed.kind == "program":
        raise _dangerous(name)
    if sniffed.kind == "archive":
        raise _refused(msg(_("The file %(name)s is an archive (zip, rar, 7z, tar, gz …) and archives are not "
                             "accepted: send the photos or documents themselves."), name=name),
                       status=415, code="archive")
    if sniffed.kind == "image":  # a decompression bomb is refused by its header, before anything decodes it
        try:
            image_size_check(data, max_pixels=settings.ATTACHMENT_IMAGE_MAX_PIXELS)
        except ImageRefused as refusal:
            raise _image_refused(name, refusal) from refusal
    checked = CheckedFile(name=name, kind=incoming.kind, content=data, content_type=sniffed.mime,
                          scan_status=Scan.UNSCANNED, sha256=hashlib.sha256(data).hexdigest(), sent_size=len(data))
    checked.scan_status, checked.signature = _scan(data)
    if checked.infected:
        return checked  # set aside as it came, whatever else it is
    if sniffed.kind == "markup" or (sniffed.kind == "other" and markup_found(data)):
        raise _active(name)
    if (require_image or incoming.kind == Attachment.Kind.PHOTO) and sniffed.kind != "image":
        raise _refused(msg(_("The photo %(name)s is not an image file."), name=name), status=415, code="not_image")
    if sniffed.kind == "image":  # markup in the bytes sent is left behind: only the pixels are kept
        checked.content, checked.content_type = _image_check(name, data)
    elif sniffed.kind == "pdf":
        _pdf_check(name, data)
    elif sniffed.kind == "audio":
        _size_check(name, len(data), settings.ATTACHMENT_AUDIO_MAX_BYTES)
        if markup_found(data[:AUDIO_HEAD_BYTES]):  # tags up front (a recording that is also a page)
            raise _active(name)
    else:
        raise _refused(msg(_("The file %(name)s is not of a kind accepted: send photos (JPEG, PNG, WebP, GIF), PDF "
                             "documents or audio recordings."), name=name), status=415, code="type_not_accepted")
    return checked


def _scan(data: bytes) -> tuple[str, str]:
    """(scan status, signature): clamd's verdict; when clamd cannot answer, "pending" (UPLOAD_SCAN=required) or
    "unscanned" (optional); "unscanned" with scanning off."""
    if settings.UPLOAD_SCAN == "off":
        return Scan.UNSCANNED, ""
    try:
        verdict = clamd_scan(data, address=settings.CLAMD_SOCKET, timeout=settings.CLAMD_TIMEOUT)
    except ScannerUnavailable as error:
        log.warning("upload not scanned: %s", error)
        return (Scan.PENDING if settings.UPLOAD_SCAN == "required" else Scan.UNSCANNED), ""
    if verdict.infected:
        log.warning("upload infected: %s", verdict.signature)
        return Scan.INFECTED, verdict.signature
    return Scan.CLEAN, ""


def _size_check(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise _refused(msg(_("The file %(name)s is larger than the %(limit)s MB limit for its kind."),
                           name=name, limit=_megabytes(limit)), status=413, code="too_large")


def _image_check(name: str, data: bytes) -> tuple[bytes, str]:
    """The image re-encoded (bytes, content type), or IntakeError: 413 too many pixels, 415 unreadable."""
    try:
        image = image_reencode(data, max_side=settings.ATTACHMENT_IMAGE_MAX_SIDE,
                               max_pixels=settings.ATTACHMENT_IMAGE_MAX_PIXELS, refuse=markup_found)
    except ImageRefused as refusal:
        raise _image_refused(name, refusal) from refusal
    return image.content, image.mime


def _image_refused(name: str, refusal: ImageRefused) -> IntakeError:
    if refusal.reason == "pixels":
        limit = settings.ATTACHMENT_IMAGE_MAX_PIXELS
        return _refused(msg(_("The image %(name)s has too many pixels (at most %(limit)s million)."),
                            name=name, limit=_Number(limit // 1_000_000 or 1)), status=413, code="too_many_pixels")
    if refusal.reason == "unsafe":
        return _active(name)
    return _refused(msg(_("The image %(name)s is damaged or not in a format accepted (JPEG, PNG, WebP, GIF)."),
                        name=name), status=415, code="unreadable_image")


def _pdf_check(name: str, data: bytes) -> None:
    """IntakeError for a PDF over its size limit (413) or with scripts, actions or embedded files (415)."""
    _size_check(name, len(data), settings.ATTACHMENT_PDF_MAX_BYTES)
    found = pdf_active_content(data)
    if found == "Encrypt":
        raise _refused(msg(_("The PDF %(name)s is encrypted or password-protected, so it cannot be checked: send it "
                             "without a password."), name=name), status=415, code="encrypted_pdf")
    if found == "too_complex":
        raise _refused(msg(_("The PDF %(name)s could not be checked: its contents unpack to too much data."),
                           name=name), status=415, code="active_content")
    if found == "markup":
        raise _active(name)
    if found:
        raise _refused(msg(_("The PDF %(name)s contains scripts, actions that start programs or embedded files, "
                             "and is not accepted."), name=name), status=415, code="active_content")


def attachment_save(*, request, checked: CheckedFile, actor) -> Attachment:
    """Store a checked (not infected) file as the request's Attachment: the bytes the policy kept, under a
    generated name, the sender's name aside. The caller deletes the stored file (attachment.file.storage.delete)
    if its transaction fails."""
    assert not checked.infected, "an infected file is quarantined, never stored"
    name = checked.name or "file"
    attachment = Attachment(request=request, kind=checked.kind, original_name=name[:NAME_MAX_CHARS],
                            content_type=checked.content_type, size=checked.size, uploaded_by=actor,
                            scan_status=checked.scan_status,
                            scanned_at=timezone.now() if checked.scan_status == Scan.CLEAN else None)
    suffix = _SUFFIX_OF.get(checked.content_type, "")
    attachment.file.save(f"file{suffix}", ContentFile(checked.content), save=False)
    attachment.save()
    return attachment


def attachment_quarantine(*, checked: CheckedFile, request=None, actor=None, channel: str = "",
                          sender: str = "") -> Quarantine:
    """Set an infected file aside: its bytes under a generated name in the quarantine folder (never served), a
    row saying who sent it, when, by which channel, for which request and what ClamAV found, and a history row on
    the request. The caller deletes the file (quarantine.file.storage.delete) if its transaction fails."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    quarantine = Quarantine(request=request, channel=channel[:20], uploaded_by=user, sender=sender[:200],
                            original_name=(checked.name or "file")[:NAME_MAX_CHARS],
                            content_type=checked.content_type[:120], size=checked.sent_size, sha256=checked.sha256,
                            signature=checked.signature or "unknown")
    quarantine.file.save("quarantined", ContentFile(checked.content), save=False)
    quarantine.save()
    if request is not None:
        _quarantine_history(quarantine, actor=user)
    return quarantine


def _quarantine_history(quarantine: Quarantine, *, actor=None) -> None:
    request = quarantine.request
    RequestHistory.objects.create(
        request=request, action="attachment_quarantined", from_status=request.status, to_status=request.status,
        actor=actor, created_at=timezone.now(),
        data={"quarantine": quarantine.pk, "attachment": quarantine.attachment_id, "name": quarantine.original_name,
              "signature": quarantine.signature, "source": quarantine.source},
    )


def infected_message(checked: CheckedFile):
    """What the sender is told of a file set aside (the message was registered without it)."""
    return msg(_("The file %(name)s contains a virus (%(signature)s): it was set aside and not attached."),
               name=checked.name, signature=checked.signature)


def attachments_unattended_check(files: list[IncomingFile]) -> tuple[list[CheckedFile], list[str]]:
    """The files of an unattended channel (e-mail, IVR) through the policy: (the files taken, infected ones
    included, to be quarantined by the registration; the lines the draft's text gets for the files left out or
    set aside, in Persian, empty when all were taken). The message is never refused for its files: those the
    policy refuses, or beyond the number allowed, are left out."""
    taken, notes = [], []
    for incoming in files:
        try:
            attachments_count_check(len(taken) + 1)
            checked = attachment_check(incoming)
        except IntakeError as error:
            notes.append(f"{incoming.name}: {error.as_text('fa')}")
            continue
        taken.append(checked)
        if checked.infected:
            with translation.override("fa"):
                notes.append(f"{incoming.name}: {infected_message(checked)}")
    if not notes:
        return taken, []
    with translation.override("fa"):
        return taken, ["", str(_("Attachments not accepted:")), *notes]


# ---------------------------------------------------------------------------------------------- rescans

def attachments_rescan(*, limit: int = RESCAN_BATCH) -> dict[str, int]:
    """Scan attachments that wait for a scan (pending: never served until now) or were never scanned, oldest
    first, each row claimed under a lock others skip: clean ones become servable, infected ones move to
    quarantine (the attachment row stays, marked infected, with a history row on its request). Stops, leaving
    the rest for the next run, when clamd cannot be reached. Returns counts by outcome."""
    counts = {"clean": 0, "infected": 0, "unreachable": 0}
    if settings.UPLOAD_SCAN == "off":
        return counts
    ids = list(Attachment.objects.filter(scan_status__in=[Scan.PENDING, Scan.UNSCANNED])
               .order_by("scan_status", "id").values_list("id", flat=True)[:limit])  # pending before unscanned
    for attachment_id in ids:
        outcome = _rescan_one(attachment_id)
        if outcome:
            counts[outcome] += 1
        if outcome == "unreachable":
            break
    return counts


def _rescan_one(attachment_id: int) -> str:
    with transaction.atomic():
        attachment = (Attachment.objects.select_for_update(skip_locked=True).select_related("request")
                      .filter(pk=attachment_id, scan_status__in=[Scan.PENDING, Scan.UNSCANNED]).first())
        if attachment is None:
            return ""  # another run took it, or it was scanned meanwhile
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            log.warning("attachment %s: file missing, not scanned", attachment.pk)
            return ""
        try:
            verdict = clamd_scan(data, address=settings.CLAMD_SOCKET, timeout=settings.CLAMD_TIMEOUT)
        except ScannerUnavailable as error:
            log.warning("rescan stopped: %s", error)
            return "unreachable"
        now = timezone.now()
        same_file = Attachment.objects.filter(file=attachment.file.name)  # a draft's files copied to its case too
        if not verdict.infected:
            same_file.filter(scan_status__in=[Scan.PENDING, Scan.UNSCANNED]).update(scan_status=Scan.CLEAN,
                                                                                    scanned_at=now)
            return "clean"
        _rescan_quarantine(attachment, data, verdict.signature)
        same_file.update(scan_status=Scan.INFECTED, scanned_at=now)
        moved = attachment.file.name
    attachment.file.storage.delete(moved)  # only once the quarantine row is committed
    log.warning("attachment %s infected (%s): quarantined", attachment_id, verdict.signature)
    return "infected"


def _rescan_quarantine(attachment: Attachment, data: bytes, signature: str) -> Quarantine:
    """The quarantined copy of an attachment a rescan found infected, with its row and a history row."""
    quarantine = Quarantine(request=attachment.request, attachment=attachment, source=Quarantine.Source.RESCAN,
                            channel=attachment.request.channel, uploaded_by=attachment.uploaded_by,
                            original_name=attachment.original_name, content_type=attachment.content_type,
                            size=len(data), sha256=hashlib.sha256(data).hexdigest(), signature=signature or "unknown")
    quarantine.file.save("quarantined", ContentFile(data), save=False)
    try:
        quarantine.save()
        _quarantine_history(quarantine)
    except Exception:
        quarantine.file.storage.delete(quarantine.file.name)
        raise
    return quarantine
