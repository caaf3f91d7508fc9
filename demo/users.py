"""Demo users, one per role, sharing settings.DEMO_PASSWORD. For demos and tests, never for production.

The demo administrator is a superuser and so must use two-factor login (organization.mfa): in DEBUG the demo
enrols an authenticator device for it and `demo_users --list` prints its secret and otpauth URL; otherwise its first
login shows the enrolment page with a QR code. Without a phone at hand, `demo_users --mfa-code` prints the code the
demo administrator's device (enrolled or being enrolled) shows now. The other demo users log in with the password
alone (unless MFA_REQUIRED_ROLES names their role)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from organization.roles import Role

DEMO_USERS = (
    # username, first name, last name, roles, staff/admin
    ("operator", "مریم", "احمدی", (Role.OPERATOR,), False),
    ("followup", "علی", "رضایی", (Role.FOLLOWUP,), False),
    ("responder", "زهرا", "کریمی", (Role.RESPONDER,), False),
    ("supervisor", "حسین", "موسوی", (Role.SUPERVISOR,), False),
    ("manager", "فاطمه", "حسینی", (Role.MANAGER,), False),
    ("planner", "رضا", "جعفری", (Role.PLANNER,), False),
    ("admin", "مدیر", "سامانه", tuple(Role), True),
)


FORCE_FLAG = "--force-insecure"


def demo_insecure_check(*, forced: bool) -> None:
    """Refuse (CommandError) to put demo data and its known-password administrator into a database outside
    DEBUG unless `forced`: outside DEBUG this may be a production database, reachable by others."""
    if settings.DEBUG or forced:
        return
    raise CommandError(
        "Refusing to load demo data: DEBUG is off, so this may be a production database, and the demo creates "
        "an administrator ('admin', all roles, superuser) and six role users with one known password "
        f"(DEMO_PASSWORD). On a machine nobody else can reach, run it again with {FORCE_FLAG} "
        f"(`make run` and `make demo` do); never in production.\n"
        "بارگذاری دادهٔ نمایشی انجام نشد: DEBUG خاموش است و ممکن است این پایگاه دادهٔ واقعی باشد؛ دادهٔ نمایشی "
        f"یک مدیر کل با گذرواژهٔ شناخته‌شده می‌سازد. فقط روی رایانه‌ای که دیگران به آن دسترسی ندارند با {FORCE_FLAG} "
        "اجرا کنید، هرگز در محیط واقعی."
    )


def demo_users_ensure() -> list:
    User = get_user_model()
    users = []
    for username, first, last, roles, is_admin in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last},
        )
        if created or not user.has_usable_password():
            user.set_password(settings.DEMO_PASSWORD)
        user.is_staff = user.is_superuser = is_admin
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        users.append(user)
    demo_admin_device(create=True)
    return users


def demo_users_describe() -> list[str]:
    return [
        f"{username:<11} "
        f"{', '.join(str(Role(r).label) for r in roles) if not is_admin else 'administrator (all roles)'}"
        for username, _first, _last, roles, is_admin in DEMO_USERS
    ]


DEMO_ADMIN = "admin"


def demo_admin_device(*, create: bool = False):
    """The demo administrator's TOTP device: the confirmed one, else the one being enrolled; with `create` (DEBUG
    only), a confirmed one is enrolled when there is none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.filter(username=DEMO_ADMIN).first()
    if user is None:
        return None
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()
    if device is None and create and settings.DEBUG:
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
    return device


def demo_admin_mfa_lines() -> list[str]:
    """How the demo administrator passes two-factor login, for `make run`'s banner (secrets only in DEBUG)."""
    from organization.mfa import totp_secret, totp_url

    device = demo_admin_device()
    if settings.DEBUG and device is not None and device.confirmed:
        return [f"{DEMO_ADMIN} two-factor secret: {totp_secret(device)}", f"  {totp_url(device)}",
                "  (or: manage.py demo_users --mfa-code)"]
    return [f"{DEMO_ADMIN} two-factor login: the first login shows a QR code to scan with an authenticator app;",
            "  without a phone, manage.py demo_users --mfa-code prints the current code"]


def demo_admin_mfa_code() -> str | None:
    """The six-digit code the demo administrator's device shows now (None: no device yet, log in first)."""
    from django_otp.oath import totp

    device = demo_admin_device()
    if device is None or not device.user.check_password(settings.DEMO_PASSWORD):
        return None  # only the demo's own administrator: never an account that was given a real password
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
