"""Images re-encoded with Pillow (no Django): decoded under a pixel-count limit, turned upright by their EXIF
orientation, colours brought to sRGB, the longest side bounded, then written afresh from the pixels alone, so no
metadata (EXIF with GPS, XMP, ICC, comments), no second image, no trailing bytes and nothing a browser would read
as a page survives. JPEG stays JPEG, PNG stays PNG, WebP stays WebP; a GIF (its first frame) becomes a PNG."""

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # the JPEG opener also reads MPO: a camera's JPEG with a preview image
_OUTPUT = {"JPEG": ("JPEG", "image/jpeg"), "MPO": ("JPEG", "image/jpeg"), "PNG": ("PNG", "image/png"),
           "WEBP": ("WEBP", "image/webp"), "GIF": ("PNG", "image/png")}
_SAVE_OPTIONS = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"compress_level": 6},
                 "WEBP": {"quality": 88, "method": 4}}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRefused(Exception):
    """The image cannot be taken: `reason` is "pixels" (more pixels than allowed: a decompression bomb or a
    huge scan), "format" (not a JPEG, PNG, WebP or GIF), "unreadable" (broken or truncated) or "unsafe" (every
    encoding tried was refused by the caller's check)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Reencoded:
    """The image written afresh: its bytes, content type and size in pixels."""

    content: bytes
    mime: str
    width: int
    height: int


def image_reencode(data: bytes, *, max_side: int, max_pixels: int, refuse=None) -> Reencoded:
    """`data` decoded and written again without metadata, upright, in sRGB, its longest side at most `max_side`.
    ImageRefused when it has more than `max_pixels` pixels, is not an image of the accepted formats or is broken.
    `refuse(bytes) -> bool` checks the encoded bytes: refused ones are encoded again with other settings (the
    pixels of a crafted image could spell something once compressed), three times at most."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _reencode(data, max_side=max_side, max_pixels=max_pixels, refuse=refuse)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRefused("pixels", str(error)) from error
        except UnidentifiedImageError as error:
            raise ImageRefused("format", str(error)) from error
        except (OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, KeyError, MemoryError,
                ImageCms.PyCMSError) as error:
            raise ImageRefused("unreadable", str(error)) from error


def image_size_check(data: bytes, *, max_pixels: int) -> tuple[int, int]:
    """The image's width and height read from its header (nothing decoded), or ImageRefused as image_reencode
    would refuse it: too many pixels, not an accepted format, unreadable."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRefused("pixels", str(error)) from error
        except UnidentifiedImageError as error:
            raise ImageRefused("format", str(error)) from error
        except (OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, KeyError, struct.error) as error:
            raise ImageRefused("unreadable", str(error)) from error
    if width <= 0 or height <= 0 or width * height > max_pixels:
        raise ImageRefused("pixels", f"{width}x{height}")
    return width, height


def _reencode(data: bytes, *, max_side: int, max_pixels: int, refuse) -> Reencoded:
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        width, height = image.size
        if width <= 0 or height <= 0 or width * height > max_pixels:
            raise ImageRefused("pixels", f"{width}x{height}")
        source_format = image.format
        if source_format in ("JPEG", "MPO"):
            image.draft("RGB", _bounded(image.size, max_side))  # decode at 1/2, 1/4, 1/8 when that is enough
        image.load()
        icc = image.info.get("icc_profile")
        image = _upright(image)
        image = _plain_mode(_in_srgb(image, icc))
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        clean = Image.frombytes(image.mode, image.size, image.tobytes())  # the pixels, and nothing else
    output_format, mime = _OUTPUT[source_format]
    if output_format == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    for attempt in range(3):
        buffer = io.BytesIO()
        clean.save(buffer, format=output_format, **_save_options(output_format, attempt))
        content = buffer.getvalue()
        if refuse is None or not refuse(content):
            return Reencoded(content=content, mime=mime, width=clean.width, height=clean.height)
    raise ImageRefused("unsafe")


def _save_options(output_format: str, attempt: int) -> dict:
    """The encoder's settings, a little different on each attempt (so the bytes differ)."""
    options = dict(_SAVE_OPTIONS[output_format])
    if "quality" in options:
        options["quality"] -= 3 * attempt
    else:
        options["compress_level"] += attempt
    return options


def _bounded(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (a broken EXIF block leaves it as it is)."""
    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, TypeError, KeyError, OSError, struct.error):
        return image


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGB, RGBA or L: palette and transparency resolved, CMYK turned into RGB, 16-bit grey scaled down."""
    mode = image.mode
    if mode in ("RGB", "RGBA", "L"):
        return image
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = mode in ("LA", "PA", "La", "RGBa") or (mode == "P" and "transparency" in image.info)
    if mode == "1" or (mode == "LA" and not has_alpha):
        return image.convert("L")
    return image.convert("RGBA" if has_alpha else "RGB")


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours converted from the image's embedded ICC profile to sRGB (the profile itself is not kept); other
    modes (grey, palette) keep their pixels as they are."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB" if image.mode == "CMYK" else image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unreadable profile: the pixels as they are
