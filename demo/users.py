"""Demo users, one per role, sharing settings.DEMO_PASSWORD. For demos and tests, never for production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
