"""API v1: workflow endpoints (mounted at /api/v1/workflow/).

- GET  inbox/<box>/                       the user's inbox (filters as query parameters), paged
- POST cases/<code>/transitions/          {"operation", "text", "assignee", "reference", "official"}
- GET  cases/<code>/history/              the coloured timeline
- POST cases/<code>/uploads/              begin a resumable upload {"filename", "size", "content_type"}
- PUT  uploads/<uuid>/?offset=N           send a chunk (raw bytes); GET tells how many bytes arrived
- POST letters/                           office automation pushes a letter (Authorization: Token …)
"""

from django.contrib.auth import get_user_model
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import INVALID, NON_FIELD, ApiError, validation_errors
from api.fields import PlainTextField
from api.schema import errors
from api.throttling import CreateRateThrottle, api_creates
from intake.models import ServiceRequest
from limits.clients import client_key
from organization.scopes import visible_requests
from workflow import selectors
from workflow.followup import integration_token_check, letter_record, upload_begin, upload_chunk
from workflow.models import ChunkedUpload, Correspondence
from workflow.services import TransitionRefused, transition_execute


def _bad(en: str, fa: str, code: str = "invalid", status_code: int = 400) -> ApiError:
    """A refusal to raise, in the common shape (api.errors) with this API's older keys: error, error_fa, code."""
    return ApiError.bilingual(fa, en, code=code, status_code=status_code,
                              legacy={"error": en, "error_fa": fa})


def _invalid(errors: dict) -> ApiError:
    return ApiError(INVALID, errors=validation_errors(errors), code="invalid",
                    legacy={"error": "invalid input", "error_fa": "ورودی نامعتبر است.", "fields": errors})


FILTER_HELP = {
    "category": (int, "sub-subject id"), "region": (int, "region number"), "district": (int, "district id"),
    "reference": (int, "reference (مرجع) id"), "official": (int, "official id"),
    "status": (str, "request status"), "overdue": (str, "1: only cases past their deadline"),
    "date_from": (str, "registered on or after (Jalali 1403/09/01 or ISO date)"),
    "date_to": (str, "registered on or before (Jalali or ISO date)"), "channel": (str, "intake channel"),
    "q": (str, "tracking code, phone or words of the text"), "feedback_date": (str, "feedback due by (date)"),
    "assignee": (str, "user id, or 'me'"), "draft": (str, "1: only drafts"),
    "possible_duplicate": (str, "1: only possible duplicates"),
}
INBOX_PARAMETERS = [OpenApiParameter(name, kind, description=text) for name, (kind, text) in FILTER_HELP.items()] + [
    OpenApiParameter("limit", int, description="rows per page, 1–200 (default 50)"),
    OpenApiParameter("offset", int, description="rows to skip (default 0)"),
]
TRANSITION_DONE = inline_serializer("TransitionDone", {
    "tracking_code": serializers.CharField(), "box": serializers.CharField(),
    "assignee": serializers.IntegerField(allow_null=True), "status": serializers.CharField()})
UPLOAD_STATE = inline_serializer("UploadState", {
    "received": serializers.IntegerField(), "size": serializers.IntegerField(),
    "attachment_id": serializers.IntegerField(allow_null=True)})
CASE_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="the request's tracking code")


def _visible(user, code: str):
    return visible_requests(user, ServiceRequest.objects.filter(tracking_code=code)).first()


class InboxApi(APIView):
    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        tracking_code = serializers.CharField()
        status = serializers.CharField()
        channel = serializers.CharField()
        category = serializers.CharField(source="category.name_fa")
        created_at = serializers.DateTimeField()
        due_at = serializers.DateTimeField(source="workflow_case.due_at", allow_null=True)
        assignee = serializers.CharField(source="workflow_case.assignee.username", allow_null=True, default=None)

        class Meta:
            ref_name = "InboxRow"

    @extend_schema(
        operation_id="workflow_inbox",
        parameters=[OpenApiParameter("box", str, OpenApiParameter.PATH, description="inbox code, e.g. followup"),
                    *INBOX_PARAMETERS],
        responses={200: inline_serializer("InboxPage", {"count": serializers.IntegerField(),
                                                        "results": OutputSerializer(many=True)}),
                   **errors(400, e403="Not logged in, or this inbox is not the user's.")},
    )
    def get(self, request, box: str):
        found = selectors.box_for_user(request.user, box)
        if found is None:
            raise _bad("This inbox is not yours.", "این کارتابل برای شما نیست.", "forbidden", 403)
        try:
            qs = selectors.inbox_for_user(request.user, found, request.query_params.dict())
        except selectors.BadFilter as exc:
            raise ApiError(exc.args[0], code="bad_filter", errors={NON_FIELD: [exc.args[0]]},
                           legacy={"error": str(exc), "error_fa": str(exc)}) from None
        try:
            limit = min(max(int(request.query_params.get("limit", 50)), 1), 200)
            offset = max(int(request.query_params.get("offset", 0)), 0)
        except ValueError:
            raise _bad("limit and offset are numbers.", "limit و offset باید عدد باشند.", "bad_paging") from None
        rows = list(qs[offset:offset + limit])
        return Response({"count": qs.count(), "results": self.OutputSerializer(rows, many=True).data})


class TransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        operation = serializers.SlugField()
        text = PlainTextField(required=False, allow_blank=True, default="", max_length=4000)
        assignee = serializers.IntegerField(required=False, allow_null=True, default=None)
        reference = serializers.IntegerField(required=False, allow_null=True, default=None)
        official = serializers.IntegerField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "Transition"

    @extend_schema(operation_id="workflow_transition", parameters=[CASE_CODE], request=InputSerializer,
                   responses={200: TRANSITION_DONE, **errors(400, 403, 404, 409)})
    def post(self, request, code: str):
        service_request = _visible(request.user, code)
        if service_request is None:
            raise _bad("No such request in your scope.", "چنین پیامی در حوزه شما نیست.", "not_found", 404)
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise _invalid(data.errors)
        values = data.validated_data
        assignee = None
        if values["assignee"]:
            assignee = get_user_model().objects.filter(pk=values["assignee"], is_active=True).first()
            if assignee is None:
                raise _bad("Unknown receiver.", "گیرنده ناشناخته است.", "bad_assignee")
        # TransitionRefused → api.errors.exception_handler (its status, error / error_fa / code kept)
        result = transition_execute(request=service_request, operation=values["operation"], actor=request.user,
                                    text=values["text"], assignee=assignee,
                                    data={"reference": values["reference"], "official": values["official"]})
        return Response({"tracking_code": code, "box": result.case.box.code,
                         "assignee": result.case.assignee_id, "status": result.history.to_status})


class HistoryApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="workflow_history", parameters=[CASE_CODE],
                   responses={200: inline_serializer("HistoryEvent", {
                       "action": serializers.CharField(), "label": serializers.CharField(),
                       "color": serializers.CharField(), "kind": serializers.CharField(),
                       "actor": serializers.CharField(), "text": serializers.CharField(),
                       "at": serializers.DateTimeField(), "from_box": serializers.CharField(),
                       "to_box": serializers.CharField()}, many=True), **errors(404)})
    def get(self, request, code: str):
        service_request = _visible(request.user, code)
        if service_request is None:
            raise _bad("No such request in your scope.", "چنین پیامی در حوزه شما نیست.", "not_found", 404)
        return Response([
            {"action": e.action, "label": e.label, "color": e.color, "kind": e.kind, "actor": e.actor,
             "text": e.text, "at": e.at.isoformat(), "from_box": e.from_box, "to_box": e.to_box}
            for e in selectors.request_timeline(service_request)
        ])


class UploadBeginApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        filename = PlainTextField(max_length=255)
        size = serializers.IntegerField(min_value=1)
        content_type = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)

        class Meta:
            ref_name = "UploadBegin"

    @extend_schema(operation_id="workflow_upload_begin", parameters=[CASE_CODE], request=InputSerializer,
                   responses={201: inline_serializer("UploadBegun", {
                       "id": serializers.UUIDField(), "received": serializers.IntegerField(),
                       "chunk_url": serializers.CharField()}), **errors(400, 404)})
    def post(self, request, code: str):
        service_request = _visible(request.user, code)
        if service_request is None:
            raise _bad("No such request in your scope.", "چنین پیامی در حوزه شما نیست.", "not_found", 404)
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise _invalid(data.errors)
        upload = upload_begin(request=service_request, user=request.user, **data.validated_data)
        return Response({"id": str(upload.pk), "received": 0,
                         "chunk_url": f"/api/v1/workflow/uploads/{upload.pk}/"}, status=201)


class UploadChunkApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="workflow_upload_state", responses={200: UPLOAD_STATE, **errors(404)})
    def get(self, request, upload_id):
        upload = ChunkedUpload.objects.filter(pk=upload_id, user=request.user).first()
        if upload is None:
            raise _bad("Unknown upload.", "بارگذاری ناشناخته است.", "no_upload", 404)
        return Response({"received": upload.received, "size": upload.size, "attachment_id": upload.attachment_id})

    @extend_schema(
        operation_id="workflow_upload_chunk",
        parameters=[OpenApiParameter("offset", int, required=True,
                                     description="the byte this chunk starts at (the bytes received so far)")],
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={200: UPLOAD_STATE, **errors(400, 404, 409, e409="A gap: resume from `received`.")},
    )
    def put(self, request, upload_id):
        try:
            offset = int(request.query_params.get("offset", ""))
        except ValueError:
            raise _bad("Give ?offset=N.", "مقدار offset را بدهید.", "bad_offset") from None
        try:
            upload = upload_chunk(upload_id=upload_id, user=request.user, offset=offset, data=request.body)
        except TransitionRefused as exc:
            if exc.code != "gap":
                raise
            current = ChunkedUpload.objects.get(pk=upload_id)
            raise ApiError(exc.message, status_code=409, errors={NON_FIELD: [exc.message]}, code="gap",
                           legacy={"error": "gap", "error_fa": str(exc.message),
                                   "received": current.received}) from None
        return Response({"received": upload.received, "size": upload.size, "attachment_id": upload.attachment_id})


class IntegrationTokenAuthentication(SessionAuthentication):
    """Not a user login: the view checks the token itself. Present so DRF does not demand CSRF."""

    def authenticate(self, request):
        return None


class LetterRateThrottle(CreateRateThrottle):
    """Per integration token (the header's, hashed by the limiter), else per address."""

    def allow_request(self, request, view):
        header = request.headers.get("Authorization", "")
        self.decision = api_creates.hit(f"integration:{header[6:].strip()}" if header.startswith("Token ") else
                                        f"ip:{client_key(request)}")
        return self.decision.allowed
LETTER = inline_serializer("LetterRecorded", {"id": serializers.IntegerField(), "created": serializers.BooleanField()})


class LetterPushApi(APIView):
    """Office automation pushes a letter linked to a request by tracking code. Retries are harmless."""

    authentication_classes = [IntegrationTokenAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [LetterRateThrottle]  # API_CREATE_RATE per integration token

    class InputSerializer(serializers.Serializer):
        tracking_code = serializers.CharField(max_length=12)
        letter_number = PlainTextField(max_length=60)
        letter_date = serializers.DateField()
        subject = PlainTextField(max_length=300)
        direction = serializers.ChoiceField(choices=Correspondence.Direction.values)

        class Meta:
            ref_name = "LetterPush"

    @extend_schema(operation_id="workflow_letter_push", request=InputSerializer,
                   responses={201: LETTER, 200: LETTER, **errors(400, 401, 404)})
    def post(self, request):
        header = request.headers.get("Authorization", "")
        token = header[6:].strip() if header.startswith("Token ") else ""
        integration = integration_token_check(token)
        if integration is None:
            raise _bad("A valid integration token is required.", "توکن معتبر لازم است.", "bad_token", 401)
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise _invalid(data.errors)
        values = data.validated_data
        service_request = ServiceRequest.objects.filter(tracking_code=values["tracking_code"]).first()
        if service_request is None:
            raise _bad("No request has this tracking code.", "پیامی با این کد رهگیری نیست.", "not_found", 404)
        letter, created = letter_record(
            request=service_request, letter_number=values["letter_number"], letter_date=values["letter_date"],
            subject=values["subject"], direction=values["direction"], source=f"oa:{integration.name}"[:40],
        )
        return Response({"id": letter.pk, "created": created}, status=201 if created else 200)


urlpatterns = [
    path("inbox/<slug:box>/", InboxApi.as_view(), name="api-workflow-inbox"),
    path("cases/<str:code>/transitions/", TransitionApi.as_view(), name="api-workflow-transition"),
    path("cases/<str:code>/history/", HistoryApi.as_view(), name="api-workflow-history"),
    path("cases/<str:code>/uploads/", UploadBeginApi.as_view(), name="api-workflow-upload-begin"),
    path("uploads/<uuid:upload_id>/", UploadChunkApi.as_view(), name="api-workflow-upload-chunk"),
    path("letters/", LetterPushApi.as_view(), name="api-workflow-letters"),
]
