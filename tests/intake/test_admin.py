"""The quarantine in the admin (intake/admin.py): listed with who, when and what, read-only, never served."""

import os

import pytest
from django.urls import reverse

from intake.attachments import IncomingFile, attachment_check, attachment_quarantine
from intake.models import Quarantine
from tests.fixtures.uploads.corpus import EICAR
from tests.personas import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarantined(clamd, settings, tmp_path, operator):
    settings.MEDIA_ROOT = tmp_path
    checked = attachment_check(IncomingFile(name="eicar.txt", content=EICAR))
    return attachment_quarantine(checked=checked, actor=operator, channel="phone", sender="09121234567")


def test_it_lists_quarantined_files_with_who_sent_them_and_the_signature(client, django_user_model, quarantined):
    root = django_user_model.objects.create_superuser(username="root", password="x")
    login_verified(client, root)  # the admin asks a superuser for the second factor
    listing = client.get(reverse("admin:intake_quarantine_changelist"), HTTP_ACCEPT_LANGUAGE="fa")
    html = listing.content.decode()
    assert listing.status_code == 200 and "eicar.txt" in html and quarantined.signature in html
    assert "پرونده‌های قرنطینه‌شده" in html
    page = client.get(reverse("admin:intake_quarantine_change", args=[quarantined.pk])).content.decode()
    assert quarantined.sha256 in page and quarantined.file.name in page
    assert f'href="/private-media/{quarantined.file.name}"' not in page  # no link to the file
    assert client.get(reverse("admin:intake_quarantine_add")).status_code == 403


def test_it_deletes_the_quarantined_file_with_its_row(client, django_user_model, quarantined):
    root = django_user_model.objects.create_superuser(username="root", password="x")
    login_verified(client, root)  # the admin asks a superuser for the second factor
    path = quarantined.file.path
    client.post(reverse("admin:intake_quarantine_delete", args=[quarantined.pk]), {"post": "yes"})
    assert not Quarantine.objects.exists() and not os.path.exists(path)
