"""Attachments of any file type: size limit, content sniffed (never trusting the name), dangerous types refused."""

from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError, msg

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


def attachment_check(incoming: IncomingFile) -> str:
    """The sniffed content type of an acceptable file, or IntakeError (413 too large, 415 dangerous)."""
    name = (incoming.name or "file").strip()
    if len(name) > 255:
        raise IntakeError.on("attachments", _("A file name may have at most 255 characters."))
    size = incoming.size
    if size == 0:
        raise IntakeError.on("attachments", msg(_("The file %(name)s is empty."), name=name))
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise IntakeError.on("attachments", msg(_("The file %(name)s is larger than the %(limit)s MB limit."),
            name=name, limit=settings.ATTACHMENT_MAX_BYTES // (1024 * 1024) or 1), status=413)
    head = incoming.head()
    kind = filetype.guess(head)
    mime = kind.mime if kind else "application/octet-stream"
    suffix = Path(name).suffix.lower()
    if mime in DANGEROUS_MIMES or suffix in DANGEROUS_SUFFIXES or head.lstrip()[:14].lower().startswith(_SCRIPT_STARTS):
        raise IntakeError.on("attachments", msg(_("The file %(name)s is a program or script and is not accepted."), name=name), status=415)
    if mime == "application/octet-stream" and _looks_like_text(head):
        mime = "text/plain"
    return mime


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head
