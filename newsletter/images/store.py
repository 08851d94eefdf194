"""The transformed pictures kept between builds, by source digest and transform.

Entries go through the cache store (newsletter.runtime.cache), which checks its
folder and every entry: a picture's record (format and sizes, as JSON) and its bytes
travel as one entry. A picture this process uses is also written once to a private
temporary folder, as the file that hosting copies or uploads.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from newsletter.images.transform import Output
from newsletter.runtime.cache import Store

_PICTURES = "images"
_DOWNLOADS = "downloads"


def load(cache: Store, key: str) -> tuple[Output, Path] | None:
    """Return a cached transform and its file, or None if missing or damaged."""
    entry = cache.get(_PICTURES, key)
    if entry is None:
        return None
    head, _, data = entry.partition(b"\n")
    try:
        meta = json.loads(head)
        output = Output(data, meta["format"], meta["width"], meta["height"], meta["source_width"])
    except (ValueError, KeyError, TypeError):
        return None
    return output, _file(key, data)


def save(cache: Store, key: str, output: Output) -> Path:
    """Keep a transform for the next build; return its file."""
    meta = {
        "format": output.format,
        "width": output.width,
        "height": output.height,
        "source_width": output.source_width,
    }
    cache.put(_PICTURES, key, json.dumps(meta).encode() + b"\n" + output.data)
    return _file(key, output.data)


def load_download(cache: Store, url: str) -> bytes | None:
    """Return the bytes of a mirrored URL downloaded before, if kept."""
    return cache.get(_DOWNLOADS, url)


def save_download(cache: Store, url: str, data: bytes) -> None:
    """Keep a mirrored URL's bytes, so that later builds do not download it again."""
    cache.put(_DOWNLOADS, url, data)


def _file(key: str, data: bytes) -> Path:
    """Return the picture as a file of this process's private folder, written once."""
    folder = _scratch()
    path = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.bin"
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
        with open(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    return path


# This process's folder of picture files, by process id: a forked worker makes its own.
_folders: dict[int, tempfile.TemporaryDirectory[str]] = {}


def _scratch() -> Path:
    """Return a private temporary folder for this process's picture files."""
    pid = os.getpid()
    if pid not in _folders:
        # Removed when the process ends (TemporaryDirectory's own finaliser), or by
        # discard_scratch() in a worker, which ends without Python's exit handlers.
        _folders[pid] = tempfile.TemporaryDirectory(prefix="newsletter-images-")
    return Path(_folders[pid].name)


def discard_scratch() -> None:
    """Remove this process's picture files, if it made any."""
    folder = _folders.pop(os.getpid(), None)
    if folder is not None:
        folder.cleanup()
