"""API v1: requests endpoints (mounted at /api/v1/requests/).

- `POST /api/v1/requests/` — register a request (token or session auth), honouring `Idempotency-Key`.
- `GET /api/v1/requests/duplicates?lon=&lat=&category=&text=&at=` — ranked open candidates near a point; `at` (ISO
  8601 date and time, optional): as they were at that moment (what was open then), so history can be replayed.
- `GET /api/v1/requests/screen-pop?phone=` — the caller's citizen record for the operator's console.
"""

from datetime import datetime

from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import PlainDictField, PlainTextField
from api.parsers import JsonTooDeep
from api.schema import errors
from api.throttling import CreateRateThrottle
from intake.api_support import (
    HasPlatformRole,
    IntakeRole,
    body_error,
    duplicate_query_check,
    phone_query_check,
    serializer_error,
)
from intake.errors import IntakeError
from intake.idempotency import body_fingerprint, idempotent_create
from intake.models import Channel, CitizenAccess, ServiceRequest
from intake.privacy import citizen_as_seen
from intake.selectors import citizen_lookup, citizen_requests
from intake.services import citizen_access_record, request_register
from intake.tokens import TokenAuthentication
from matching.candidates import duplicate_candidates, duplicate_settings
from organization.scopes import visible_requests

AUTH = [TokenAuthentication, SessionAuthentication]
API_CHANNELS = (Channel.API, Channel.APP, Channel.WEB)


def _invalid_body(errors: dict) -> IntakeError:
    """The serializer's errors as intake's refusal; DRF's own form of them stays under "fields" (older clients)."""
    error = serializer_error(errors)
    error.legacy = {"fields": errors}  # read by api.errors, which answers every refusal in the common shape
    return error


AT_INVALID = _("Give at as an ISO 8601 date and time, e.g. 2026-03-01T09:30:00+03:30.")


AT_EARLIEST = 1900  # no city's history goes further back


def _at_check(params) -> datetime | None:
    """The `at` of a duplicates query as an aware datetime (without an offset: the server's time zone), None when
    absent, or IntakeError."""
    value = (params.get("at") or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30T10:00
        moment = None
    if moment is None:
        raise IntakeError.on("at", AT_INVALID)
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if not AT_EARLIEST <= moment.year <= timezone.now().year + 1:  # the window before it must stay a real date
        raise IntakeError.on("at", AT_INVALID)
    return moment


class DuplicatesApi(APIView):
    authentication_classes = AUTH
    permission_classes = [permissions.IsAuthenticated, HasPlatformRole]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        tracking_code = serializers.CharField()
        status = serializers.CharField()
        distance_m = serializers.FloatField()
        age_days = serializers.FloatField()
        score = serializers.FloatField()
        category_relation = serializers.CharField()
        text_similarity = serializers.FloatField()
        reason = serializers.CharField()
        reason_en = serializers.CharField()
        is_strong = serializers.BooleanField()
        address_match = serializers.CharField()

        class Meta:
            ref_name = "DuplicateCandidate"

    @extend_schema(
        operation_id="requests_duplicates",
        parameters=[
            OpenApiParameter("lon", float, required=True, description="longitude of the new report (WGS 84)"),
            OpenApiParameter("lat", float, required=True, description="latitude of the new report (WGS 84)"),
            OpenApiParameter("category", str, description="sub-subject (or subject) id or code"),
            OpenApiParameter("text", str, description="the new report's description (at most 4,000 characters)"),
            OpenApiParameter("address", str, description="the new report's address text"),
            OpenApiParameter("at", str, description="ISO 8601 date and time: the candidates open at that moment"),
        ],
        responses={200: inline_serializer("DuplicateCandidates", {
            "kind": serializers.CharField(), "radius_m": serializers.FloatField(),
            "window_days": serializers.FloatField(), "at": serializers.DateTimeField(allow_null=True),
            "count": serializers.IntegerField(), "candidates": OutputSerializer(many=True)}), **errors(400)},
    )
    def get(self, request):
        query = duplicate_query_check(request.query_params)  # IntakeError → api.errors.exception_handler
        at = _at_check(request.query_params)
        lon, lat, category, text = query["lon"], query["lat"], query["category"], query["text"]
        candidates = duplicate_candidates(lon=lon, lat=lat, category=category, text=text, limit=20, as_of=at,
                                          address_text=query["address"], user=request.user)
        rows = [dict(c.as_dict(), reason_en=c.reason_in("en")) for c in candidates]
        kind, radius, window = duplicate_settings(category)
        return Response({
            "kind": kind,
            "radius_m": radius,
            "window_days": window,
            "at": at.isoformat() if at else None,
            "count": len(rows),
            "candidates": self.OutputSerializer(rows, many=True).data,
        })


CREATED = inline_serializer("RequestCreated", {
    "id": serializers.IntegerField(), "tracking_code": serializers.CharField(), "status": serializers.CharField(),
    "possible_duplicate": serializers.BooleanField(), "duplicate_candidates": serializers.ListField(
        child=serializers.DictField(), help_text="tracking_code, distance_m, score, reason")})


class RequestCreateApi(APIView):
    authentication_classes = AUTH
    permission_classes = [permissions.IsAuthenticated, HasPlatformRole]  # a user with no role registers nothing
    throttle_classes = [CreateRateThrottle]  # API_CREATE_RATE per token

    class InputSerializer(serializers.Serializer):
        category = PlainTextField()
        text = PlainTextField(allow_blank=True, required=False, default="")
        channel = serializers.ChoiceField(choices=[c.value for c in API_CHANNELS], default=Channel.API)
        phone = PlainTextField(required=False, allow_blank=True, default="")
        name = PlainTextField(required=False, allow_blank=True, default="")
        lon = serializers.FloatField(required=False, allow_null=True, default=None)
        lat = serializers.FloatField(required=False, allow_null=True, default=None)
        address_text = PlainTextField(required=False, allow_blank=True, default="")
        answers = PlainDictField(required=False, default=dict)
        external_ref = PlainTextField(required=False, allow_blank=True, default="", max_length=200)

        class Meta:
            ref_name = "RequestCreate"

    @extend_schema(
        operation_id="requests_create",
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                                     description="1–200 characters: a retry with the same key and body answers "
                                                 "the first result (Idempotent-Replayed: true), creating nothing")],
        request=InputSerializer,
        responses={201: CREATED, 200: CREATED, **errors(400, 422)},
    )
    def post(self, request):
        try:
            data = request.data
        except ParseError as error:
            raise body_error(error.detail if isinstance(error, JsonTooDeep) else None) from None
        serializer = self.InputSerializer(data=data)
        if not serializer.is_valid():
            raise _invalid_body(serializer.errors)
        values = serializer.validated_data

        def create():
            registration = request_register(
                channel=values["channel"], category=values["category"], text=values["text"], actor=request.user,
                phone=values["phone"], citizen_name=values["name"], lon=values["lon"], lat=values["lat"],
                address_text=values["address_text"], answers=values["answers"], external_ref=values["external_ref"],
            )
            body = {
                "id": registration.request.pk, "tracking_code": registration.tracking_code,
                "status": registration.request.status, "possible_duplicate": registration.possible_duplicate,
                "duplicate_candidates": [{"tracking_code": c.tracking_code, "distance_m": round(c.distance_m, 1),
                                          "score": c.score, "reason": c.reason} for c in registration.candidates],
            }
            return 201, body, registration.request

        key = request.headers.get("Idempotency-Key")
        if key is None:
            status_code, body, _request = create()
            return Response(body, status=status_code)
        status_code, body, replayed = idempotent_create(user=request.user, key=key,
                                                        body_hash=body_fingerprint(data), create=create)
        response = Response(body, status=status_code)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ScreenPopApi(APIView):
    authentication_classes = AUTH
    permission_classes = [permissions.IsAuthenticated, IntakeRole]

    @extend_schema(
        operation_id="requests_screen_pop",
        parameters=[OpenApiParameter("phone", str, description="the caller's number or subscription code "
                                     "(at most 40 characters)"),
                    OpenApiParameter("q", str, description="the same as phone (either is required)")],
        responses={200: inline_serializer("ScreenPop", {
            "found": serializers.BooleanField(), "citizen": serializers.DictField(allow_null=True),
            "requests": serializers.ListField(child=serializers.DictField())}), **errors(400)},
    )
    def get(self, request):
        query = phone_query_check(request.query_params)
        citizen = citizen_lookup(query=query)
        if citizen is None:
            return Response({"found": False, "citizen": None, "requests": []})
        rows = citizen_requests(citizen=citizen)
        visible = set(visible_requests(request.user, ServiceRequest.objects.filter(id__in=[r.id for r in rows]))
                      .values_list("id", flat=True))
        shown = citizen_as_seen(request.user, citizen, has_visible_request=bool(visible), has_requests=bool(rows))
        citizen_access_record(user=request.user, citizen=citizen, source=CitizenAccess.Source.SCREEN_POP,
                              query=query, masked=shown.masked)
        return Response({
            "found": True,
            "citizen": {"id": shown.pk, "name": shown.name, "phone": shown.phone, "masked": shown.masked,
                        "is_subscriber": shown.is_subscriber, "subscription_code": shown.subscription_code},
            "requests": [{"tracking_code": r.tracking_code, "status": r.status, "status_label": r.get_status_display(),
                          "category": str(r.category), "created_at": r.created_at.isoformat(),
                          "co_reported": r.citizen_id != citizen.pk}
                         for r in rows if r.id in visible],
        })


urlpatterns = [
    path("", RequestCreateApi.as_view(), name="api-request-create"),
    path("duplicates", DuplicatesApi.as_view(), name="api-request-duplicates"),
    path("screen-pop", ScreenPopApi.as_view(), name="api-request-screen-pop"),
]
