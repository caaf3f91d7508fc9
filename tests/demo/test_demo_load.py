"""demo_load and demo_users refuse to create the known-password demo users outside DEBUG unless forced."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from addresses.models import DatasetLoad, Region

pytestmark = pytest.mark.django_db


def test_it_refuses_to_load_the_demo_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        call_command("demo_load", stdout=StringIO())
    assert "DEBUG is off" in str(refused.value) and "--force-insecure" in str(refused.value)
    assert "DEBUG خاموش است" in str(refused.value)
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not DatasetLoad.objects.filter(name="demo").exists() and not Region.objects.exists()


def test_it_refuses_to_create_the_demo_users_with_debug_off_but_still_lists_them(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_users", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    out = StringIO()
    call_command("demo_users", "--list", stdout=out)
    assert "admin" in out.getvalue()


def test_it_creates_the_demo_users_when_forced_or_in_debug(settings):
    settings.DEBUG = False
    call_command("demo_users", "--force-insecure", stdout=StringIO())
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(settings.DEMO_PASSWORD)
    admin.delete()
    settings.DEBUG = True
    call_command("demo_users", stdout=StringIO())
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
