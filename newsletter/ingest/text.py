"""Turn what a feed holds into safe text and URLs: no markup, no controls, http(s) only."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

# C0 and C1 controls, zero-width characters and bidi overrides, which can hide or reorder text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]"
)
_SPACE = re.compile(r"[\s\u2028\u2029]+")
# What the content format refuses in a URL; percent-encoding keeps the address the same.
_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f"<>]')
_MARKUP = re.compile(r"<[A-Za-z/!?]")


def clean_text(value: str) -> str:
    """Remove invisible and control characters, collapse whitespace and trim."""
    return collapse(value).strip()


def collapse(value: str) -> str:
    """Remove invisible and control characters and collapse whitespace to single spaces."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", value))


def looks_like_markup(value: str) -> bool:
    """Tell whether text contains something an HTML parser would read as a tag."""
    return bool(_MARKUP.search(value))


def web_url(href: str | None, *, base: str = "") -> str | None:
    """Return ``href`` made absolute against ``base`` if it is http(s) with a host, else None."""
    if not href:
        return None
    href = _INVISIBLE.sub("", href).strip()
    # Python and browsers disagree on the host of a URL with a backslash in it.
    if "\\" in href:
        return None
    try:
        url = urljoin(base, href) if base else href
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return _URL_UNSAFE.sub(lambda match: quote(match.group(), safe=""), url)


def https_url(url: str | None) -> str | None:
    """Return an http(s) URL as https, or None."""
    if url is None:
        return None
    if url[:7].lower() == "http://":
        return "https://" + url[7:]
    return url
