"""Download a picture hosted elsewhere, once, so that the build can resize and host it."""

from __future__ import annotations

import urllib.error
import urllib.request
from http.client import HTTPException

from newsletter.images import store
from newsletter.images.transform import MAX_SOURCE_BYTES, ImageRefused
from newsletter.runtime.cache import Store

TIMEOUT = 20.0
USER_AGENT = "newsletter-images/1.0 (mirrors a newsletter's pictures)"


def fetch(url: str, *, cache: Store, timeout: float = TIMEOUT) -> bytes:
    """Return a picture's bytes from the cache, or downloaded (at most MAX_SOURCE_BYTES)."""
    kept = store.load_download(cache, url)
    if kept is not None:
        return kept
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_SOURCE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImageRefused(
            f"answered {error.code}; check the URL or turn images.mirror off"
        ) from None
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise ImageRefused(f"could not be downloaded ({reason}); try again later") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise ImageRefused(f"is over {MAX_SOURCE_BYTES // 1_000_000} MB; host a smaller file")
    store.save_download(cache, url, data)
    return data
