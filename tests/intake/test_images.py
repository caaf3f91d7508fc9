"""Images written afresh by Pillow (intake/images.py, no Django): metadata gone, upright, bounded, bombs refused."""

import io

import pytest
from PIL import Image, ImageCms

from intake.images import ImageRefused, image_reencode, image_size_check
from tests.fixtures.uploads import corpus
from tests.fixtures.uploads.corpus import sample_bytes

LIMITS = {"max_side": 2560, "max_pixels": 50_000_000}


def _open(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(("orientation", "size"), [(1, (64, 32)), (3, (64, 32)), (6, (32, 64)), (8, (32, 64))])
def test_it_turns_a_photo_upright_by_its_exif_orientation(orientation, size):
    image = Image.new("RGB", (64, 32), "white")
    image.paste((255, 0, 0), (0, 0, 8, 8))  # a red corner, top left as stored
    exif = image.getexif()
    exif[0x0112] = orientation
    stored = _open(image_reencode(_saved(image, "JPEG", exif=exif.tobytes()), **LIMITS).content)
    assert stored.size == size and not stored.getexif()


def test_it_writes_jpeg_png_and_webp_as_themselves_and_a_gif_as_a_png():
    for sent, mime in ((corpus.jpeg(), "image/jpeg"), (corpus.png(), "image/png"),
                       (sample_bytes("webp_with_exif"), "image/webp"), (sample_bytes("gif_animated"), "image/png")):
        result = image_reencode(sent, **LIMITS)
        assert result.mime == mime and _open(result.content).format == mime.split("/")[1].upper()


def test_it_keeps_transparency_but_not_the_palettes_tricks():
    image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (10, 10, 20, 20))
    stored = _open(image_reencode(_saved(image, "PNG"), **LIMITS).content)
    assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0 and stored.getpixel((15, 15)) == (0, 128, 0, 255)
    palette = image.convert("P", palette=Image.Palette.ADAPTIVE)
    assert _open(image_reencode(_saved(palette, "PNG", transparency=0), **LIMITS).content).mode == "RGBA"


def test_it_turns_cmyk_and_16_bit_grey_into_plain_images():
    cmyk = Image.new("CMYK", (20, 20), (0, 255, 255, 0))  # red in ink
    assert _open(image_reencode(_saved(cmyk, "JPEG"), **LIMITS).content).mode == "RGB"
    grey16 = Image.new("I;16", (20, 20), 40_000)
    stored = _open(image_reencode(_saved(grey16, "PNG"), **LIMITS).content)
    assert stored.mode == "L" and stored.getpixel((5, 5)) == 40_000 // 256  # scaled, not clipped to white


def test_it_brings_colours_to_srgb_and_drops_the_profile():
    image = Image.new("RGB", (20, 20), (200, 30, 30))
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = image_reencode(_saved(image, "PNG", icc_profile=profile), **LIMITS)
    stored = _open(result.content)
    assert "icc_profile" not in stored.info
    assert all(abs(a - b) <= 2 for a, b in zip(stored.getpixel((5, 5)), (200, 30, 30), strict=True))


def test_it_shrinks_only_what_is_larger_than_the_longest_side():
    small = image_reencode(corpus.jpeg((300, 200)), max_side=400, max_pixels=10**8)
    large = image_reencode(corpus.jpeg((1200, 300)), max_side=400, max_pixels=10**8)
    assert (small.width, small.height) == (300, 200) and (large.width, large.height) == (400, 100)


@pytest.mark.parametrize(("data", "reason"), [
    (corpus.png_pixel_bomb(), "pixels"),               # 2.5 gigapixels: Pillow's own guard
    (corpus.png_pixel_bomb(9_000, 9_000), "pixels"),    # 81 megapixels: over our limit
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "format"),      # a PNG signature and no header: no image Pillow knows
    (corpus.jpeg()[:500], "unreadable"),                # cut short
    (b"BM" + bytes(100), "format"),                     # a BMP: not one of ours
    (b"not an image at all", "format"),
], ids=["bomb", "over-the-limit", "signature-only", "cut-short", "bmp", "text"])
def test_it_refuses_bombs_broken_files_and_other_formats_with_a_reason(data, reason):
    with pytest.raises(ImageRefused) as refused:
        image_reencode(data, **LIMITS)
    assert refused.value.reason == reason


def test_it_reads_a_bombs_size_from_its_header_without_decoding_it():
    assert image_size_check(corpus.jpeg((640, 480)), max_pixels=10**6) == (640, 480)
    with pytest.raises(ImageRefused) as refused:
        image_size_check(corpus.png_pixel_bomb(9_000, 9_000), max_pixels=50_000_000)
    assert refused.value.reason == "pixels"


def test_it_encodes_again_when_the_encoded_bytes_are_refused_and_gives_up_after_three_tries():
    seen = []

    def refuse_first(content: bytes) -> bool:
        seen.append(content)
        return len(seen) == 1

    result = image_reencode(corpus.jpeg(), refuse=refuse_first, **LIMITS)
    assert len(seen) == 2 and seen[0] != seen[1] and result.content == seen[1]
    with pytest.raises(ImageRefused) as refused:
        image_reencode(corpus.png(), refuse=lambda content: True, **LIMITS)
    assert refused.value.reason == "unsafe"
