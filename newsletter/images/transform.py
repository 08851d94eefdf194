"""Turn one picture file into an email-ready one with Pillow.

Orientation from EXIF is applied, then every piece of metadata is dropped (a phone's
photo carries GPS); the picture is cropped to the slot's proportions around a focal
point, reduced to the width asked for (never enlarged) and written as a progressive
JPEG, or as an optimised palette PNG when it has transparency or few colours.
JPEGs are decoded at a reduced scale where that still gives enough pixels, which
keeps time and memory low for camera-sized files.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

# Larger files are not photos for an email; refused before they are read.
MAX_SOURCE_BYTES = 50_000_000
# Up to this many colours, a palette PNG is smaller and exact (logos, charts); a grey
# picture counts as few-coloured only with fewer levels than a grey photo has.
PALETTE_COLOURS = 256
GREY_LEVELS = 64
_ORIENTATION = 0x0112
_SWAPS_SIDES = (5, 6, 7, 8)


class ImageRefused(ValueError):
    """A file that cannot become an email image; the message says what to do."""


@dataclass(frozen=True)
class Spec:
    """What to make of a picture: its width at most, proportions, focal point, quality."""

    width: int
    """Pixel width to reduce to (twice the display width); never enlarged."""
    aspect: float | None = None
    """Width over height to crop to; None keeps the picture's own."""
    focus: tuple[float, float] = (0.5, 0.5)
    quality: int = 80

    def digest_text(self) -> str:
        """Return the spec as text, for the cache key and the ledger."""
        aspect = "none" if self.aspect is None else f"{self.aspect:.6f}"
        return f"w{self.width} a{aspect} f{self.focus[0]:.4f},{self.focus[1]:.4f} q{self.quality}"


@dataclass(frozen=True)
class Output:
    """A transformed picture: its bytes, format and pixel size, and what fell short."""

    data: bytes
    format: str
    """'JPEG' or 'PNG'."""
    width: int
    height: int
    source_width: int
    """The width of the cropped source, before reduction: below spec.width it was not enlarged."""

    @property
    def extension(self) -> str:
        """Return the file name's extension for the format."""
        return ".jpg" if self.format == "JPEG" else ".png"

    @property
    def content_type(self) -> str:
        """Return the MIME type of the format."""
        return "image/jpeg" if self.format == "JPEG" else "image/png"


def transform(data: bytes, spec: Spec) -> Output:
    """Return the email version of a picture's bytes; raise ImageRefused if it cannot be one."""
    from PIL import Image, UnidentifiedImageError

    if data.lstrip()[:5] in (b"<?xml", b"<svg ") or b"<svg" in data[:1024]:
        raise ImageRefused("is an SVG, which Gmail and Outlook do not show; export it as PNG")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            return _transform(picture, spec)
    except Image.DecompressionBombError:
        raise ImageRefused(
            "has more pixels than a picture file can safely hold; export it smaller"
        ) from None
    except UnidentifiedImageError:
        raise ImageRefused(
            "is not a picture file Pillow can read; save it as JPEG or PNG"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefused(f"is truncated or damaged ({error}); export or copy it again") from None


def _transform(picture: Picture, spec: Spec) -> Output:
    from PIL import Image, ImageOps

    if getattr(picture, "is_animated", False):
        raise ImageRefused(
            "is an animated picture: the build keeps no animation; host the GIF "
            "yourself and give its https URL"
        )
    orientation = picture.getexif().get(_ORIENTATION, 1)
    stored_w, stored_h = picture.size
    oriented = (stored_h, stored_w) if orientation in _SWAPS_SIDES else (stored_w, stored_h)
    box = crop_box(oriented, spec.aspect, spec.focus)
    crop_w = box[2] - box[0]
    target_w = max(1, min(spec.width, crop_w))
    scale = target_w / crop_w
    if picture.format == "JPEG" and scale < 1:
        picture.draft(picture.mode, (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
    icc = picture.info.get("icc_profile")
    picture = ImageOps.exif_transpose(picture) or picture
    factor = picture.size[0] / oriented[0]
    left, top, right, bottom = (round(side * factor) for side in box)
    picture = picture.crop((left, top, right, bottom))
    target_h = max(1, round(target_w * picture.size[1] / picture.size[0]))
    picture = _normalise_mode(picture, icc)
    if picture.size != (target_w, target_h):
        picture = picture.resize((target_w, target_h), Image.Resampling.LANCZOS, reducing_gap=3.0)
    picture.info = {}  # no EXIF, GPS, XMP, comments or profile travels on
    data, kind = _encode(picture, quality=spec.quality)
    return Output(data, kind, target_w, target_h, source_width=crop_w)


def crop_box(
    size: tuple[int, int], aspect: float | None, focus: tuple[float, float]
) -> tuple[int, int, int, int]:
    """Return the largest box of the aspect inside ``size``, centred on focus where it fits."""
    width, height = size
    if aspect is None or width <= 0 or height <= 0:
        return (0, 0, width, height)
    if width / height > aspect:
        crop_w, crop_h = max(1, round(height * aspect)), height
    else:
        crop_w, crop_h = width, max(1, round(width / aspect))
    left = round(focus[0] * width - crop_w / 2)
    top = round(focus[1] * height - crop_h / 2)
    left = min(max(0, left), width - crop_w)
    top = min(max(0, top), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _normalise_mode(picture: Picture, icc: bytes | None) -> Picture:
    """Return the picture as RGB, RGBA, L or LA, in sRGB where it had another profile."""
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: scale to 8 bits (convert("L") would clip at 255).
        return picture.point(lambda value: value / 256).convert("L")
    if picture.mode == "P":
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    if picture.mode == "PA":
        picture = picture.convert("RGBA")
    if icc and picture.mode in ("RGB", "CMYK"):
        converted = _to_srgb(picture, icc)
        if converted is not None:
            return converted
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    return picture


def _to_srgb(picture: Picture, icc: bytes) -> Picture | None:
    """Convert a picture with an ICC profile to sRGB; None if the profile cannot be used."""
    try:
        from PIL import ImageCms
    except ImportError:
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            picture,
            source,
            ImageCms.createProfile("sRGB"),
            outputMode="RGB",
        )
    except (OSError, ValueError, ImageCms.PyCMSError):
        return None


def _has_transparency(picture: Picture) -> bool:
    if "A" not in picture.getbands():
        return False
    extrema = picture.getchannel("A").getextrema()
    return bool(isinstance(extrema[0], (int, float)) and extrema[0] < 255)


def _encode(picture: Picture, *, quality: int) -> tuple[bytes, str]:
    """Write a progressive JPEG, or a palette PNG for transparency or few colours."""
    from PIL import Image

    stream = io.BytesIO()
    transparent = _has_transparency(picture)
    few = GREY_LEVELS if picture.mode == "L" else PALETTE_COLOURS
    if transparent or picture.getcolors(few) is not None:
        if transparent:
            palette = picture.convert("RGBA").quantize(
                PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE
            )
        else:
            palette = picture.convert("RGB").quantize(
                PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT
            )
        palette.save(stream, "PNG", optimize=True)
        return stream.getvalue(), "PNG"
    if picture.mode != "L":
        picture = picture.convert("RGB")
    picture.save(stream, "JPEG", quality=quality, progressive=True, optimize=True)
    return stream.getvalue(), "JPEG"
