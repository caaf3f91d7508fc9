"""Glyph PBFs for MapLibre (signed distance fields, 24 px, 3 px buffer, radius 8, cutoff 0.25 — the format
node-fontnik writes), rendered offline from the Vazirmatn TTFs in node_modules with FreeType (freetype-py).

Files are written once to var/glyphs/<fontstack>/<start>-<end>.pbf (`make setup` runs `python -m tiles.glyphs`, which
builds the ranges Persian labels use; any other range is built on its first request) and served by
tiles.views.glyphs at /tiles/glyphs/<fontstack>/<start>-<end>.pbf.
"""

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.ndimage import distance_transform_edt

BASE_DIR = Path(__file__).resolve().parent.parent  # no Django needed: `python -m tiles.glyphs` runs at setup

SIZE = 24
BUFFER = 3
RADIUS = 8
CUTOFF = 0.25

FONTS = {
    "Vazirmatn Regular": "Vazirmatn-Regular.ttf",
    "Vazirmatn Medium": "Vazirmatn-Medium.ttf",
    "Vazirmatn Bold": "Vazirmatn-Bold.ttf",
}
# Latin, Arabic + supplement, general punctuation (ZWNJ, ZWJ), and the Arabic presentation forms the RTL text
# plugin shapes Persian into.
PERSIAN_RANGES = (0, 256, 1536, 1792, 8192, 64256, 64512, 64768, 65024)

_lock = threading.Lock()


class GlyphError(ValueError):
    def __init__(self, message: str, *, not_found: bool = False):
        super().__init__(message)
        self.not_found = not_found


def font_dir() -> Path:
    return BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "ttf"


def output_dir() -> Path:
    return BASE_DIR / "var" / "glyphs"


def resolve_font(fontstack: str) -> str:
    """The first font of a comma-separated stack that we have."""
    for name in (part.strip() for part in fontstack.split(",")):
        if name in FONTS:
            return name
    raise GlyphError(f"unknown font stack: {fontstack[:100]!r} (fonts: {', '.join(FONTS)})", not_found=True)


def glyph_range_pbf(fontstack: str, start: int, end: int) -> bytes:
    """The PBF of one 256-glyph range, from var/glyphs or built now."""
    if start % 256 or end != start + 255 or end > 65535:
        raise GlyphError(f"glyph ranges are 256 code points starting at a multiple of 256: {start}-{end}")
    font = resolve_font(fontstack)
    path = output_dir() / font / f"{start}-{end}.pbf"
    if path.exists():
        return path.read_bytes()
    body = build_range(font, start)
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_bytes(body)
            tmp.replace(path)
    except OSError:  # a read-only deployment still serves glyphs, built per request
        pass
    return body


def build_all(ranges=PERSIAN_RANGES, fonts=tuple(FONTS)) -> int:
    written = 0
    for font in fonts:
        for start in ranges:
            path = output_dir() / font / f"{start}-{start + 255}.pbf"
            if not path.exists():
                glyph_range_pbf(font, start, start + 255)
                written += 1
    return written


@lru_cache(maxsize=4)
def _face(font: str):
    import freetype

    path = font_dir() / FONTS[font]
    if not path.exists():
        raise GlyphError(f"font file missing: {path} (run `make setup`)", not_found=True)
    face = freetype.Face(str(path))
    face.set_char_size(SIZE * 64)
    return face


def build_range(font: str, start: int) -> bytes:
    import freetype

    with _lock:
        face = _face(font)
        ascender = face.size.ascender // 64
        glyphs = []
        for code in range(start, start + 256):
            index = face.get_char_index(code)
            if index == 0:
                continue
            face.load_glyph(index, freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_RENDER)
            slot = face.glyph
            bitmap = slot.bitmap
            width, height = bitmap.width, bitmap.rows
            sdf = b""
            if width and height:
                alpha = np.array(bitmap.buffer, dtype=np.float64).reshape(height, bitmap.pitch)[:, :width] / 255.0
                sdf = signed_distance_field(alpha)
            glyphs.append(_glyph_message(code, sdf, width, height, slot.bitmap_left, slot.bitmap_top - ascender,
                                         round(slot.advance.x / 64)))
    stack = _field_bytes(1, font.encode()) + _field_bytes(2, f"{start}-{start + 255}".encode())
    stack += b"".join(_field_bytes(3, g) for g in glyphs)
    return _field_bytes(1, stack)


def signed_distance_field(alpha: np.ndarray) -> bytes:
    """Alpha coverage (0..1) → SDF bytes of the padded bitmap: 255 - 255 * (distance / radius + cutoff)."""
    padded = np.pad(alpha, BUFFER)
    inside = padded >= 0.5
    to_inside = distance_transform_edt(~inside)  # outside pixels: distance to the nearest inside pixel
    to_outside = distance_transform_edt(inside)  # inside pixels: distance to the nearest outside pixel
    distance = np.where(inside, -(to_outside - 0.5), to_inside - 0.5)
    edge = (padded > 0) & (padded < 1)
    distance = np.where(edge, 0.5 - padded, distance)
    values = np.clip(np.round(255 - 255 * (distance / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)
    return values.tobytes()


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 63)


def _field_varint(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _field_bytes(number: int, value: bytes) -> bytes:
    return _varint((number << 3) | 2) + _varint(len(value)) + value


def _glyph_message(code, sdf, width, height, left, top, advance) -> bytes:
    message = _field_varint(1, code)
    if sdf:
        message += _field_bytes(2, sdf)
    message += _field_varint(3, width) + _field_varint(4, height)
    message += _field_varint(5, _zigzag(left)) + _field_varint(6, _zigzag(top)) + _field_varint(7, advance)
    return message




if __name__ == "__main__":
    print(f"glyph ranges written: {build_all()}")
