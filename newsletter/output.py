"""Write a built issue to out/<slug>/ atomically, with its manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

HTML_FILE = "email.html"
TEXT_FILE = "email.txt"
EML_FILE = "email.eml"
MANIFEST_FILE = "manifest.json"


def manifest(*, slug: str, meta: dict[str, Any], files: dict[str, bytes],
             warnings: list[str]) -> bytes:
    """Describe the built files: metadata, byte sizes, sha256 digests and warnings."""
    data = {
        "issue": slug,
        **meta,
        "files": {
            name: {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in files.items()
        },
        "warnings": warnings,
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def write_issue(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to temporary names first, then move each into place.

    Nothing is replaced until every file is on disk, so a failure leaves the
    previous build as it was. Unchanged files are left alone (their times too).
    """
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, body in files.items():
            target = folder / name
            if target.is_file() and target.read_bytes() == body:
                continue
            handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            staged.append((Path(temp), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(body)
            os.chmod(temp, 0o644)
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return [folder / name for name in files]
