"""Image rules: alt text, width attributes, URLs, formats and weight."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from newsletter.checks.engine import Email, Hit, rule
from newsletter.models import Image, is_web_url
from newsletter.models.fields import is_prompt_url

MAX_IMAGE_BYTES = 1_000_000
_FORMAT = re.compile(r"\.(webp|svg)$|^data:image/(webp|svg)", re.IGNORECASE)


def decorative_sources(email: Email) -> set[str]:
    """Return the src of every image the content marks as decorative."""
    found: set[str] = set()
    for model in (email.settings, email.issue):
        if model is not None:
            _walk(model, found)
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
