"""The transformed pictures kept between builds, by source digest and transform.

Entries live in the user's cache folder (newsletter.cache): the picture's bytes and a
small record of its format and size, each written to a temporary name and renamed
into place, so build workers that make the same entry at once never see half of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from newsletter.images.transform import Output


def cache_dir() -> Path | None:
    """Return the folder of transformed pictures, or None where no cache can be made."""
    from newsletter import cache

    return cache.folder("images")


def load(key: str) -> tuple[Output, Path] | None:
    """Return a cached transform and its file, or None if missing or damaged."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        meta = json.loads((folder / f"{key}.json").read_bytes())
        path = folder / f"{key}.bin"
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["sha256"]:
            return None
        output = Output(data, meta["format"], meta["width"], meta["height"], meta["source_width"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return output, path


def save(key: str, output: Output) -> Path | None:
    """Keep a transform for the next build; return its file (None if it cannot be kept)."""
    folder = cache_dir()
    if folder is None:
        return None
    meta = {
        "format": output.format,
        "width": output.width,
        "height": output.height,
        "source_width": output.source_width,
        "sha256": hashlib.sha256(output.data).hexdigest(),
    }
    path = folder / f"{key}.bin"
    try:
        _write_atomic(path, output.data)
        _write_atomic(folder / f"{key}.json", json.dumps(meta).encode())
    except OSError:
        return None
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a file under a temporary name in its folder, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_download(url: str) -> bytes | None:
    """Return the bytes of a mirrored URL downloaded before, if kept."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / f"{_url_key(url)}.src").read_bytes()
    except OSError:
        return None


def save_download(url: str, data: bytes) -> None:
    """Keep a mirrored URL's bytes, so that later builds do not download it again."""
    folder = cache_dir()
    if folder is not None:
        with contextlib.suppress(OSError):  # the next build downloads it again
            _write_atomic(folder / f"{_url_key(url)}.src", data)


def _url_key(url: str) -> str:
    return hashlib.sha256(f"url {url}".encode()).hexdigest()
