"""The people our tests act as, one place for all suites."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organization.roles import Role

PASSWORD = "correct horse battery staple"

PERSONAS = {
    # persona: (username, first name, last name, roles)
    "operator": ("maryam", "مریم", "احمدی", (Role.OPERATOR,)),
    "followup": ("ali", "علی", "رضایی", (Role.FOLLOWUP,)),
    "responder": ("zahra", "زهرا", "کریمی", (Role.RESPONDER,)),
    "supervisor": ("hossein", "حسین", "موسوی", (Role.SUPERVISOR,)),
    "manager": ("fatemeh", "فاطمه", "حسینی", (Role.MANAGER,)),
    "planner": ("reza", "رضا", "جعفری", (Role.PLANNER,)),
    "outsider": ("eve", "ایو", "ناشناس", ()),
}


def make_persona(persona: str):
    username, first, last, roles = PERSONAS[persona]
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=first, last_name=last,
    )
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    return user


def persona_scope(user, *, references=(), regions=()):
    """Restrict a persona to references and/or regions (their follow-up scope)."""
    from organization.models import UserProfile
    from organization.scopes import forget_scope

    profile, _ = UserProfile.objects.get_or_create(user=user)
    profile.scope_references.set(references)
    profile.scope_regions.set(regions)
    forget_scope(user)
    return profile


def persona_roles(user, *roles):
    """Give a user exactly these role groups."""
    from organization.roles import forget_roles

    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    forget_roles(user)
    return user


def mfa_device(user):
    """A confirmed authenticator-app device for `user` (its secret: device.bin_key)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test app"})[0]


def login_verified(client, user):
    """Log `user` in with a session verified by a second factor (as after entering a code), as the admin requires
    of superusers and staff."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = mfa_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
