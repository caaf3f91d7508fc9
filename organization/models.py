"""Deputies, references (مراجع), units, officials, positions, roles, user scopes, supervision and login audit."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deputy(models.Model):
    """A municipal deputy (معاونت). The eight usual ones are created as editable defaults."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_fa


class Reference(models.Model):
    """A body that answers citizens' messages (مرجع): a regional municipality, an organisation, a department or a
    company. References form a hierarchy (a department under an organisation under a deputy)."""

    class Kind(models.TextChoices):
        REGIONAL_MUNICIPALITY = "region", _("regional municipality")
        ORGANISATION = "organisation", _("organisation")
        DEPARTMENT = "department", _("department")
        COMPANY = "company", _("company")

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, null=True, blank=True, related_name="references", verbose_name=_("deputy"),
    )
    region = models.ForeignKey(
        "addresses.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("region"), help_text=_("For a regional municipality: the region it serves."),
    )
    categories = models.ManyToManyField(
        "intake.Category", blank=True, related_name="+", verbose_name=_("sub-subjects"),
        help_text=_("Sub-subjects this reference answers; used to route messages automatically."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("A reference cannot be its own ancestor.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def descendant_ids(self) -> set[int]:
        return reference_descendant_ids([self.pk])


def reference_descendant_ids(root_ids) -> set[int]:
    """The given references and every reference below them (one query per level)."""
    found = set(root_ids)
    frontier = set(root_ids)
    while frontier:
        frontier = set(Reference.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


class Unit(models.Model):
    """A unit inside a reference (واحد), with its supervisor."""

    reference = models.ForeignKey(
        Reference, on_delete=models.PROTECT, related_name="units", verbose_name=_("reference"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="supervised_units",
        verbose_name=_("supervisor"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["reference__name", "name"]

    def __str__(self) -> str:
        return f"{self.reference.name} / {self.name}"


class Official(models.Model):
    """A person in a reference who answers for it (مسئول)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="officials", verbose_name=_("unit"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("office address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}" + (f" ({self.title})" if self.title else "")


class Position(models.Model):
    """A post in the municipal chart (سمت)."""

    name = models.CharField(_("name"), max_length=150)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="positions", verbose_name=_("unit"),
    )
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="subordinates",
        verbose_name=_("reports to"),
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleDefinition(models.Model):
    """A role beyond (or describing) the built-in ones: a Django group plus a label, an on/off switch and the roles
    it includes (a role relation: a supervisor may act as every role it includes)."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role", verbose_name=_("group"))
    label_fa = models.CharField(_("Persian label"), max_length=150)
    label_en = models.CharField(_("English label"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    includes = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="included_in", verbose_name=_("includes roles"),
    )
    city_wide = models.BooleanField(
        _("city-wide"), default=True,
        help_text=_("Holders see the whole city unless their profile restricts them to references or regions."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["group__name"]

    def __str__(self) -> str:
        return self.label_fa or self.group.name

    @property
    def name(self) -> str:
        return self.group.name


class UserProfile(models.Model):
    """A user's place in the organisation and scope: the references and regions they cover."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="holders", verbose_name=_("position"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("unit"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    scope_references = models.ManyToManyField(
        Reference, blank=True, related_name="scoped_users", verbose_name=_("references covered"),
    )
    scope_regions = models.ManyToManyField(
        "addresses.Region", blank=True, related_name="+", verbose_name=_("regions covered"),
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return str(self.user)


class LoginEvent(models.Model):
    """Audit of logins, failed logins and logouts."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("login")
        FAILED = "failed", _("failed login")
        LOGOUT = "logout", _("logout")
        LOCKED = "locked", _("account locked")
        THROTTLED = "throttled", _("address throttled")
        MFA_OK = "mfa", _("second factor verified")
        MFA_FAILED = "mfa_failed", _("wrong second-factor code")
        MFA_ENROLLED = "mfa_enrol", _("second factor enrolled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    backend = models.CharField(_("backend"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.kind}"
