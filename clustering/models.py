"""Hotspot runs and their results: per-cell statistics (Gi* or emerging) and DBSCAN clusters."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class RunKind(models.TextChoices):
    GISTAR = "gistar", _("hot and cold spots (Gi*)")
    EMERGING = "emerging", _("emerging hot spots")
    DBSCAN = "dbscan", _("clusters (DBSCAN)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


STAGE_LABELS = {
    "queued": _("waiting for a worker"), "start": _("starting"), "aggregate": _("counting requests per cell"),
    "neighbours": _("finding neighbours"), "statistics": _("computing statistics"), "clusters": _("finding clusters"),
    "saving": _("saving results"), "done": _("done"),
}


class HotspotRun(models.Model):
    """One analysis: its parameters, the data version it saw, its progress and timings."""

    kind = models.CharField(_("kind"), max_length=20, choices=RunKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    params_key = models.CharField(_("parameters key"), max_length=64, db_index=True)
    data_version = models.CharField(_("data version"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)
    window_start = models.DateTimeField(_("window start"), null=True, blank=True)
    window_end = models.DateTimeField(_("window end"), null=True, blank=True)
    request_count = models.PositiveIntegerField(_("requests analysed"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    timings = models.JSONField(_("timings (ms)"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotspot run")
        verbose_name_plural = _("hotspot runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "params_key", "data_version"], name="hotspot_run_reuse")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class HotspotCell(models.Model):
    """One H3 cell of a run: counts and statistics (Gi* of the whole window, or the emerging category)."""

    run = models.ForeignKey(HotspotRun, on_delete=models.CASCADE, related_name="cells", verbose_name=_("run"))
    cell = models.BigIntegerField(_("H3 cell"))
    count = models.PositiveIntegerField(_("requests"))
    neighbours = models.PositiveSmallIntegerField(_("neighbours"), default=0)
    gi = models.FloatField(_("Gi*"), default=0)
    z = models.FloatField(_("z-score"), default=0)
    p = models.FloatField(_("p-value"), default=1)
    q = models.FloatField(_("FDR-adjusted p-value"), default=1)
    gi_bin = models.SmallIntegerField(
        _("class"), default=0, help_text=_("−3…3: cold/hot at 99/95/90 percent confidence"),
    )
    category = models.CharField(_("emerging category"), max_length=24, blank=True)
    trend_z = models.FloatField(_("trend z (Mann–Kendall)"), null=True, blank=True)
    trend_p = models.FloatField(_("trend p-value"), null=True, blank=True)
    hot_bins = models.PositiveSmallIntegerField(_("hot bins"), null=True, blank=True)
    cold_bins = models.PositiveSmallIntegerField(_("cold bins"), null=True, blank=True)
    geom = models.PolygonField(_("hexagon"), srid=4326)

    class Meta:
        verbose_name = _("hotspot cell")
        verbose_name_plural = _("hotspot cells")
        constraints = [models.UniqueConstraint(fields=["run", "cell"], name="hotspot_cell_unique")]


class HotspotCluster(models.Model):
    """A DBSCAN cluster of requests of one sub-subject."""

    run = models.ForeignKey(HotspotRun, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("run"))
    category = models.ForeignKey(
        "intake.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sub-subject"),
    )
    label = models.PositiveIntegerField(_("label"))
    size = models.PositiveIntegerField(_("size"))
    first_at = models.DateTimeField(_("first request"))
    last_at = models.DateTimeField(_("last request"))
    request_ids = models.JSONField(_("requests"), default=list)
    hull = models.PolygonField(_("hull"), srid=4326)

    class Meta:
        verbose_name = _("request cluster")
        verbose_name_plural = _("request clusters")
        ordering = ["run", "-size"]
