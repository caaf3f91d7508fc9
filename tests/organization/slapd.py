"""A real OpenLDAP server for tests: Debian's slapd on a free 127.0.0.1 port with a temporary config and database,
loaded with slapadd from an LDIF, stopped afterwards."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import ldap

SUFFIX = "dc=civic,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"

LDIF = f"""dn: {SUFFIX}
objectClass: top
objectClass: dcObject
objectClass: organization
o: Civic Test
dc: civic

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: uid=sara,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: sara
cn: Sara Amini
givenName: سارا
sn: امینی
mail: sara@city.test
userPassword: sara-pass

dn: uid=kaveh,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: kaveh
cn: Kaveh Nouri
givenName: کاوه
sn: نوری
userPassword: kaveh-pass

dn: cn=operators,ou=groups,{SUFFIX}
objectClass: groupOfNames
cn: operators
member: uid=sara,ou=people,{SUFFIX}

dn: cn=followup,ou=groups,{SUFFIX}
objectClass: groupOfNames
cn: followup
member: uid=sara,ou=people,{SUFFIX}
member: uid=kaveh,ou=people,{SUFFIX}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="civic-slapd-"))
        self.port = _free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "Slapd":
        db = self.dir / "db"
        db.mkdir()
        conf = self.dir / "slapd.conf"
        conf.write_text("\n".join([
            *(f"include /etc/ldap/schema/{name}.schema" for name in ("core", "cosine", "inetorgperson", "nis")),
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            f"pidfile {self.dir}/slapd.pid",
            f"argsfile {self.dir}/slapd.args",
            "database mdb",
            f'suffix "{SUFFIX}"',
            f'rootdn "{ADMIN_DN}"',
            f"rootpw {ADMIN_PASSWORD}",
            f"directory {db}",
            "maxsize 10485760",
            "",
        ]))
        (self.dir / "data.ldif").write_text(LDIF, encoding="utf-8")
        subprocess.run(["/usr/sbin/slapadd", "-f", str(conf), "-l", str(self.dir / "data.ldif")], check=True,
                       capture_output=True)
        self.process = subprocess.Popen(
            ["/usr/sbin/slapd", "-f", str(conf), "-h", self.uri + "/", "-d", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                conn = ldap.initialize(self.uri)
                conn.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
                conn.unbind_s()
                return self
            except ldap.SERVER_DOWN:
                if self.process.poll() is not None:
                    raise RuntimeError(f"slapd exited: {self.process.stderr.read().decode(errors='replace')}")
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("slapd did not start within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
