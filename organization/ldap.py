"""Domain login through LDAP / Active Directory (django-auth-ldap), configured from plain settings (env-driven in
config/settings.py). Local accounts keep working: this backend steps aside when LDAP is not configured.

Settings read here (all strings):
  AUTH_LDAP_SERVER_URI       e.g. ldap://dc.city.local  (empty: LDAP off)
  AUTH_LDAP_BIND_DN / AUTH_LDAP_BIND_PASSWORD   service account for searches (empty: anonymous)
  LDAP_USER_SEARCH_BASE      e.g. ou=people,dc=city,dc=local
  LDAP_USER_FILTER           (uid=%(user)s); for AD (sAMAccountName=%(user)s)
  LDAP_GROUP_SEARCH_BASE     e.g. ou=groups,dc=city,dc=local
  LDAP_GROUP_TYPE            groupOfNames | activeDirectory | posixGroup
  LDAP_ROLE_GROUPS           role:group-DN pairs separated by |, e.g.
                             operator:cn=operators,ou=groups,dc=city,dc=local|followup:cn=followup,ou=groups,...
"""

from __future__ import annotations

import ldap
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django_auth_ldap.backend import LDAPBackend, LDAPSettings
from django_auth_ldap.config import (
    ActiveDirectoryGroupType,
    GroupOfNamesType,
    LDAPSearch,
    PosixGroupType,
)

GROUP_TYPES = {
    "groupofnames": GroupOfNamesType,
    "activedirectory": ActiveDirectoryGroupType,
    "posixgroup": PosixGroupType,
}


def role_group_map(value: str | None = None) -> dict[str, str]:
    """'operator:cn=a,dc=x|followup:cn=b,dc=x' → {lower-cased group DN: role}."""
    value = getattr(django_settings, "LDAP_ROLE_GROUPS", "") if value is None else value
    mapping = {}
    for item in (value or "").split("|"):
        role, sep, dn = item.partition(":")
        if sep and role.strip() and dn.strip():
            mapping[dn.strip().lower()] = role.strip()
    return mapping


class PlatformLDAPBackend(LDAPBackend):
    """django-auth-ldap with searches built from plain strings and LDAP groups mapped to platform roles."""

    @property
    def settings(self):
        if self._settings is None:
            conf = LDAPSettings(self.settings_prefix, self.default_settings)
            base = getattr(django_settings, "LDAP_USER_SEARCH_BASE", "")
            if base and not conf.USER_SEARCH:
                conf.USER_SEARCH = LDAPSearch(base, ldap.SCOPE_SUBTREE,
                                              getattr(django_settings, "LDAP_USER_FILTER", "(uid=%(user)s)"))
            group_base = getattr(django_settings, "LDAP_GROUP_SEARCH_BASE", "")
            if group_base and not conf.GROUP_SEARCH:
                kind = getattr(django_settings, "LDAP_GROUP_TYPE", "groupOfNames").lower()
                object_class = {"groupofnames": "groupOfNames", "activedirectory": "group",
                                "posixgroup": "posixGroup"}.get(kind, "groupOfNames")
                conf.GROUP_SEARCH = LDAPSearch(group_base, ldap.SCOPE_SUBTREE, f"(objectClass={object_class})")
                conf.GROUP_TYPE = GROUP_TYPES.get(kind, GroupOfNamesType)()
            self._settings = conf
        return self._settings

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not self.settings.SERVER_URI or not username or not password:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            roles_sync(user=user, group_dns=getattr(user.ldap_user, "group_dns", set()))
        return user


def roles_sync(*, user, group_dns) -> set[str]:
    """Give the user exactly the mapped roles of their LDAP groups; roles not managed by the mapping stay."""
    mapping = role_group_map()
    if not mapping:
        return set()
    wanted = {mapping[dn.lower()] for dn in group_dns if dn.lower() in mapping}
    managed = set(mapping.values())
    current = set(user.groups.values_list("name", flat=True))
    for name in managed - wanted:
        if name in current:
            user.groups.remove(Group.objects.get(name=name))
    for name in wanted - current:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    from organization.roles import forget_roles

    forget_roles(user)
    return wanted
