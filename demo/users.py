"""Demo users, one per role, sharing settings.DEMO_PASSWORD. For demos and tests, never for production."""

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
    return users


def demo_users_describe() -> list[str]:
    return [
        f"{username:<11} "
        f"{', '.join(str(Role(r).label) for r in roles) if not is_admin else 'administrator (all roles)'}"
        for username, _first, _last, roles, is_admin in DEMO_USERS
    ]
