"""The user's cache folder: what one run saves so that the next one starts faster.

Only derived data lives there (compiled templates, the records of past builds), each
entry checked against its source before use, so deleting the folder is always safe.
NEWSLETTER_CACHE_DIR moves it (the tests point it at a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import newsletter

ENV_VAR = "NEWSLETTER_CACHE_DIR"
APP_NAME = "newsletter"


def root() -> Path:
    """Return the cache folder: $NEWSLETTER_CACHE_DIR, else the platform's user cache."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def folder(name: str, *parts: str) -> Path | None:
    """Return (creating it) a folder for one kind of entry, or None where none can be made.

    Its name carries the package version and the given parts, so that a new release,
    or a change of whatever the parts describe, starts from an empty folder.
    """
    path = root() / "-".join((name, newsletter.__version__, *parts))
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None
