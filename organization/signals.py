"""Login audit: successful logins, failed attempts, lockouts and logouts are recorded; failures also count against
the client address's failed-login budget, and a login decides the two-factor step its session owes."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from organization.lockout import login_ip_failure_count
from organization.mfa import mfa_session_start
from organization.models import LoginEvent
from organization.services import login_event_record, user_went_offline


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    login_event_record(kind=LoginEvent.Kind.LOGIN, username=user.get_username(), user=user, request=request,
                       backend=getattr(user, "backend", "") or "")
    if request is not None and hasattr(request, "session"):
        mfa_session_start(request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    login_event_record(kind=LoginEvent.Kind.FAILED, username=str(credentials.get("username", "")), request=request)
    if request is not None:
        login_ip_failure_count(request)


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, **kwargs):
    login_event_record(kind=LoginEvent.Kind.LOCKED, username=str(username or ""), request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        login_event_record(kind=LoginEvent.Kind.LOGOUT, username=user.get_username(), user=user, request=request)
        user_went_offline(user=user)
