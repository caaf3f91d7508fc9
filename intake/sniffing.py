"""What a file is, read from its bytes alone (no Django, never the name): the kind the upload policy decides on,
markup that a browser or viewer could run (HTML, SVG, XML with scripts) anywhere in the bytes, and PDF actions
(JavaScript, launching programs, embedded files) in the file's objects, compressed object streams included."""

import re
import zlib
from dataclasses import dataclass

import filetype

IMAGE_MIMES = {"image/jpeg", "image/png", "image/apng", "image/webp", "image/gif"}
AUDIO_MIMES = {"audio/mpeg", "audio/x-wav", "audio/ogg", "audio/x-flac", "audio/mp4", "audio/aac", "audio/amr",
               "audio/x-aiff"}
PDF_MIME = "application/pdf"
PROGRAM_MIMES = {
    "application/x-msdownload", "application/x-executable", "application/x-mach-binary", "application/x-elf",
    "application/vnd.microsoft.portable-executable", "application/x-dosexec", "application/x-shockwave-flash",
    "application/x-sharedlib", "application/vnd.android.package-archive", "application/x-msi",
    "application/x-google-chrome-extension", "application/x-nintendo-nes-rom",
}
# Containers of other files, whatever they hold (office documents and e-books are zip files too).
ARCHIVE_MIMES = {
    "application/zip", "application/x-rar-compressed", "application/x-7z-compressed", "application/x-tar",
    "application/gzip", "application/x-bzip2", "application/x-xz", "application/zstd", "application/x-lzip",
    "application/x-lz4", "application/x-lzop", "application/x-compress", "application/x-brotli",
    "application/vnd.ms-cab-compressed", "application/x-unix-archive", "application/x-deb", "application/x-rpm",
    "application/epub+zip", "application/x-iso9660-image",
}
_ARCHIVE_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh",
    b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"LZIP", b"\x04\x22\x4d\x18", b"MSCF", b"!<arch>\n", b"\x1f\x9d",
    b"\x1f\xa0", b"xar!", b"\xed\xab\xee\xdb",
)
_PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!",
                  b"dex\n", b"\x00asm")

# Markup a browser, an SVG or XML viewer would run or render, anywhere in the bytes: only tags, schemes and
# namespaces long enough that a camera's or a recorder's compressed bytes do not hold them by chance. The tags'
# pattern starts with "<", so the search skips ahead to each "<" (25 MB in a few hundredths of a second).
_MARKUP_TAG = re.compile(
    rb"<(?:\s*(?:[a-z0-9_-]+:)?(?:script|html|iframe|object|embed|applet|frameset|svg[\s/>]|body[\s>]|"
    rb"meta\s+http-equiv|base\s+href|form[\s>]|foreignobject|handler)|!doctype\s+(?:html|svg)|\?php|"
    rb"\?xml-stylesheet)",
    re.IGNORECASE,
)
_MARKUP_WORDS = (b"javascript:", b"vbscript:", b"data:text/html")  # found in the bytes lower-cased
_MARKUP_NAMESPACES = (b"http://www.w3.org/1999/xhtml", b"http://www.w3.org/2000/svg")
# The opening of a text document that is markup itself (an HTML page, an SVG, any XML), for the refusal's wording.
_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\s*[!?a-z]", re.IGNORECASE)

# PDF names of actions that run code, start programs, submit data or carry other files.
_PDF_ACTIONS = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|ImportData|SubmitForm|GoToE|Encrypt)"
    rb"(?![A-Za-z0-9#])"
)
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
PDF_INFLATE_BUDGET = 64 * 1024 * 1024  # bytes inflated out of a PDF's compressed streams, at most


@dataclass(frozen=True)
class Sniffed:
    """A file's kind by content: image, audio, pdf, archive, program, markup (text that is HTML/SVG/XML) or
    other, with the content type read from its bytes."""

    kind: str
    mime: str


def content_sniff(data: bytes) -> Sniffed:
    """The kind of `data`, by its bytes only."""
    head = data[:8192]
    guess = filetype.guess(head)
    mime = guess.mime if guess else "application/octet-stream"
    if mime in PROGRAM_MIMES or head.startswith(_PROGRAM_MAGIC):
        return Sniffed("program", mime)
    if mime in ARCHIVE_MIMES or head.startswith(_ARCHIVE_MAGIC) or _is_tar(data):
        return Sniffed("archive", mime if mime != "application/octet-stream" else "application/x-archive")
    if mime in IMAGE_MIMES:
        return Sniffed("image", "image/png" if mime == "image/apng" else mime)
    if mime in AUDIO_MIMES:
        return Sniffed("audio", mime)
    if mime == PDF_MIME:
        return Sniffed("pdf", mime)
    if mime == "application/octet-stream" and _MARKUP_START.match(head):
        return Sniffed("markup", "text/html" if markup_found(head) else "text/xml")
    if mime == "application/octet-stream" and _looks_like_text(head):
        return Sniffed("other", "text/plain")
    return Sniffed("other", mime)


def _is_tar(data: bytes) -> bool:
    return data[257:262] == b"ustar"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def markup_found(data: bytes) -> bool:
    """True when `data` holds, anywhere, markup a browser or viewer would run: HTML, SVG, script tags, scriptable
    XML, javascript: links (a JPEG or PDF that is also a web page: a polyglot)."""
    if _MARKUP_TAG.search(data) or any(namespace in data for namespace in _MARKUP_NAMESPACES):
        return True
    lowered = data.lower()
    return any(word in lowered for word in _MARKUP_WORDS)


def pdf_active_content(data: bytes) -> str:
    """What makes a PDF active, or "": the first PDF name found that runs code or carries other files
    (JavaScript, Launch, EmbeddedFile …; "Encrypt" for an encrypted PDF, whose objects cannot be read) or
    "markup" (HTML or scripts: a PDF that is also a page, an XFA form's scripts), in the objects and inside their
    streams, deflated ones inflated (images skipped); "too_complex" when the streams inflate beyond the budget."""
    budget = PDF_INFLATE_BUDGET
    view = memoryview(data)
    position = 0
    for match in _PDF_STREAM.finditer(data):
        if match.start() < position:
            continue  # "stream" inside a stream's bytes
        found = _pdf_objects_check(data[position:match.start()])  # the objects since the last stream
        if found:
            return found
        start = match.end()
        end = data.find(b"endstream", start)
        position = end = len(data) if end < 0 else end
        header = _stream_header(data, match.start())
        if _is_image(header):
            continue  # pixels: no action hides there
        if budget <= 0:
            return "too_complex"
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(view[start:end], budget)
        except zlib.error:  # not deflated: an object stream is read as it is, anything else only for markup
            raw = data[start:end]
            found = _pdf_objects_check(raw) if b"/ObjStm" in header else ("markup" if _MARKUP_TAG.search(raw) else "")
            if found:
                return found
            continue
        budget -= len(inflated)
        if inflater.unconsumed_tail:  # stopped at the budget: more is packed in than we read
            return "too_complex"
        found = _pdf_objects_check(inflated)
        if found:
            return found
    return _pdf_objects_check(data[position:])


def _pdf_objects_check(data: bytes) -> str:
    """An action name (see pdf_active_content) or "markup" found in PDF objects' text, or ""."""
    return _pdf_action_in(data) or ("markup" if markup_found(data) else "")


def _stream_header(data: bytes, stream_at: int) -> bytes:
    """The dictionary of the stream starting at `stream_at` (from its object's start)."""
    object_at = data.rfind(b" obj", max(0, stream_at - 4096), stream_at)
    return data[object_at if object_at >= 0 else max(0, stream_at - 1024):stream_at]


def _is_image(header: bytes) -> bool:
    """True when a stream's dictionary says it is an image (and not an object stream dressed as one)."""
    return (re.search(rb"/Subtype\s*/Image(?![A-Za-z0-9])", header) is not None
            and re.search(rb"/ObjStm(?![A-Za-z0-9])", header) is None)


def _pdf_action_in(data: bytes) -> str:
    if b"#" in data:  # names may hide behind #xx escapes: /J#61vaScript
        data = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    match = _PDF_ACTIONS.search(data)
    return match.group(1).decode() if match else ""
