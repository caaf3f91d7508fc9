"""The one upload policy (intake/attachments.py): the whole corpus (tests/fixtures/uploads) through it with real
Pillow and the real clamd; what is stored, read back; quarantine; files held while clamd is down and rescanned."""

import io
import struct
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from PIL import Image

from intake.attachments import (
    ATTACHMENT_MAX_FILES,
    CheckedFile,
    IncomingFile,
    attachment_check,
    attachments_count_check,
    attachments_rescan,
    attachments_unattended_check,
)
from intake.errors import IntakeError
from intake.models import Attachment, Quarantine, ServiceRequest
from intake.services import request_register
from tests.fixtures.uploads import corpus
from tests.fixtures.uploads.corpus import CORPUS, EICAR, GIB, sample_bytes
from tests.intake.factories import CENTRE, categories_make, city_make

PNG = corpus.png()
PDF = corpus.pdf_plain()
NOWHERE = "/nonexistent/clamd.sock"  # a clamd that is down


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def cats(db):
    city_make()
    return categories_make()


def _check(key: str, **kwargs) -> CheckedFile:
    sample = CORPUS[key]
    return attachment_check(IncomingFile(name=sample.name, content=sample_bytes(key)), **kwargs)


def _register(cats, *files, **kwargs):
    return request_register(channel="web", category=cats["pothole"], text="چاله عمیق", lon=CENTRE[0], lat=CENTRE[1],
                            phone="09121234567", files=list(files), **kwargs)


# ---------------------------------------------------------------------------------------------- the corpus

@pytest.mark.parametrize("key", [k for k, s in CORPUS.items() if s.outcome == "refused"])
def test_it_refuses_each_hostile_file_of_the_corpus_with_a_4xx_in_persian_and_english(clamd, key):
    with pytest.raises(IntakeError) as refused:
        _check(key)
    error = refused.value
    assert error.code == CORPUS[key].code and error.status in (413, 415)
    persian, english = error.as_text("fa"), error.as_text("en")
    assert CORPUS[key].name in persian and CORPUS[key].name in english and persian != english


@pytest.mark.parametrize("key", [k for k, s in CORPUS.items() if s.outcome == "quarantined"])
def test_it_finds_the_infected_files_of_the_corpus_with_the_real_clamd(clamd, key):
    checked = _check(key)
    assert checked.infected and checked.signature
    assert checked.content == sample_bytes(key)  # kept as sent, for the quarantine


@pytest.mark.parametrize("key", [k for k, s in CORPUS.items() if s.outcome == "cleaned"])
def test_it_stores_each_image_of_the_corpus_re_encoded_and_clean(clamd, key):
    checked = _check(key)
    assert checked.scan_status == Attachment.ScanStatus.CLEAN and checked.content != sample_bytes(key)
    image = Image.open(io.BytesIO(checked.content))
    assert image.format in ("JPEG", "PNG", "WEBP") and f"image/{image.format.lower()}" == checked.content_type
    _assert_no_metadata(image, checked.content)
    assert max(image.size) <= django_settings.ATTACHMENT_IMAGE_MAX_SIDE


@pytest.mark.parametrize("key", [k for k, s in CORPUS.items() if s.outcome == "accepted"])
def test_it_keeps_documents_and_recordings_of_the_corpus_as_sent(clamd, key):
    checked = _check(key)
    assert checked.scan_status == Attachment.ScanStatus.CLEAN and checked.content == sample_bytes(key)


def test_it_has_a_corpus_covering_the_issues_attacks():
    assert {"eicar", "html_in_txt", "svg_named_png", "jpeg_html_polyglot", "zip_bomb", "jpeg_with_gps",
            "oversized_jpeg", "png_pixel_bomb"} <= set(CORPUS)
    info = zipfile.ZipFile(io.BytesIO(sample_bytes("zip_bomb"))).infolist()[0]
    assert info.file_size == GIB and info.compress_size < 2 * 1024 * 1024  # 1 MB that claims 1 GiB
    with zipfile.ZipFile(io.BytesIO(sample_bytes("zip_bomb"))).open(info) as inflating:
        assert sum(len(block) for block in iter(lambda: inflating.read(1 << 24), b"")) == GIB  # and inflates to it
    width, height = struct.unpack(">II", sample_bytes("png_pixel_bomb")[16:24])  # as its IHDR says
    assert len(sample_bytes("png_pixel_bomb")) < 1024 * 1024 and width * height > 2e9


def _assert_no_metadata(image: Image.Image, content: bytes) -> None:
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp", "Author", "GPS"):
        assert key not in image.info, key
    assert not getattr(image, "text", {})
    for trace in (b"GPS", b"PhoneMaker", b"Model X", b"xmpmeta", b"Exif\x00\x00", b"home of the reporter",
                  b"Citizen Name", b"<html", b"<script"):
        assert trace not in content, trace


# ---------------------------------------------------------------------------------------------- images

def test_it_drops_gps_and_every_other_metadata_from_a_photo_and_turns_it_upright(clamd):
    sent = Image.open(io.BytesIO(sample_bytes("jpeg_with_gps")))
    assert sent.getexif().get_ifd(0x8825)[2] == (35.0, 41.0, 59.99) and sent.size == (640, 480)
    checked = _check("jpeg_with_gps")
    stored = Image.open(io.BytesIO(checked.content))
    assert stored.size == (480, 640)  # the EXIF orientation applied to the pixels, then dropped
    _assert_no_metadata(stored, checked.content)
    assert checked.content_type == "image/jpeg"


def test_it_bounds_the_longest_side_of_an_image_by_the_setting(clamd, settings):
    stored = Image.open(io.BytesIO(_check("oversized_jpeg").content))
    assert stored.size == (2560, 1707)
    settings.ATTACHMENT_IMAGE_MAX_SIDE = 1000
    assert Image.open(io.BytesIO(_check("oversized_jpeg").content)).size == (1000, 667)


def test_it_keeps_only_the_pixels_of_a_jpeg_that_is_also_a_web_page(clamd):
    sent = sample_bytes("jpeg_html_polyglot")
    assert b"<script>" in sent and b"<html>" in sent and not sent.endswith(b"\xff\xd9")  # a page after the image
    checked = _check("jpeg_html_polyglot")
    assert b"<script" not in checked.content.lower() and b"<html" not in checked.content.lower()
    assert checked.content.endswith(b"\xff\xd9")  # nothing after the image's end
    assert Image.open(io.BytesIO(checked.content)).size == (200, 150)


def test_it_keeps_the_first_frame_of_an_animated_gif_as_a_still_png(clamd):
    checked = _check("gif_animated")
    stored = Image.open(io.BytesIO(checked.content))
    assert checked.content_type == "image/png" and stored.format == "PNG"
    assert getattr(stored, "n_frames", 1) == 1 and stored.size == (120, 90)


def test_it_refuses_a_pixel_bomb_by_its_header_before_decoding_anything(clamd, settings):
    bomb = IncomingFile(name="map.png", content=sample_bytes("png_pixel_bomb"))
    started = time.monotonic()
    with pytest.raises(IntakeError) as refused:
        attachment_check(bomb)  # 2.5 gigapixels: decoded it would be 2.5 GB
    assert time.monotonic() - started < 1.0
    assert refused.value.status == 413 and "۵۰ میلیون" in refused.value.as_text("fa")
    assert "50 million" in refused.value.as_text("en")
    settings.ATTACHMENT_IMAGE_MAX_PIXELS = 100_000_000  # the 81-megapixel scan is then within the limit
    assert _check("png_over_the_limit").content_type == "image/png"


def test_it_refuses_an_image_that_cannot_be_decoded(clamd):
    broken = corpus.jpeg()[:600]  # a JPEG cut short
    with pytest.raises(IntakeError) as refused:
        attachment_check(IncomingFile(name="cut.jpg", content=broken))
    assert refused.value.code == "unreadable_image" and refused.value.status == 415


def test_it_wants_an_image_where_a_photo_is_asked_for(clamd):
    with pytest.raises(IntakeError) as refused:
        attachment_check(IncomingFile(name="photo.jpg", content=PDF), require_image=True)
    assert refused.value.code == "not_image" and "تصویری نیست" in refused.value.as_text("fa")
    assert attachment_check(IncomingFile(name="p.png", content=PNG), require_image=True).content_type == "image/png"
    with pytest.raises(IntakeError) as sent_as_photo:  # the web form's photo, whatever the caller asks
        attachment_check(IncomingFile(name="photo.jpg", content=PDF, kind=Attachment.Kind.PHOTO))
    assert sent_as_photo.value.code == "not_image"


# ---------------------------------------------------------------------------------------------- everything else

def test_it_sniffs_the_content_whatever_the_name_says(clamd):
    assert attachment_check(IncomingFile(name="scan.dat", content=PDF)).content_type == "application/pdf"
    assert attachment_check(IncomingFile(name="photo", content=PNG)).content_type == "image/png"
    assert attachment_check(IncomingFile(name="call.bin", content=corpus.wav_recording())).content_type \
        == "audio/x-wav"


@pytest.mark.parametrize(("name", "content"), [
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100),          # a Windows program dressed as a photo
    ("run", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),       # a Linux program
    ("install.sh", b"#!/bin/sh\nrm -rf /\n"),
    ("page.html", PNG),                                     # a page by its name
])
def test_it_refuses_programs_and_scripts_with_415(clamd, name, content):
    with pytest.raises(IntakeError) as error:
        attachment_check(IncomingFile(name=name, content=content))
    assert error.value.status == 415 and "برنامه یا اسکریپت" in error.value.as_text("fa")


@pytest.mark.parametrize("content", [b"<script>alert(1)</script>", b"  <HTML><body onload=x()>",
                                     "سلام <iframe src=//evil.example>".encode(), b"<a href='javascript:alert(1)'>"])
def test_it_refuses_markup_in_a_text_file_as_active_content(clamd, content):
    with pytest.raises(IntakeError) as error:
        attachment_check(IncomingFile(name="note.txt", content=content))
    assert error.value.code == "active_content" and "صفحهٔ وب یا اسکریپت" in error.value.as_text("fa")


def test_it_refuses_a_pdf_or_a_recording_that_is_also_a_web_page(clamd):
    pdf_page = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + PDF[9:]
    wav_page = corpus.wav_recording()[:44] + b"<script>alert(1)</script>" + corpus.wav_recording()[44:]
    for name, content in (("letter.pdf", pdf_page), ("call.wav", wav_page)):
        with pytest.raises(IntakeError) as error:
            attachment_check(IncomingFile(name=name, content=content))
        assert error.value.code == "active_content", name


@override_settings(ATTACHMENT_PDF_MAX_BYTES=4096, ATTACHMENT_AUDIO_MAX_BYTES=8192)
def test_it_limits_documents_and_recordings_each_by_its_own_size(clamd):
    for name, content in (("letter.pdf", PDF), ("call.wav", corpus.wav_recording())):
        with pytest.raises(IntakeError) as error:
            attachment_check(IncomingFile(name=name, content=content))
        assert error.value.status == 413 and "مگابایت" in error.value.as_text("fa")


@pytest.mark.django_db
@override_settings(ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_it_refuses_an_oversized_file_with_413_and_saves_nothing(cats, clamd):
    huge = IncomingFile(name="big.png", content=PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(IntakeError) as error:
        _register(cats, IncomingFile(name="ok.png", content=PNG), huge)
    assert error.value.status == 413 and "۱ مگابایت" not in error.value.as_text("en")
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()


@pytest.mark.django_db
def test_it_stores_files_under_generated_names_and_keeps_the_original_name_aside(cats, clamd, media):
    registration = _register(cats, IncomingFile(name="../../etc/passwd.png", content=PNG),
                             IncomingFile(name="anim.gif", content=sample_bytes("gif_animated")))
    first, second = registration.request.attachments.order_by("pk")
    assert first.original_name == "../../etc/passwd.png" and first.scan_status == Attachment.ScanStatus.CLEAN
    assert first.file.name.startswith("attachments/") and "passwd" not in first.file.name
    assert first.file.path.startswith(str(media))
    assert second.file.name.endswith(".png") and second.content_type == "image/png"  # named by what it is now
    with second.file.open("rb") as stored:
        assert len(stored.read()) == second.size


def test_it_limits_the_number_of_files_of_one_submission_in_the_readers_digits():
    attachments_count_check(ATTACHMENT_MAX_FILES)
    with pytest.raises(IntakeError) as error:
        attachments_count_check(ATTACHMENT_MAX_FILES + 1)
    assert "۱۰" in error.value.as_text("fa") and "10" in error.value.as_text("en")


@pytest.mark.django_db
def test_it_refuses_a_registration_with_more_files_than_the_policy_allows_and_saves_nothing(cats, clamd):
    files = [IncomingFile(name=f"p{i}.png", content=PNG) for i in range(ATTACHMENT_MAX_FILES + 1)]
    with pytest.raises(IntakeError) as error:
        _register(cats, *files)
    assert error.value.status == 400
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------- quarantine

@pytest.mark.django_db
def test_it_registers_the_message_and_quarantines_an_infected_file_with_who_when_and_what(cats, clamd, media):
    registration = _register(cats, IncomingFile(name="eicar.com.txt", content=EICAR),
                             IncomingFile(name="p.png", content=PNG))
    request = registration.request
    assert request.text == "چاله عمیق" and [f.name for f in registration.set_aside] == ["eicar.com.txt"]
    assert [a.original_name for a in request.attachments.all()] == ["p.png"]  # the clean file is attached
    quarantine = Quarantine.objects.get()
    assert quarantine.request == request and quarantine.channel == "web" and quarantine.sender == "09121234567"
    assert quarantine.signature.startswith("Eicar") and quarantine.size == len(EICAR)
    assert quarantine.original_name == "eicar.com.txt" and quarantine.source == Quarantine.Source.UPLOAD
    assert quarantine.file.name.startswith("quarantine/") and not quarantine.file.name.endswith(".txt")
    with quarantine.file.open("rb") as kept:
        assert kept.read() == EICAR
    row = request.history.get(action="attachment_quarantined")
    assert row.data["signature"] == quarantine.signature and row.data["name"] == "eicar.com.txt"


@pytest.mark.django_db
def test_it_leaves_no_quarantined_file_behind_when_the_registration_fails(cats, clamd, media, monkeypatch):
    import intake.services

    def broken(request):
        raise RuntimeError("the routing table is gone")

    monkeypatch.setattr(intake.services, "_draft_to_receipt_inbox", broken)
    with pytest.raises(RuntimeError):
        _register(cats, IncomingFile(name="eicar.txt", content=EICAR), IncomingFile(name="p.png", content=PNG),
                  draft=True)
    assert not Quarantine.objects.exists() and not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_it_sets_aside_and_notes_what_an_unattended_channel_cannot_keep(clamd):
    taken, notes = attachments_unattended_check([
        IncomingFile(name="tree.png", content=PNG), IncomingFile(name="eicar.txt", content=EICAR),
        IncomingFile(name="bomb.zip", content=sample_bytes("zip_bomb"))])
    assert [f.name for f in taken] == ["tree.png", "eicar.txt"] and taken[1].infected  # quarantined on register
    text = "\n".join(notes)
    assert "eicar.txt" in text and "ویروس" in text and "bomb.zip" in text and "بایگانی" in text
    assert attachments_unattended_check([IncomingFile(name="tree.png", content=PNG)])[1] == []


# ---------------------------------------------------------------------------------------------- clamd down

def test_it_holds_a_file_as_pending_when_clamd_is_down_and_scanning_is_required(settings):
    settings.CLAMD_SOCKET, settings.UPLOAD_SCAN = NOWHERE, "required"
    assert attachment_check(IncomingFile(name="p.png", content=PNG)).scan_status == Attachment.ScanStatus.PENDING
    settings.UPLOAD_SCAN = "optional"
    assert attachment_check(IncomingFile(name="p.png", content=PNG)).scan_status == Attachment.ScanStatus.UNSCANNED
    settings.UPLOAD_SCAN = "off"
    assert attachment_check(IncomingFile(name="p.png", content=PNG)).scan_status == Attachment.ScanStatus.UNSCANNED


def test_it_still_refuses_by_content_when_clamd_is_down(settings):
    settings.CLAMD_SOCKET = NOWHERE
    for key in ("svg_named_png", "zip_bomb", "png_pixel_bomb", "pdf_javascript"):
        with pytest.raises(IntakeError):
            _check(key)


@pytest.mark.django_db
def test_it_scans_held_files_once_clamd_is_back_and_quarantines_an_infected_one(cats, clamd, media, settings,
                                                                                 client, operator):
    from tests.personas import PASSWORD

    real = settings.CLAMD_SOCKET
    settings.CLAMD_SOCKET = NOWHERE
    registration = _register(cats, IncomingFile(name="p.png", content=PNG),
                             IncomingFile(name="letter.pdf", content=sample_bytes("eicar_in_pdf")))
    photo, letter = registration.request.attachments.order_by("pk")
    assert photo.scan_status == letter.scan_status == Attachment.ScanStatus.PENDING and not registration.set_aside
    client.login(username=operator.username, password=PASSWORD)
    held = client.get(f"/attachments/{letter.pk}/download/")
    assert held.status_code == 409 and "بررسی ویروس" in held.content.decode()
    assert attachments_rescan() == {"clean": 0, "infected": 0, "unreachable": 1}  # still down: nothing changes
    settings.CLAMD_SOCKET = real
    assert attachments_rescan() == {"clean": 1, "infected": 1, "unreachable": 0}
    photo.refresh_from_db(), letter.refresh_from_db()
    assert photo.scan_status == Attachment.ScanStatus.CLEAN and photo.scanned_at is not None
    assert letter.scan_status == Attachment.ScanStatus.INFECTED and not letter.file.storage.exists(letter.file.name)
    quarantine = Quarantine.objects.get()
    assert quarantine.attachment == letter and quarantine.source == Quarantine.Source.RESCAN
    with quarantine.file.open("rb") as kept:
        assert kept.read() == sample_bytes("eicar_in_pdf")
    assert registration.request.history.filter(action="attachment_quarantined").exists()
    assert client.get(f"/attachments/{photo.pk}/download/").status_code == 200
    refused = client.get(f"/attachments/{letter.pk}/download/")
    assert refused.status_code == 409 and "قرنطینه" in refused.content.decode()
    assert attachments_rescan() == {"clean": 0, "infected": 0, "unreachable": 0}  # nothing left to scan


def test_it_rescans_held_files_from_beat():
    entry = next(e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "intake.attachments_rescan")
    assert entry["schedule"] <= 300
