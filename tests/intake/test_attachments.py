import pytest
from django.test import override_settings

from intake.attachments import IncomingFile, attachment_check
from intake.errors import IntakeError
from intake.models import Attachment, ServiceRequest
from intake.services import request_register
from tests.intake.factories import CENTRE, categories_make, city_make

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 100


def test_it_sniffs_the_content_whatever_the_name_says():
    assert attachment_check(IncomingFile(name="scan.dat", content=PDF)) == "application/pdf"
    assert attachment_check(IncomingFile(name="notes", content="یادداشت".encode())) == "text/plain"
    assert attachment_check(
        IncomingFile(name="data.bin", content=b"\x00\x01\x02\xff" * 10)) == "application/octet-stream"


@pytest.mark.parametrize(("name", "content"), [
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100),          # a Windows program dressed as a photo
    ("run", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),       # a Linux program
    ("install.sh", b"#!/bin/sh\nrm -rf /\n"),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("note.txt", b"<script>alert(1)</script>"),
])
def test_it_refuses_programs_and_scripts_with_415(name, content):
    with pytest.raises(IntakeError) as error:
        attachment_check(IncomingFile(name=name, content=content))
    assert error.value.status == 415 and "برنامه یا اسکریپت" in error.value.as_text("fa")


@pytest.mark.django_db
@override_settings(ATTACHMENT_MAX_BYTES=1024 * 1024)
def test_it_refuses_an_oversized_file_with_413_and_saves_nothing():
    city_make()
    cats = categories_make()
    huge = IncomingFile(name="big.png", content=PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(IntakeError) as error:
        request_register(channel="web", category=cats["pothole"], text="چاله", lon=CENTRE[0], lat=CENTRE[1],
                         files=[IncomingFile(name="ok.png", content=PNG), huge])
    assert error.value.status == 413 and "۱ مگابایت" not in error.value.as_text("en")
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()


@pytest.mark.django_db
def test_it_stores_files_under_generated_names_and_keeps_the_original_name_aside(settings):
    city_make()
    cats = categories_make()
    registration = request_register(channel="web", category=cats["pothole"], text="چاله", lon=CENTRE[0],
                                    lat=CENTRE[1], files=[IncomingFile(name="../../etc/passwd.png", content=PNG)])
    attachment = registration.request.attachments.get()
    assert attachment.original_name == "../../etc/passwd.png"
    assert attachment.file.name.startswith("attachments/") and "passwd" not in attachment.file.name
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_it_limits_the_number_of_files_of_one_submission_in_the_readers_digits():
    from intake.attachments import ATTACHMENT_MAX_FILES, attachments_count_check

    attachments_count_check(ATTACHMENT_MAX_FILES)
    with pytest.raises(IntakeError) as error:
        attachments_count_check(ATTACHMENT_MAX_FILES + 1)
    assert "۱۰" in error.value.as_text("fa") and "10" in error.value.as_text("en")


@pytest.mark.django_db
def test_it_refuses_a_registration_with_more_files_than_the_policy_allows_and_saves_nothing():
    from intake.attachments import ATTACHMENT_MAX_FILES

    city_make()
    cats = categories_make()
    files = [IncomingFile(name=f"p{i}.png", content=PNG) for i in range(ATTACHMENT_MAX_FILES + 1)]
    with pytest.raises(IntakeError) as error:
        request_register(channel="web", category=cats["pothole"], text="چاله", lon=CENTRE[0], lat=CENTRE[1],
                         phone="09121234567", files=files)
    assert error.value.status == 400
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()
