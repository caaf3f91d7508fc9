"""The address hierarchy: city → region (منطقه) → district (ناحیه) → neighbourhood (محله),
streets and alleys (lines), landmarks (points) and their aliases. All geometry in EPSG:4326."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SyntheticMixin(models.Model):
    synthetic = models.BooleanField(
        _("synthetic (demo data)"), default=False, db_index=True,
        help_text=_("Made up for the demo city, not surveyed data."),
    )
    source = models.CharField(_("source"), max_length=40, blank=True)

    class Meta:
        abstract = True


class City(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name_fa


class Region(SyntheticMixin):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="regions", verbose_name=_("city"))
    number = models.PositiveSmallIntegerField(_("region number"))
    name_fa = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    osm_id = models.CharField(_("OpenStreetMap id"), max_length=40, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["city", "number"]
        constraints = [models.UniqueConstraint(fields=["city", "number"], name="region_unique_number")]

    def __str__(self) -> str:
        return self.name_fa


class District(SyntheticMixin):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))
    number = models.PositiveSmallIntegerField(_("district number"))
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("region-district, e.g. 6-2"))
    name_fa = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region__number", "number"]
        constraints = [models.UniqueConstraint(fields=["region", "number"], name="district_unique_number")]

    def __str__(self) -> str:
        return self.name_fa


class Neighbourhood(SyntheticMixin):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("district"),
    )
    code = models.CharField(_("code"), max_length=30, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_fa


class Street(SyntheticMixin):
    class Kind(models.TextChoices):
        STREET = "street", _("street")
        BOULEVARD = "boulevard", _("boulevard")
        HIGHWAY = "highway", _("highway")
        ALLEY = "alley", _("alley")

    external_id = models.CharField(_("external id"), max_length=60, unique=True, null=True, blank=True)
    name_fa = models.CharField(_("Persian name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STREET, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="alleys",
        verbose_name=_("parent street"), help_text=_("For an alley: the street it opens onto."),
    )
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district"),
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="crossing_streets", verbose_name=_("districts crossed"),
    )
    geom = models.MultiLineStringField(_("geometry"), srid=4326)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["name_fa"]

    def __str__(self) -> str:
        return self.name_fa


class AlleyManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Street.Kind.ALLEY)


class Alley(Street):
    """Alleys (کوچه) are streets of kind "alley" with a parent street; a separate list in the admin."""

    objects = AlleyManager()

    class Meta:
        proxy = True
        verbose_name = _("alley")
        verbose_name_plural = _("alleys")

    def save(self, *args, **kwargs):
        self.kind = Street.Kind.ALLEY
        super().save(*args, **kwargs)


class Landmark(SyntheticMixin):
    class Kind(models.TextChoices):
        METRO = "metro", _("metro station")
        SQUARE = "square", _("square")
        LANDMARK = "landmark", _("landmark")

    external_id = models.CharField(_("external id"), max_length=60, unique=True, null=True, blank=True)
    name_fa = models.CharField(_("Persian name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LANDMARK, db_index=True)
    subkind = models.CharField(_("type"), max_length=40, blank=True)
    category_fa = models.CharField(_("category"), max_length=120, blank=True)
    address_fa = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("neighbourhood"),
    )
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        verbose_name = _("landmark")
        verbose_name_plural = _("landmarks")
        ordering = ["name_fa"]

    def __str__(self) -> str:
        return self.name_fa


class AddressPoint(SyntheticMixin):
    """A house number on a street (OpenStreetMap's `addr:street` + `addr:housenumber`): the point of a numbered
    node, or a point on the surface of a numbered building. `street` is the nearest street bearing
    `street_name` (empty when the file has no street of that name nearby, or the street was deleted: the
    gazetteer then knows the street by its numbers alone)."""

    external_id = models.CharField(_("external id"), max_length=60, unique=True)
    street = models.ForeignKey(
        Street, on_delete=models.SET_NULL, null=True, blank=True, related_name="address_points",
        verbose_name=_("street"),
    )
    street_name = models.CharField(_("street name as written"), max_length=200)
    housenumber = models.CharField(_("house number"), max_length=60, help_text=_("As written: 12, 12 A, 15-17."))
    number = models.CharField(
        _("normalised number"), max_length=30, blank=True, help_text=_("12a for 12 A, 15-17 for a range."),
    )
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        verbose_name = _("address point")
        verbose_name_plural = _("address points")
        ordering = ["street_name", "number"]
        indexes = [models.Index(fields=["street", "number"], name="addresspoint_street_number")]

    def __str__(self) -> str:
        return f"{self.street_name} {self.housenumber}"


class AddressRange(SyntheticMixin):
    """An interpolation line (`addr:interpolation`): the numbers from `start_number` at the line's first point
    to `end_number` at its last, odd, even or all of them; a number lying only in a range is placed along it."""

    class Scheme(models.TextChoices):
        ODD = "odd", _("odd numbers")
        EVEN = "even", _("even numbers")
        ALL = "all", _("all numbers")

    external_id = models.CharField(_("external id"), max_length=60, unique=True)
    street = models.ForeignKey(
        Street, on_delete=models.SET_NULL, null=True, blank=True, related_name="address_ranges",
        verbose_name=_("street"),
    )
    street_name = models.CharField(_("street name as written"), max_length=200)
    start_number = models.CharField(_("first number"), max_length=30)
    end_number = models.CharField(_("last number"), max_length=30)
    scheme = models.CharField(_("numbers"), max_length=10, choices=Scheme.choices, default=Scheme.ALL)
    geom = models.LineStringField(_("geometry"), srid=4326)

    class Meta:
        verbose_name = _("address range")
        verbose_name_plural = _("address ranges")
        ordering = ["street_name", "start_number"]

    def __str__(self) -> str:
        return f"{self.street_name} {self.start_number}–{self.end_number} ({self.scheme})"


class Alias(models.Model):
    """Another name of a street or landmark: an old name, a colloquial form, a common misspelling."""

    class Kind(models.TextChoices):
        OLD = "old", _("old name")
        COLLOQUIAL = "colloquial", _("colloquial name")
        SPELLING = "spelling", _("spelling variant")
        OTHER = "other", _("other")

    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases", verbose_name=_("street"),
    )
    landmark = models.ForeignKey(
        Landmark, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases",
        verbose_name=_("landmark"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.CheckConstraint(
                condition=(Q(street__isnull=False) & Q(landmark__isnull=True))
                | (Q(street__isnull=True) & Q(landmark__isnull=False)),
                name="alias_names_exactly_one_feature",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AddressDataVersion(models.Model):
    """A counter bumped whenever address data changes; in-memory indexes rebuild when it moves."""

    name = models.CharField(max_length=40, unique=True, default="addresses")
    version = models.PositiveBigIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("address data version")
        verbose_name_plural = _("address data versions")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class DatasetLoad(models.Model):
    """What was loaded from which files: lets loaders skip work already done and shows the admin the last runs."""

    name = models.CharField(_("data set"), max_length=60, unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    counts = models.JSONField(_("counts"), default=dict)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("data set load")
        verbose_name_plural = _("data set loads")

    def __str__(self) -> str:
        return self.name


class QueryReview(models.Model):
    """An address query worth a human look: it matched nothing, or the operator picked another place than the
    first suggestion. A reviewer turns it into an alias of the right street or landmark (admin action)."""

    class Reason(models.TextChoices):
        UNMATCHED = "unmatched", _("matched nothing")
        CORRECTED = "corrected", _("corrected by the operator")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        ALIASED = "aliased", _("turned into an alias")
        DISMISSED = "dismissed", _("dismissed")

    query = models.CharField(_("query"), max_length=300)
    normalized = models.CharField(_("normalised query"), max_length=300, db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    times = models.PositiveIntegerField(_("times seen"), default=1)
    region_number = models.PositiveSmallIntegerField(_("region chosen by the operator"), null=True, blank=True)
    suggested_label = models.CharField(_("first suggestion"), max_length=300, blank=True)
    suggested_record = models.CharField(_("first suggestion record"), max_length=80, blank=True)
    chosen_label = models.CharField(_("operator's choice"), max_length=300, blank=True)
    chosen_record = models.CharField(_("operator's choice record"), max_length=80, blank=True)
    street = models.ForeignKey(
        Street, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("street"),
        help_text=_("The street this query means (for the alias)."),
    )
    landmark = models.ForeignKey(
        Landmark, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("landmark"),
        help_text=_("The landmark this query means (for the alias)."),
    )
    alias = models.ForeignKey(
        Alias, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("alias made"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last reported by"),
    )
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("address query to review")
        verbose_name_plural = _("address queries to review")
        ordering = ["status", "-times", "-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized", "reason", "chosen_record"], condition=Q(status="open"),
                name="queryreview_one_open_per_query",
            )
        ]

    def __str__(self) -> str:
        return self.query
