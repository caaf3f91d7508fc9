"""Pages of the organization app (the shell includes these at the site root)."""

from django.urls import path

from organization import views

urlpatterns = [
    path("organization/heartbeat", views.heartbeat, name="organization-heartbeat"),
    path("organization/online/", views.online, name="organization-online"),
    path("accounts/mfa/", views.mfa_security_page, name="mfa-security"),
    path("accounts/mfa/verify/", views.mfa_verify_page, name="mfa-verify"),
    path("accounts/mfa/setup/", views.mfa_setup_page, name="mfa-setup"),
]
