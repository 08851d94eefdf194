"""Image rules: alt text, width attributes, URLs, formats and weight."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from newsletter.checks.engine import Email, Hit, Where, rule
from newsletter.images.resolve import Placed
from newsletter.models import Image, is_web_url
from newsletter.models.fields import is_prompt_url

MAX_IMAGE_BYTES = 1_000_000
# A file's width over its display width for sharp images on high-density screens.
DENSITY = 2
# How far a file's proportions may differ from the width and height it is shown at.
ASPECT_TOLERANCE = 0.02
# Alt text shown in an image's box when images are off: average letter width and the
# line height, relative to the font size (the templates set both on images).
_LETTER = 0.5
_LINE = 1.4
_FONT_SIZE = re.compile(r"^\s*([\d.]+)px")
_FORMAT = re.compile(r"\.(webp|svg)$|^data:image/(webp|svg)", re.IGNORECASE)


def decorative_sources(email: Email) -> set[str]:
    """Return the src of every image the content marks as decorative, and of the logo.

    The templates follow the logo with the newsletter's name as text, so it has an empty
    alt (and no role: the HTML standard forbids one on an image with an empty alt).
    """
    found: set[str] = set()
    for model in (email.settings, email.issue):
        if model is not None:
            _walk(model, found)
    logo = email.settings.logo if email.settings is not None else None
    if logo is not None:
        found.update(src for src in (logo.src, logo.dark_src) if src)
    return found


def _walk(value: Any, found: set[str]) -> None:
    if isinstance(value, Image) and value.decorative:
        found.add(value.src)
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(getattr(value, name), found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _walk(item, found)


def _is_decorative(el: Any, decorative: set[str]) -> bool:
    return (
        el.get("src") in decorative
        or el.get("role") == "presentation"
        or el.get("aria-hidden") == "true"
    )


@rule(
    "img.alt",
    severity="error",
    rationale="Screen readers read the alt text, and clients that block images show it instead.",
    source="https://www.w3.org/WAI/WCAG21/Understanding/non-text-content.html",
)
def alt(email: Email) -> Iterator[Hit]:
    """Flag images without alt, or with an empty alt that is not marked decorative."""
    decorative = decorative_sources(email)
    for el in email.find("img"):
        text = el.get("alt")
        if text is None:
            yield Hit(
                email.locate(el),
                "image has no alt attribute: describe it in alt, or "
                "set decorative: true for an image that adds nothing",
            )
        elif not text.strip() and not _is_decorative(el, decorative):
            yield Hit(
                email.locate(el),
                "image has an empty alt: describe it, or set decorative: true if it adds nothing",
            )


@rule(
    "img.width",
    severity="error",
    rationale="Outlook for Windows ignores CSS widths and shows an image without a width "
    "attribute at its file size, breaking the layout for high-resolution images.",
    source="https://www.caniemail.com/features/html-width/",
)
def width(email: Email) -> Iterator[Hit]:
    """Flag images without a pixel width attribute."""
    for el in email.find("img"):
        value = (el.get("width") or "").strip()
        if not value.isdigit():
            yield Hit(
                email.locate(el),
                "image has no width attribute in pixels: add one "
                "(the templates' image include sets it from width:)",
            )


@rule(
    "img.src",
    severity="error",
    rationale="An image needs an absolute URL: relative ones cannot load in an inbox.",
    source="https://www.rfc-editor.org/rfc/rfc3986#section-4.3",
)
def src(email: Email) -> Iterator[Hit]:
    """Flag images whose src is missing or not an absolute http(s) URL."""
    for el in email.find("img"):
        value = (el.get("src") or "").strip()
        if value.startswith("data:") or is_prompt_url(value):
            continue  # img.data-uri and content.placeholder report these
        if not is_web_url(value):
            yield Hit(
                email.locate(el),
                f"image src {value!r} is not an absolute URL: "
                "use https://... on a public web server",
            )


@rule(
    "img.https",
    severity="warning",
    rationale="Images over plain http are blocked or flagged as insecure by some clients "
    "and leak what the reader opens.",
    source="https://www.w3.org/TR/mixed-content/",
)
def https(email: Email) -> Iterator[Hit]:
    """Flag images loaded over plain http."""
    for el in email.find("img"):
        value = (el.get("src") or "").strip()
        if value.lower().startswith("http://"):
            yield Hit(email.locate(el), "image is loaded over http: use its https:// URL")


@rule(
    "img.data-uri",
    severity="error",
    rationale="Gmail and Outlook block images embedded as base64 data URIs; they also "
    "bloat the HTML towards Gmail's clipping limit.",
    source="https://www.caniemail.com/features/image-base64/",
)
def data_uri(email: Email) -> Iterator[Hit]:
    """Flag images embedded as data URIs."""
    for el in email.find("img"):
        if (el.get("src") or "").strip().lower().startswith("data:"):
            yield Hit(
                email.locate(el),
                "image is embedded as a data: URI: host the file and use its https:// URL",
            )


@rule(
    "img.format",
    severity="warning",
    rationale="Outlook for Windows shows no WebP, and Gmail and Outlook show no SVG images.",
    source="https://www.caniemail.com/features/image-webp/ "
    "https://www.caniemail.com/features/image-svg/",
)
def image_format(email: Email) -> Iterator[Hit]:
    """Flag WebP and SVG images."""
    for el in email.find("img"):
        value = (el.get("src") or "").strip()
        match = _FORMAT.search(urlsplit(value).path if not value.startswith("data:") else value)
        if match:
            kind = (match.group(1) or match.group(2)).upper()
            yield Hit(
                email.locate(el),
                f"{kind} image: Outlook or Gmail will not show it; use JPEG, PNG or GIF",
            )


@rule(
    "img.weight",
    severity="warning",
    rationale="Images over about 1 MB load slowly on phones and count against data plans; "
    "some clients time out on them.",
    source="rule of thumb for mobile data; sizes come from settings or --links",
)
def weight(email: Email) -> Iterator[Hit]:
    """Flag images known (from settings or --links) to weigh over 1 MB."""
    sizes = dict(email.settings.checks.image_sizes) if email.settings else {}
    sizes.update(email.sizes)
    if not sizes:
        return
    for el in email.find("img"):
        size = sizes.get((el.get("src") or "").strip())
        if size is not None and size > MAX_IMAGE_BYTES:
            yield Hit(
                email.locate(el),
                f"image file is {size / 1_000_000:.1f} MB: resize or compress it below 1 MB",
            )


def _pixel_size(el: Any, name: str) -> int | None:
    value = (el.get(name) or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


@rule(
    "img.height",
    severity="warning",
    rationale="Without a height attribute the reader's screen jumps as each image loads, "
    "and with images off the image shrinks to a line, so the email no longer reads as "
    "designed.",
    source="https://html.spec.whatwg.org/multipage/embedded-content-other.html"
    "#dimension-attributes",
)
def height(email: Email) -> Iterator[Hit]:
    """Flag images without a pixel height attribute."""
    for el in email.find("img"):
        if _pixel_size(el, "width") and not _pixel_size(el, "height"):
            yield Hit(
                email.locate(el),
                "image has no height: add height: to the image in the content "
                "(its height in pixels at its width)",
            )


@rule(
    "img.alt-fits",
    severity="warning",
    rationale="With images off, clients show the alt text inside the image's box; text "
    "longer than the box holds is cut off (a 48 px logo shows 'Millbroo').",
    source="https://www.caniemail.com/features/html-alt/",
)
def alt_fits(email: Email) -> Iterator[Hit]:
    """Flag alt text that does not fit the image's box at the image's font size."""
    for el in email.find("img"):
        text = (el.get("alt") or "").strip()
        width = _pixel_size(el, "width")
        if not text or not width:
            continue
        match = _FONT_SIZE.match(email.style(el).get("font-size", "")) if el.get("style") else None
        size = float(match.group(1)) if match else 16.0
        lines = max(1, int((_pixel_size(el, "height") or 0) // (size * _LINE)))
        holds = int(width // (size * _LETTER)) * lines
        if len(text) > holds:
            yield Hit(
                email.locate(el),
                f"alt text of {len(text)} characters is cut off in the {width} px wide box "
                f"with images off (about {holds} fit): shorten it, or mark the image "
                "decorative where the same words are next to it as text",
            )


def _pixel_results(email: Email) -> Iterator[tuple[Any, int, int | None, Any]]:
    """Yield (img, display width, display height, file pixels) once per image (--links)."""
    seen: set[str] = set()
    for el in email.find("img"):
        url = (el.get("src") or "").strip()
        pixels = email.pixels.get(url)
        width = _pixel_size(el, "width")
        if pixels is None or width is None or url in seen:
            continue
        seen.add(url)
        yield el, width, _pixel_size(el, "height"), pixels


@rule(
    "img.aspect",
    severity="warning",
    rationale="An image shown at a width and height of other proportions than its file "
    "is squashed or stretched in Outlook, and jumps elsewhere as it loads (checked with "
    "--links).",
    source="https://html.spec.whatwg.org/multipage/embedded-content-other.html"
    "#dimension-attributes",
)
def aspect(email: Email) -> Iterator[Hit]:
    """Flag images whose file proportions differ from their width and height."""
    for el, width, shown, pixels in _pixel_results(email):
        if shown is None:
            continue
        expected = pixels.width / pixels.height
        if abs(width / shown - expected) > expected * ASPECT_TOLERANCE:
            right = round(width * pixels.height / pixels.width)
            yield Hit(
                email.locate(el),
                f"the file is {pixels.width}x{pixels.height} px but is shown at "
                f"{width}x{shown}: set height to {right} for a width of {width}, "
                "or crop the file",
            )


@rule(
    "img.upscaled",
    severity="warning",
    rationale="A file narrower than the width it is shown at is enlarged and blurred for "
    "every reader (checked with --links).",
    source="https://www.w3.org/TR/css-images-3/#sizing",
)
def upscaled(email: Email) -> Iterator[Hit]:
    """Flag image files narrower than their display width."""
    for el, width, _shown, pixels in _pixel_results(email):
        if pixels.width < width:
            yield Hit(
                email.locate(el),
                f"the file is {pixels.width} px wide but shown {width} px wide: it looks "
                f"blurred; use a file {DENSITY * width} px wide",
            )


@rule(
    "img.density",
    severity="warning",
    rationale="Phones and most laptops have screens of twice the density or more; an "
    "image file below twice its display width looks soft on them (checked with --links).",
    source="https://www.w3.org/TR/css-values-4/#resolution",
)
def density(email: Email) -> Iterator[Hit]:
    """Flag image files at least as wide as shown, but below twice that."""
    for el, width, _shown, pixels in _pixel_results(email):
        if width <= pixels.width < DENSITY * width:
            yield Hit(
                email.locate(el),
                f"the file is {pixels.width} px wide for {width} px on screen: use one "
                f"{DENSITY * width} px wide, sharp on high-density screens",
            )


# -- picture files the build made (see newsletter.images) ---------------------------


def _placed(email: Email) -> Iterator[tuple[Any, Placed]]:
    """Yield (img element or None, picture) once per picture file of the email."""
    seen: set[str] = set()
    elements = {(el.get("src") or "").strip(): el for el in email.find("img")}
    for placed in email.images:
        if placed.url not in seen:
            seen.add(placed.url)
            yield elements.get(placed.url), placed


def _where(email: Email, el: Any, placed: Placed) -> Where:
    return email.locate(el) if el is not None else Where(placed.field)


def _kb(size: int) -> str:
    return f"{size / 1000:.0f} KB"


@rule(
    "img.budget",
    severity="warning",
    rationale="Every reader downloads every picture; a heavy one is slow on a phone's "
    "connection and costs readers on metered data (budget: images.image_budget).",
    source="rule of thumb for mobile data; weights come from the build",
)
def budget(email: Email) -> Iterator[Hit]:
    """Flag a picture file heavier than the settings' per-image budget."""
    if email.settings is None:
        return
    limit = email.settings.images.image_budget
    for el, placed in _placed(email):
        if placed.bytes > limit:
            yield Hit(
                _where(email, el, placed),
                f"{placed.source} ({placed.slot} image, {placed.field}) weighs "
                f"{_kb(placed.bytes)}, over the {_kb(limit)} budget: crop it closer, lower "
                "images.quality, or raise images.image_budget",
            )


@rule(
    "img.issue-budget",
    severity="warning",
    rationale="An issue's pictures together decide how long it takes to open on a phone "
    "(budget: images.issue_budget).",
    source="rule of thumb for mobile data; weights come from the build",
)
def issue_budget(email: Email) -> Iterator[Hit]:
    """Flag an issue whose picture files together weigh more than the issue budget."""
    if email.settings is None or not email.images:
        return
    limit = email.settings.images.issue_budget
    total = sum({placed.url: placed.bytes for placed in email.images}.values())
    if total > limit:
        heaviest = max(email.images, key=lambda placed: placed.bytes)
        yield Hit(
            Where("images"),
            f"the issue's pictures weigh {_kb(total)}, over the {_kb(limit)} budget; the "
            f"heaviest is {heaviest.source} ({heaviest.field}, {_kb(heaviest.bytes)})",
        )


@rule(
    "img.source-small",
    severity="warning",
    rationale="A picture file narrower than twice its display width looks soft on "
    "high-density screens; the build never enlarges it.",
    source="https://www.w3.org/TR/css-values-4/#resolution",
)
def source_small(email: Email) -> Iterator[Hit]:
    """Flag a picture file too narrow for its slot at twice the density."""
    for el, placed in _placed(email):
        if placed.short_by:
            yield Hit(
                _where(email, el, placed),
                f"{placed.source} ({placed.field}) gives {placed.width} px where its "
                f"{placed.slot} slot wants {DENSITY * placed.display_width} px; it was not "
                "enlarged: use a larger original for sharp screens",
            )


@rule(
    "img.hosted",
    severity="error",
    rationale="A picture that does not answer at its URL with the file the build made "
    "shows as a broken image in every inbox (checked with --links).",
    source="https://www.rfc-editor.org/rfc/rfc9110#name-200-ok",
)
def hosted(email: Email) -> Iterator[Hit]:
    """Flag a pushed picture whose URL does not answer 200 with an image of its size."""
    if email.links is None:
        return
    for el, placed in _placed(email):
        result = email.links.get(placed.url)
        if result is None:
            continue
        wrong = _hosting_problem(result, placed)
        if wrong:
            yield Hit(
                _where(email, el, placed),
                f"{placed.source} ({placed.slot} image, {placed.field}) at {placed.url} "
                f"{wrong}; run 'newsletter images push "
                f"{email.slug}'",
            )


def _hosting_problem(result: Any, placed: Placed) -> str | None:
    if result.error is not None or result.status != 200:
        return result.problem if result.status != 200 else f"answered {result.status}"
    if not (result.content_type or "").startswith("image/"):
        return f"answered with {result.content_type or 'no type'}, not an image"
    if result.length is not None and result.length != placed.bytes:
        return f"answered {result.length} bytes where the build made {placed.bytes}"
    return None
