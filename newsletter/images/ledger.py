"""images.lock: which picture, made how, was pushed to which public URL.

One JSON file in the newsletter folder, meant to be committed with the content. Each
entry is keyed by the source's SHA-256 and the transform, and records the file's
content-hashed name, its public URL, its size and its type. A push records what it
uploaded; export refuses an issue whose pictures are not in it. The file is written
to a temporary name and renamed into place, with its entries sorted, so that it
diffs well and a failed push never leaves half of it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsletter.errors import ContentError, Problem
from newsletter.images.resolve import Placed
from newsletter.project import IMAGES_LEDGER, Project

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One pushed picture."""

    name: str
    url: str
    bytes: int
    content_type: str

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as the file stores it."""
        return {
            "name": self.name,
            "url": self.url,
            "bytes": self.bytes,
            "content_type": self.content_type,
        }


def read(project: Project) -> dict[str, Entry]:
    """Return the ledger's entries by key; none when the file does not exist."""
    path = project.images_ledger
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ContentError([Problem(IMAGES_LEDGER, f"cannot be read: {error.strerror}")]) from None
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r} is not {FORMAT}")
        return {key: Entry(**value) for key, value in data["images"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ContentError(
            [
                Problem(
                    IMAGES_LEDGER,
                    f"is not a ledger this version can read ({error}); restore it from "
                    "version control, or delete it and push the images again",
                )
            ]
        ) from None


def write(project: Project, entries: dict[str, Entry]) -> None:
    """Replace the ledger with ``entries`` in one step."""
    data = {
        "format": FORMAT,
        "images": {key: entries[key].as_dict() for key in sorted(entries)},
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = project.images_ledger
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unpushed(project: Project, images: tuple[Placed, ...] | list[Placed]) -> list[Placed]:
    """Return the pictures that the ledger does not record at their URL."""
    if not images:
        return []
    known = read(project)
    return [
        placed
        for placed in images
        if (entry := known.get(placed.key)) is None or entry.url != placed.url
    ]
