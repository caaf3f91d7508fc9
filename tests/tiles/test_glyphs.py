"""Vazirmatn glyph PBFs: built offline from the TTF, in the format MapLibre reads."""

import numpy as np
import pytest

from tiles import glyphs


def _messages(buf: bytes):
    """A minimal protobuf reader: yields (field number, wire type, value)."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 2:
            length, i = _varint(buf, i)
            value, i = buf[i:i + length], i + length
        else:
            raise AssertionError(f"unexpected wire type {wire}")
        yield number, wire, value


def _varint(buf, i):
    shift = result = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, i
        shift += 7


def _glyphs(pbf: bytes) -> dict[int, dict]:
    (number, _, stack), = list(_messages(pbf))
    assert number == 1
    found = {}
    for field, _, value in _messages(stack):
        if field == 3:
            g = {n: v for n, _, v in _messages(value)}
            found[g[1]] = g
    return found


def test_it_renders_persian_presentation_forms_as_signed_distance_fields():
    pbf = glyphs.glyph_range_pbf("Vazirmatn Regular", 65024, 65279)
    found = _glyphs(pbf)
    beh_initial = found[0xFE91]  # ﺑ  (what the RTL plugin shapes "ب" at a word start into)
    width, height = beh_initial[3], beh_initial[4]
    bitmap = np.frombuffer(beh_initial[2], dtype=np.uint8)
    assert bitmap.size == (width + 2 * glyphs.BUFFER) * (height + 2 * glyphs.BUFFER)
    assert bitmap.max() > 191 > bitmap.min()  # inside above the 0.75 edge value, the buffer below it
    assert beh_initial[7] > 0  # advance


def test_it_serves_glyph_ranges_and_refuses_unknown_fonts_and_ranges(client):
    response = client.get("/tiles/glyphs/Vazirmatn Regular,Arial Unicode MS Regular/1536-1791.pbf")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-protobuf"
    assert 0x0628 in _glyphs(response.content)  # ب
    assert client.get("/tiles/glyphs/Comic Sans/0-255.pbf").status_code == 404
    assert client.get("/tiles/glyphs/Vazirmatn Regular/3-258.pbf").status_code == 400


@pytest.mark.parametrize("alpha_value", [0.0])
def test_it_gives_an_empty_glyph_no_inside(alpha_value):
    sdf = np.frombuffer(glyphs.signed_distance_field(np.full((4, 4), alpha_value)), dtype=np.uint8)
    assert sdf.max() < 191
