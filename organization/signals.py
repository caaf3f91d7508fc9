"""Login audit: successful logins, failed attempts and logouts are recorded."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from organization.models import LoginEvent
from organization.services import login_event_record, user_went_offline


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    login_event_record(kind=LoginEvent.Kind.LOGIN, username=user.get_username(), user=user, request=request,
                       backend=getattr(user, "backend", "") or "")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    login_event_record(kind=LoginEvent.Kind.FAILED, username=str(credentials.get("username", "")), request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        login_event_record(kind=LoginEvent.Kind.LOGOUT, username=user.get_username(), user=user, request=request)
        user_went_offline(user=user)
