"""Read the real pixel size of images over HTTP: only as many bytes as the header needs."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException

from newsletter.checks.linkcheck import TIMEOUT, USER_AGENT, WORKERS

CHUNK = 16_384
# Enough for the header of any JPEG, PNG or GIF with metadata in front of the pixels.
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Pixels:
    """An image file's size in pixels and its format (JPEG, PNG, GIF...)."""

    width: int
    height: int
    format: str | None = None


def fetch_pixels(
    urls: Iterable[str], *, timeout: float = TIMEOUT, workers: int = WORKERS
) -> dict[str, Pixels]:
    """Return the pixel size of each image URL that answered with a readable image."""
    unique = sorted(set(urls))
    if not unique:
        return {}

    def one(url: str) -> Pixels | None:
        return read_pixels(url, timeout=timeout)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique)))) as pool:
        found = dict(zip(unique, pool.map(one, unique), strict=True))
    return {url: pixels for url, pixels in found.items() if pixels is not None}


def read_pixels(url: str, *, timeout: float = TIMEOUT) -> Pixels | None:
    """GET an image and read its size from the first bytes; None if it cannot be read."""
    from PIL import ImageFile

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    parser = ImageFile.Parser()
    read = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            while read < MAX_BYTES:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                parser.feed(chunk)
                if parser.image is not None:
                    width, height = parser.image.size
                    return Pixels(width, height, parser.image.format)
    except (urllib.error.URLError, HTTPException, OSError, ValueError):
        return None  # link.broken reports what did not answer
    finally:
        with contextlib.suppress(OSError, SyntaxError, ValueError):  # truncated or unknown
            parser.close()
    return None
