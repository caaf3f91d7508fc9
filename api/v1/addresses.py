"""API v1: addresses endpoints (mounted at /api/v1/addresses/).

GET suggest?q=&limit=&region=   loose Persian address fragment → ranked places with region and district
GET reverse?lon=&lat=           a point → nearest street / landmark, region, district, neighbourhood
POST corrections               the operator chose another suggestion than the first (review queue)
GET regions.geojson             region outlines for the address widget's preview map
"""

import math

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from addresses import lookup, selectors, services
from api.errors import NON_FIELD, ApiError, Bilingual
from api.schema import errors
from text.bidi import strip_bidi_controls
from text.digits import to_ascii_digits


class BadInput(ApiError):
    """A bad parameter, worded in both languages; answered in the common error shape (api.errors) with the keys
    this API answered before (`detail` "fa — en", `detail_fa`, `detail_en`)."""

    def __init__(self, fa: str, en: str, *, field: str = NON_FIELD):
        message = Bilingual(fa, en)
        super().__init__(message, errors={field: [message]}, code="bad_input",
                         legacy={"detail": f"{fa} — {en}", "detail_fa": fa, "detail_en": en})
        self.fa, self.en = fa, en


def _ascii_number(raw: str) -> str:
    """Persian / Arabic-Indic digits and the Persian decimal separator (٫) as ASCII."""
    return to_ascii_digits(raw).replace("٫", ".")


def _int(params, name: str, *, default: int | None, low: int, high: int) -> int | None:
    raw = params.get(name, "")
    if raw in ("", None):
        return default
    try:
        value = int(to_ascii_digits(str(raw).strip()))
    except ValueError:
        raise BadInput(f"پارامتر {name} باید عدد صحیح باشد.", f"The {name} parameter must be an integer.",
                       field=name) from None
    if not low <= value <= high:
        raise BadInput(f"پارامتر {name} باید بین {low} و {high} باشد.",
                       f"The {name} parameter must be between {low} and {high}.", field=name)
    return value


def _float(params, name: str, *, low: float, high: float) -> float:
    raw = str(params.get(name, "")).strip()
    if not raw:
        raise BadInput(f"پارامتر {name} لازم است.", f"The {name} parameter is required.", field=name)
    try:
        value = float(_ascii_number(raw))
    except ValueError:
        raise BadInput(f"پارامتر {name} باید عدد باشد.", f"The {name} parameter must be a number.",
                       field=name) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadInput(f"پارامتر {name} باید بین {low:g} و {high:g} باشد.",
                       f"The {name} parameter must be between {low:g} and {high:g}.", field=name)
    return value


SUGGESTIONS = inline_serializer("AddressSuggestions", {
    "query": serializers.CharField(), "ms": serializers.FloatField(),
    "results": serializers.ListField(child=serializers.DictField(), help_text="ranked places: label, kind, "
                                     "region, district, lon, lat, score, why, house_number …"),
})
GEOJSON = OpenApiResponse(OpenApiTypes.OBJECT, description="A GeoJSON FeatureCollection (application/geo+json).")


class SuggestView(APIView):
    """Suggest places for an operator's address fragment."""

    @extend_schema(
        operation_id="addresses_suggest",
        parameters=[
            OpenApiParameter("q", str, required=True, description="the address text as typed (Persian or Latin; "
                             f"at most {lookup.MAX_QUERY_CHARS} characters)"),
            OpenApiParameter("limit", int, description=f"how many suggestions, 1–{lookup.MAX_LIMIT} (default 10)"),
            OpenApiParameter("region", int, description="prefer this region (1–999)"),
            OpenApiParameter("record", str, enum=["0", "1"],
                             description="0: do not queue an unanswered query for review (default 1)"),
        ],
        responses={200: SUGGESTIONS, **errors(400)},
    )
    def get(self, request):
        params = request.query_params
        query = strip_bidi_controls(params.get("q", ""))
        if not query.strip():
            raise BadInput("پارامتر q (متن نشانی) لازم است.", "The q parameter (the address text) is required.",
                           field="q")
        if len(query) > lookup.MAX_QUERY_CHARS:
            raise BadInput(f"متن نشانی نباید بیش از {lookup.MAX_QUERY_CHARS} نویسه باشد.",
                           f"The address text must not exceed {lookup.MAX_QUERY_CHARS} characters.", field="q")
        limit = _int(params, "limit", default=10, low=1, high=lookup.MAX_LIMIT)
        region = _int(params, "region", default=None, low=1, high=999)
        answer = lookup.address_suggest(query=query, limit=limit, region=region)
        if not answer.suggestions and params.get("record", "1") != "0":
            services.review_query_record(query=query, user=request.user, region=region)
        return Response(lookup.answer_json(answer, full=True))


class ReverseView(APIView):
    """The nearest street or landmark to a point, with its region and district."""

    @extend_schema(
        operation_id="addresses_reverse",
        parameters=[OpenApiParameter("lon", float, required=True, description="longitude, −180–180 (WGS 84)"),
                    OpenApiParameter("lat", float, required=True, description="latitude, −90–90 (WGS 84)")],
        responses={200: inline_serializer("AddressReverse", {
            "lon": serializers.FloatField(), "lat": serializers.FloatField(), "label": serializers.CharField(),
            "region": serializers.DictField(), "district": serializers.DictField(),
            "neighbourhood": serializers.DictField(), "street": serializers.DictField(allow_null=True),
            "landmark": serializers.DictField(allow_null=True)}), **errors(400)},
    )
    def get(self, request):
        lon = _float(request.query_params, "lon", low=-180, high=180)
        lat = _float(request.query_params, "lat", low=-90, high=90)
        return Response(lookup.address_reverse(lon=lon, lat=lat))


class CorrectionView(APIView):
    """The operator picked another suggestion than the first one: queue the query for review."""

    class InputSerializer(serializers.Serializer):
        query = serializers.CharField()
        chosen_record = serializers.CharField()
        chosen_label = serializers.CharField(required=False)
        suggested_label = serializers.CharField(required=False)
        suggested_record = serializers.CharField(required=False)

        class Meta:
            ref_name = "AddressCorrection"

    @extend_schema(operation_id="addresses_correction_record", request=InputSerializer,
                   responses={201: inline_serializer("AddressCorrectionQueued", {
                       "queued": serializers.BooleanField(), "id": serializers.IntegerField(allow_null=True)})})
    def post(self, request):
        data = request.data
        if not hasattr(data, "get"):
            raise BadInput("بدنهٔ درخواست باید یک شیء JSON باشد.", "The request body must be a JSON object.")
        fields = {key: strip_bidi_controls(str(data.get(key, ""))) for key in
                  ("query", "chosen_record", "suggested_label", "suggested_record", "chosen_label")}
        query, chosen = fields["query"].strip(), fields["chosen_record"].strip()
        if not query or not chosen:
            raise BadInput("query و chosen_record لازم‌اند.", "query and chosen_record are required.",
                           field="query" if not query else "chosen_record")
        review = services.review_correction_record(
            query=query[: lookup.MAX_QUERY_CHARS], user=request.user,
            suggested_label=fields["suggested_label"], suggested_record=fields["suggested_record"],
            chosen_label=fields["chosen_label"], chosen_record=chosen,
        )
        return Response({"queued": review is not None, "id": review.pk if review else None}, status=201)


class RegionOutlinesView(APIView):
    """Region outlines as GeoJSON (the widget's preview map draws them; no outside tiles)."""

    @extend_schema(operation_id="addresses_regions", responses={(200, "application/geo+json"): GEOJSON})
    def get(self, request):
        response = HttpResponse(selectors.region_outlines_geojson(), content_type="application/geo+json")
        response["Cache-Control"] = "private, max-age=300"
        return response


urlpatterns = [
    path("suggest", SuggestView.as_view(), name="api-address-suggest"),
    path("reverse", ReverseView.as_view(), name="api-address-reverse"),
    path("corrections", CorrectionView.as_view(), name="api-address-corrections"),
    path("regions.geojson", RegionOutlinesView.as_view(), name="api-address-regions"),
]
