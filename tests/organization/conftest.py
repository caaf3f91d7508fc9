import pytest


@pytest.fixture(scope="session")
def slapd_server():
    from tests.organization.slapd import Slapd

    server = Slapd().start()
    yield server
    server.stop()


@pytest.fixture
def ldap_settings(settings, slapd_server):
    from tests.organization.slapd import SUFFIX

    settings.AUTH_LDAP_SERVER_URI = slapd_server.uri
    settings.LDAP_USER_SEARCH_BASE = f"ou=people,{SUFFIX}"
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_GROUP_SEARCH_BASE = f"ou=groups,{SUFFIX}"
    settings.LDAP_GROUP_TYPE = "groupOfNames"
    settings.LDAP_ROLE_GROUPS = (f"operator:cn=operators,ou=groups,{SUFFIX}|"
                                 f"followup:cn=followup,ou=groups,{SUFFIX}")
    return settings
