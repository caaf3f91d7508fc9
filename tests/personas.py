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
