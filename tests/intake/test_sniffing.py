"""What a file is by its bytes (intake/sniffing.py, no Django): kinds, markup anywhere, PDF actions."""

import random
import zlib

import pytest

from intake.sniffing import content_sniff, markup_found, pdf_active_content
from tests.fixtures.uploads import corpus
from tests.fixtures.uploads.corpus import CORPUS, sample_bytes


@pytest.mark.parametrize(("key", "kind"), [
    ("zip_bomb", "archive"), ("gzip", "archive"), ("tar", "archive"), ("rar", "archive"), ("seven_zip", "archive"),
    ("svg_named_png", "markup"), ("xml_with_script", "markup"), ("jpeg_with_gps", "image"), ("gif_animated", "image"),
    ("webp_with_exif", "image"), ("png_pixel_bomb", "image"), ("pdf_plain", "pdf"), ("wav_recording", "audio"),
    ("plain_text", "other"), ("javascript", "other"), ("eicar", "other"),
])
def test_it_tells_the_kind_of_a_file_by_its_bytes_alone(key, kind):
    assert content_sniff(sample_bytes(key)).kind == kind


@pytest.mark.parametrize("data", [b"MZ\x90\x00" + bytes(100), b"\x7fELF\x02\x01" + bytes(100), b"#!/bin/sh\n",
                                  b"\xca\xfe\xba\xbe" + bytes(100)])
def test_it_knows_programs_whatever_they_are_called(data):
    assert content_sniff(data).kind == "program"


def test_it_counts_office_documents_and_other_zip_containers_as_archives():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as document:
        document.writestr("[Content_Types].xml", "<Types/>")
        document.writestr("word/document.xml", "<w:document/>")
    assert content_sniff(buffer.getvalue()).kind == "archive"


@pytest.mark.parametrize("data", [
    b"<script>alert(1)</script>", b"<SCRIPT SRC=//x>", b"< html>", b"<svg onload=alert(1)>", b"<svg/onload=1>",
    b"<!DOCTYPE html>", b"<iframe src=x>", b"<x:script xmlns:x='http://www.w3.org/1999/xhtml'>",
    b"<a href='JavaScript:alert(1)'>", b"<body onload=x>", b"<?php system($_GET['c']); ?>",
    b"<embed src=x>", b"<object data=x>", b"<meta http-equiv='refresh' content='0;url=x'>",
    b'<r xmlns="http://www.w3.org/2000/svg"/>', b"<a href=data:text/html;base64,PHNjcmlwdD4=>",
    "یادداشت <form action=//evil>".encode(),
])
def test_it_finds_markup_a_browser_would_run_anywhere_in_the_bytes(data):
    assert markup_found(b"\x00" * 1000 + data + b"\xff" * 1000)


@pytest.mark.parametrize("data", [
    "چاله‌ای در خیابان آزادی، روبه‌روی پلاک ۱۲ (کوچه <۳>)".encode(), b"a < b and c > d", b"<rdf:RDF>",
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
    b"scripts are fine as a word", b"<htm", b"<svgx",
])
def test_it_leaves_ordinary_text_and_photo_metadata_alone(data):
    assert not markup_found(data)


def test_it_finds_no_markup_by_chance_in_25_mb_of_compressed_looking_bytes():
    noise = random.Random(137).randbytes(25 * 1024 * 1024)  # what a camera's or a recorder's bytes look like
    assert not markup_found(noise)


@pytest.mark.parametrize(("key", "found"), [
    ("pdf_plain", ""), ("eicar_in_pdf", ""), ("pdf_javascript", "JavaScript"), ("pdf_launch", "Launch"),
    ("pdf_escaped_javascript", "JavaScript"), ("pdf_javascript_in_object_stream", "JavaScript"),
    ("pdf_encrypted", "Encrypt"),
])
def test_it_finds_scripts_launches_and_encryption_in_a_pdf(key, found):
    assert pdf_active_content(sample_bytes(key)) == found


def test_it_finds_embedded_files_uri_scripts_and_pages_in_a_pdf():
    embedded = corpus._pdf_pages(b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >> ")
    uri = corpus._pdf_pages(b"/OpenAction << /S /URI /URI (javascript:alert\\(1\\)) >> ")
    page = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + sample_bytes("pdf_plain")[9:]
    xfa = corpus._pdf_pages(more=[corpus._stream(b"<xdp:xdp><template><script>app.alert(1)</script></template>")])
    assert pdf_active_content(embedded) == "EmbeddedFiles"
    assert pdf_active_content(uri) == pdf_active_content(page) == pdf_active_content(xfa) == "markup"


def test_it_does_not_read_a_pdfs_images_for_actions():
    """A JPEG inside a PDF is binary: a chance "/JS" in it is no action (only the objects and deflated streams are
    read)."""
    photo = b"\xff\xd8\xff\xe0" + b"\x00/JS " * 50 + b"\xff\xd9"
    image = b"<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length %d >>\nstream\n" % len(photo) + photo + \
        b"\nendstream"
    assert pdf_active_content(corpus._pdf_pages(more=[image])) == ""


def test_it_gives_up_on_a_pdf_whose_streams_inflate_beyond_the_budget(monkeypatch):
    import intake.sniffing

    monkeypatch.setattr(intake.sniffing, "PDF_INFLATE_BUDGET", 1024 * 1024)
    bomb = corpus._pdf_pages(more=[b"<< /Filter /FlateDecode /Length 1 >>\nstream\n" + zlib.compress(bytes(8 << 20), 9)
                                   + b"\nendstream"])
    assert pdf_active_content(bomb) == "too_complex"


def test_it_has_every_corpus_file_sniffed_without_error():
    for key in CORPUS:
        assert content_sniff(sample_bytes(key)).mime
