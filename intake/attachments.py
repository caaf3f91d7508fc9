"""The one attachment policy, for every path a file comes in by (intake's channels and console, the official's
answer, site-visit photos): how many files, how large, how long a name, the content type sniffed from the bytes
(never trusting the name), programs and scripts refused, an image where a photo is wanted, and where a file is kept
(under a generated name, see intake.models.attachment_path)."""

from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError, msg
from intake.models import Attachment
from text.digits import digits_for_language

ATTACHMENT_MAX_FILES = 10  # files one submission may carry (a message, an official's answer, a site visit)
NAME_MAX_CHARS = 255

# Executables, scripts and installers a citizen never needs to send, refused by content and by name.
DANGEROUS_MIMES = {
    "application/x-msdownload", "application/x-executable", "application/x-mach-binary", "application/x-elf",
    "application/vnd.microsoft.portable-executable", "application/x-dosexec", "application/x-shockwave-flash",
    "application/x-sharedlib", "application/vnd.android.package-archive", "application/x-msi",
}
DANGEROUS_SUFFIXES = {
    ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".jar", ".js", ".jse", ".vbs",
    ".vbe", ".wsf", ".wsh", ".ps1", ".psm1", ".sh", ".bash", ".apk", ".app", ".elf", ".so", ".hta", ".cpl",
    ".lnk", ".reg", ".html", ".htm", ".svg", ".xhtml", ".php", ".py", ".pl",
}
_SCRIPT_STARTS = (b"#!", b"MZ", b"\x7fELF", b"<script", b"<?php", b"<html", b"<!doctype html", b"<svg")


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

    def as_django_file(self) -> File:
        return ContentFile(self.content, name=self.name) if isinstance(self.content, bytes) else self.content


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


def attachment_check(incoming: IncomingFile, *, require_image: bool = False) -> str:
    """The sniffed content type of an acceptable file, or IntakeError (413 too large, 415 dangerous, or not an
    image when `require_image`: a photo)."""
    name = (incoming.name or "file").strip()
    attachment_announce_check(name, incoming.size)
    head = incoming.head()
    kind = filetype.guess(head)
    mime = kind.mime if kind else "application/octet-stream"
    if mime in DANGEROUS_MIMES or head.lstrip()[:14].lower().startswith(_SCRIPT_STARTS):
        raise _dangerous(name)
    if mime == "application/octet-stream" and _looks_like_text(head):
        mime = "text/plain"
    if require_image and not mime.startswith("image/"):
        raise _refused(msg(_("The photo %(name)s is not an image file."), name=name), status=415, code="not_image")
    return mime


def attachment_save(*, request, incoming: IncomingFile, content_type: str, actor) -> Attachment:
    """Store a checked file as the request's Attachment: the bytes under a generated name, the sender's name aside.
    The caller deletes the stored file (attachment.file.storage.delete) if its transaction fails."""
    name = (incoming.name or "file").strip() or "file"
    attachment = Attachment(request=request, kind=incoming.kind, original_name=name[:NAME_MAX_CHARS],
                            content_type=content_type, size=incoming.size, uploaded_by=actor)
    attachment.file.save(name, incoming.as_django_file(), save=False)
    attachment.save()
    return attachment


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head
