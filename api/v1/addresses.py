"""API v1: addresses endpoints (mounted at /api/v1/addresses/).

GET suggest?q=&limit=&region=   loose Persian address fragment → ranked places with region and district
GET reverse?lon=&lat=           a point → nearest street / landmark, region, district, neighbourhood
POST corrections               the operator chose another suggestion than the first (review queue)
GET regions.geojson             region outlines for the address widget's preview map
"""

import math

from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from addresses import lookup, selectors, services
from api.errors import NON_FIELD, ApiError, Bilingual
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


class SuggestView(APIView):
    """Suggest places for an operator's address fragment."""

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

    def get(self, request):
        lon = _float(request.query_params, "lon", low=-180, high=180)
        lat = _float(request.query_params, "lat", low=-90, high=90)
        return Response(lookup.address_reverse(lon=lon, lat=lat))


class CorrectionView(APIView):
    """The operator picked another suggestion than the first one: queue the query for review."""

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
