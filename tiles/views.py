"""Tile endpoints, TileJSON, data versions, the request card, glyphs and the map page. Thin: the work is in
selectors (reads), services (writes), cache and queries."""

import datetime
import gzip

import jdatetime
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from intake.models import Category, Channel, Status
from text.jalali import jalali_date
from tiles import cache, selectors
from tiles.filters import NO_FILTERS, TileFilterError
from tiles.layers import TileRequest, UnknownLayer, all_layers, get_layer

MAX_ZOOM = 22
MVT_TYPE = "application/vnd.mapbox-vector-tile"


def _error(status: int, message) -> JsonResponse:
    """A 4xx with the message in the active language (Persian by default) and in English."""
    text = message()
    with translation.override("en"):
        english = message()
    return JsonResponse({"error": text, "error_en": english}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _layer_or_error(name: str, request):
    try:
        layer = get_layer(name)
    except UnknownLayer:
        return None, _error(404, lambda: _("Unknown map layer: %(name)s") % {"name": name})
    if not layer.public and not request.user.is_authenticated:
        return None, _error(401, lambda: _("Log in to see this map layer."))
    return layer, None


def _filters_or_error(layer, params):
    parse = layer.parse_filters
    if parse is None:
        return NO_FILTERS, None
    try:
        return parse(params), None
    except TileFilterError:
        def message():
            try:
                parse(params)
            except TileFilterError as exc:
                return str(exc)
            return ""
        return None, _error(400, message)


@require_GET
def tile(request, layer: str, z: int, x: int, y: int):
    tile_layer, error = _layer_or_error(layer, request)
    if error:
        return error
    if not (0 <= z <= MAX_ZOOM and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
        return _error(400, lambda: _("No such tile: zoom is 0–%(max)d and x, y are 0–2^zoom−1 (got %(z)d/%(x)d/%(y)d).")
                      % {"max": MAX_ZOOM, "z": z, "x": x, "y": y})
    filters, error = _filters_or_error(tile_layer, request.GET)
    if error:
        return error
    scope = selectors.scope_key(request.user) if tile_layer.scoped else "public"
    token = cache.version_token(cache.data_versions(tile_layer.versions), clock_seconds=tile_layer.clock_seconds)
    key = cache.tile_key(tile_layer.name, z, x, y, filters.key(), scope, token)
    etag = cache.etag_for(key)
    if tile_layer.public:
        cache_control = "public, max-age=3600" if request.GET.get("v") == token else "public, max-age=60"
    else:
        cache_control = "private, max-age=86400" if request.GET.get("v") == token else "private, no-cache"

    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        body = cache.tile_get(key)
        if body is None:
            requests_qs = selectors.requests_for_tile(request.user, filters) if tile_layer.scoped else None
            raw = selectors.tile_bytes(tile_layer, TileRequest(z=z, x=x, y=y, filters=filters, requests=requests_qs,
                                                               user=request.user))
            body = gzip.compress(raw, compresslevel=1, mtime=0) if raw else b""
            cache.tile_set(key, body)
        response = HttpResponse(content_type=MVT_TYPE)
        if body and "gzip" in request.headers.get("Accept-Encoding", ""):
            response["Content-Encoding"] = "gzip"
            response.content = body
        else:
            response.content = gzip.decompress(body) if body else b""
        response["Vary"] = "Accept-Encoding, Cookie"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["X-Data-Version"] = token
    return response


@require_GET
def tilejson(request, layer: str):
    tile_layer, error = _layer_or_error(layer, request)
    if error:
        return error
    token = cache.version_token(cache.data_versions(tile_layer.versions), clock_seconds=tile_layer.clock_seconds)
    url = request.build_absolute_uri(reverse("tiles-tile", args=[tile_layer.name, 0, 0, 0]))
    url = url.replace("/0/0/0.pbf", "/{z}/{x}/{y}.pbf") + f"?v={token}"
    return JsonResponse({
        "tilejson": "3.0.0",
        "name": str(tile_layer.title),
        "description": tile_layer.description,
        "version": token,
        "attribution": tile_layer.attribution,
        "scheme": "xyz",
        "tiles": [url],
        "minzoom": tile_layer.minzoom,
        "maxzoom": tile_layer.maxzoom,
        "vector_layers": [{"id": name, "fields": tile_layer.fields, "minzoom": tile_layer.minzoom,
                           "maxzoom": tile_layer.maxzoom} for name in tile_layer.mvt_layers],
    }, json_dumps_params={"ensure_ascii": False})


@require_GET
def versions(request):
    """Current data version token of each layer the user may read: the map polls this to refresh sources."""
    layers = [layer for layer in all_layers() if layer.public or request.user.is_authenticated]
    names = tuple(sorted({name for layer in layers for name in layer.versions}))
    current = cache.data_versions(names) if names else {}
    body = {layer.name: cache.version_token({n: current[n] for n in layer.versions}, clock_seconds=layer.clock_seconds)
            for layer in layers}
    return JsonResponse(body, headers={"Cache-Control": "no-store"})


@require_GET
def request_card(request, pk: int):
    if not request.user.is_authenticated:
        return _error(401, lambda: _("Log in to see requests."))
    item = selectors.request_card(request.user, pk)
    if item is None:
        return _error(404, lambda: _("No such request, or it is outside what you may see."))
    category = item.category
    return JsonResponse({
        "id": item.pk,
        "tracking_code": item.tracking_code,
        "category": str(category),
        "subject": category.parent.name_fa if category.parent_id else category.name_fa,
        "sub_subject": category.name_fa,
        "status": item.status,
        "status_label": str(Status(item.status).label),
        "channel_label": str(Channel(item.channel).label),
        "date": jalali_date(item.created_at),
        "address": item.address_text,
        "region": item.region.name_fa if item.region_id else "",
        "url": reverse("admin:intake_servicerequest_change", args=[item.pk]),
    }, json_dumps_params={"ensure_ascii": False})


@login_required
def map_page(request):
    """Every request on our own basemap: hexagons, points, heatmap, filters, time slider, legend, cards."""
    categories = list(Category.objects.filter(is_active=True).order_by("sort_order", "code")
                      .values("id", "name_fa", "name_en", "parent_id"))
    from addresses.models import Region

    regions = list(Region.objects.order_by("number").values("id", "number", "name_fa"))
    config = {
        "tiles": reverse("tiles-tile", args=["LAYER", 0, 0, 0]).replace("LAYER/0/0/0.pbf", ""),
        "versions": reverse("tiles-versions"),
        "card": reverse("tiles-request-card", args=[0]).replace("/0/", "/{id}/"),
        "glyphs": reverse("tiles-glyphs", args=["FONT", 0, 255]).replace("FONT/0-255.pbf", "{fontstack}/{range}.pbf"),
        "categories": categories,
        "regions": regions,
        "statuses": [{"value": s.value, "label": str(s.label)} for s in Status if s != Status.DRAFT],
        "channels": [{"value": c.value, "label": str(c.label)} for c in Channel],
        "pollSeconds": 15,
        "version": cache.version_token(cache.data_versions(get_layer("requests").versions),
                                     clock_seconds=get_layer("requests").clock_seconds),
        "periods": _periods(),
        "text": {
            "synthetic": _("synthetic demo data"), "hexTitle": _("Requests in this hexagon"), "count": _("requests"),
            "open": _("open"), "overdue": _("overdue"), "top": _("most frequent sub-subjects"),
            "category": _("sub-subject"), "status": _("status"), "date": _("registered on"),
            "address": _("address"), "openRequest": _("Open the request"), "all": _("All"),
        },
    }
    return render(request, "frontend_map/map.html", {"map_config": config})


def _periods() -> list[dict]:
    """Time slider steps: the last N days (Jalali start date), then everything."""
    today = timezone.localdate()
    steps = []
    for days, label in ((7, _("last 7 days")), (30, _("last 30 days")), (90, _("last 3 months")),
                        (180, _("last 6 months")), (365, _("last 12 months"))):
        start = jdatetime.date.fromgregorian(date=today - datetime.timedelta(days=days - 1))
        steps.append({"days": days, "from": start.strftime("%Y/%m/%d"), "label": str(label)})
    steps.append({"days": None, "from": "", "label": str(_("all time"))})
    return steps


@require_GET
def glyphs(request, fontstack: str, start: int, end: int):
    """Glyph PBFs (SDF) for MapLibre, built from the Vazirmatn font shipped with node_modules."""
    from tiles import glyphs as glyph_builder

    try:
        body = glyph_builder.glyph_range_pbf(fontstack, start, end)
    except glyph_builder.GlyphError as exc:
        message = str(exc)
        return _error(404 if exc.not_found else 400, lambda: message)
    return HttpResponse(body, content_type="application/x-protobuf",
                        headers={"Cache-Control": "public, max-age=604800"})
