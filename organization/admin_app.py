"""django.contrib.admin with the two-factor admin site; INSTALLED_APPS names it in place of django.contrib.admin."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "organization.admin_site.VerifiedAdminSite"
