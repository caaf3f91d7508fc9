"""The admin site: as Django's, but a user who must use two-factor login (superusers, staff; organization.mfa)
enters it only once their session is verified with a device."""

from django.contrib import admin


class VerifiedAdminSite(admin.AdminSite):
    def has_permission(self, request):
        from organization.mfa import mfa_satisfied

        return super().has_permission(request) and mfa_satisfied(request)
