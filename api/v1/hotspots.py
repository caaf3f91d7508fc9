"""API v1: hotspots (mounted at /api/v1/hotspots/). Planners and managers only.

- `POST runs/` `{"kind": "gistar"|"emerging"|"dbscan", "resolution", "k", "date_from", "date_to", "category",
  "channel", "status", "bin", "eps_m", "min_samples"}` — start a run (202) or get the stored one for the same
  parameters on the same data version (200, `"reused": true`).
- `GET runs/` — recent runs; `GET runs/<id>/` — status, progress (percentage and stage), summary, timings.
- `GET runs/<id>/cells.geojson[?significant=1]`, `GET runs/<id>/clusters.geojson` — results as GeoJSON.
- `GET runs/<id>/export/<geojson|gpkg|shp|csv|kml>/` — the layer for a GIS, with parameters and attribution.
- `GET compare.geojson?a=<run>&b=<run>` — two periods side by side (class in A, in B, change).
- `GET regions.geojson` — region outlines, the map's background.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import NON_FIELD, ApiError
from api.schema import errors
from clustering import exports, messages, selectors, services
from clustering.access import can_use_hotspots, run_visible
from clustering.models import STAGE_LABELS, RunKind
from intake.errors import bilingual

GEOJSON = OpenApiResponse(OpenApiTypes.OBJECT, description="A GeoJSON FeatureCollection (application/geo+json).")
NO_RUN = {"e404": "No such run, or not the user's to see."}


class HotspotRole(permissions.BasePermission):
    message = messages.FORBIDDEN  # rendered in the request's language

    def has_permission(self, request, view) -> bool:
        return can_use_hotspots(request.user)


_CODES = {400: "invalid", 404: "not_found", 409: "not_finished", 500: "export_failed"}


def problem(status: int, message, *, errors: dict | None = None) -> ApiError:
    """A refusal to raise, in the common shape (api.errors); `detail` keeps this API's older "fa / en" text."""
    text = bilingual(message)
    return ApiError(message, status_code=status, errors=errors or {NON_FIELD: [message]},
                    code=_CODES.get(status, "invalid"), legacy={"detail": f"{text['fa']} / {text['en']}"})


def run_payload(run, *, reused: bool = False) -> dict:
    base = f"/api/v1/hotspots/runs/{run.pk}/"
    return {
        "id": run.pk, "kind": run.kind, "status": run.status, "progress": run.progress, "stage": run.stage,
        "stage_label": str(STAGE_LABELS.get(run.stage, run.stage)), "error": run.error, "params": run.params,
        "window_start": run.window_start, "window_end": run.window_end, "request_count": run.request_count,
        "summary": run.summary, "timings": run.timings, "data_version": run.data_version, "reused": reused,
        "created_at": run.created_at, "started_at": run.started_at, "finished_at": run.finished_at,
        "urls": {
            "self": base, "cells": f"{base}cells.geojson", "clusters": f"{base}clusters.geojson",
            "exports": {fmt: f"{base}export/{fmt}/" for fmt in exports.FORMATS},
        },
    }


class HotspotApi(APIView):
    permission_classes = [permissions.IsAuthenticated, HotspotRole]

    def visible_run(self, request, run_id):
        run = selectors.run_get(run_id)
        if run is None or not run_visible(request.user, run):
            raise problem(404, messages.NO_SUCH_RUN)
        return run


class RunsApi(HotspotApi):
    class InputSerializer(serializers.Serializer):
        """The run's parameters (documentation; services.run_params_clean validates)."""

        kind = serializers.ChoiceField(choices=RunKind.choices, default=RunKind.GISTAR)
        resolution = serializers.IntegerField(required=False, min_value=7, max_value=10, default=9)
        k = serializers.IntegerField(required=False, min_value=1, max_value=5, default=1)
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)
        category = serializers.IntegerField(required=False, help_text="subject or sub-subject id")
        channel = serializers.CharField(required=False)
        status = serializers.ListField(child=serializers.CharField(), required=False)
        bin = serializers.ChoiceField(choices=["month", "week"], required=False, help_text="emerging only")
        eps_m = serializers.IntegerField(required=False, help_text="dbscan only: metres")
        min_samples = serializers.IntegerField(required=False, help_text="dbscan only")

        class Meta:
            ref_name = "HotspotRunParameters"

    @extend_schema(operation_id="hotspots_runs_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        runs = [r for r in selectors.runs_recent(30) if run_visible(request.user, r)]
        return Response({"runs": [run_payload(r) for r in runs]})

    @extend_schema(operation_id="hotspots_runs_create", request=InputSerializer,
                   responses={202: OpenApiResponse(OpenApiTypes.OBJECT, description="started"),
                              200: OpenApiResponse(OpenApiTypes.OBJECT, description="the stored run for the same "
                                                   "parameters on the same data (reused: true)"), **errors(400)})
    def post(self, request):
        data = request.data
        if not hasattr(data, "get"):
            raise problem(400, messages.BAD_BODY)
        kind = data.get("kind") or RunKind.GISTAR
        raw = {key: (data.getlist(key) if key == "status" and hasattr(data, "getlist") else data.get(key))
               for key in ("resolution", "k", "date_from", "date_to", "category", "channel", "status", "bin",
                           "eps_m", "min_samples")}
        if hasattr(data, "getlist") and len(raw["status"] or []) == 1:
            raw["status"] = raw["status"][0]
        try:
            run, reused = services.run_start(user=request.user, kind=kind, raw_params=raw)
        except ValidationError as error:
            raise problem(400, messages.BAD_PARAMETERS, errors=error.message_dict) from None
        return Response(run_payload(run, reused=reused), status=200 if reused else 202)


class RunApi(HotspotApi):
    @extend_schema(operation_id="hotspots_run_status", responses={200: OpenApiTypes.OBJECT, **errors(404, **NO_RUN)})
    def get(self, request, run_id: int):
        return Response(run_payload(self.visible_run(request, run_id)))


class CellsApi(HotspotApi):
    @extend_schema(operation_id="hotspots_run_cells",
                   parameters=[OpenApiParameter("significant", str, enum=["1", "true", "yes", "0"],
                                                description="1: only cells significant after FDR correction")],
                   responses={(200, "application/geo+json"): GEOJSON, **errors(404, **NO_RUN)})
    def get(self, request, run_id: int):
        run = self.visible_run(request, run_id)
        significant = request.query_params.get("significant") in ("1", "true", "yes")
        return JsonResponse(selectors.cells_geojson(run.pk, significant_only=significant),
                            content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


class ClustersApi(HotspotApi):
    @extend_schema(operation_id="hotspots_run_clusters",
                   responses={(200, "application/geo+json"): GEOJSON, **errors(404, **NO_RUN)})
    def get(self, request, run_id: int):
        run = self.visible_run(request, run_id)
        return JsonResponse(selectors.clusters_geojson(run.pk), content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})


class ExportApi(HotspotApi):
    @extend_schema(
        operation_id="hotspots_run_export",
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(exports.FORMATS))],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="the file"),
                   **errors(400, 404, 409, 500, e404=NO_RUN["e404"], e409="The run has not finished.")},
    )
    def get(self, request, run_id: int, fmt: str):
        run = self.visible_run(request, run_id)
        if fmt not in exports.FORMATS:
            raise problem(400, messages.BAD_FORMAT)
        if run.status != "done":
            raise problem(409, messages.NOT_FINISHED)
        try:
            content, filename, content_type = exports.export_run(run, fmt)
        except exports.ExportError:
            raise problem(503, messages.EXPORT_FAILED) from None  # try again later; never a bare 500
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CompareApi(HotspotApi):
    @extend_schema(
        operation_id="hotspots_compare",
        parameters=[OpenApiParameter("a", int, required=True, description="the first period's run"),
                    OpenApiParameter("b", int, required=True, description="the second period's run")],
        responses={(200, "application/geo+json"): GEOJSON, **errors(400, 404, **NO_RUN)},
    )
    def get(self, request):
        runs = []
        for key in ("a", "b"):
            value = request.query_params.get(key, "")
            if not value.isdigit():
                raise problem(400, messages.COMPARE_NEEDS_TWO)
            runs.append(self.visible_run(request, int(value)))
        return JsonResponse(selectors.compare_geojson(runs[0].pk, runs[1].pk), content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})


class RegionsApi(HotspotApi):
    @extend_schema(operation_id="hotspots_regions", responses={(200, "application/geo+json"): GEOJSON})
    def get(self, request):
        return JsonResponse(selectors.regions_geojson(), content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("runs/", RunsApi.as_view(), name="api-hotspots-runs"),
    path("runs/<int:run_id>/", RunApi.as_view(), name="api-hotspots-run"),
    path("runs/<int:run_id>/cells.geojson", CellsApi.as_view(), name="api-hotspots-cells"),
    path("runs/<int:run_id>/clusters.geojson", ClustersApi.as_view(), name="api-hotspots-clusters"),
    path("runs/<int:run_id>/export/<str:fmt>/", ExportApi.as_view(), name="api-hotspots-export"),
    path("compare.geojson", CompareApi.as_view(), name="api-hotspots-compare"),
    path("regions.geojson", RegionsApi.as_view(), name="api-hotspots-regions"),
]
