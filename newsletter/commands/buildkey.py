"""What an issue's build is made from, as one digest, and its record in out/<slug>/.

The key of an issue is a SHA-256 of: the issue file, content/newsletter.yaml, every
file in the template search path (the folder's own templates/ and the built-in
ones, with their places, so adding an override changes it), and the code that
renders: this package (version and files) and the libraries that shape the output.
User files are hashed by content; code by version, size and modification time,
which every upgrade changes, so that checking costs a stat per file, not a read.

``out/<slug>/.build-key`` holds the key and the digest of the folder's manifest,
which in turn holds the digest of every other file: a folder is reused only when
the key matches and every file is still what the build wrote.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsletter import __version__
from newsletter.project import MANIFEST_FILE, Project

KEY_FILE = ".build-key"
FORMAT = b"newsletter build key 1\n"
# Libraries whose upgrade may change what a build writes (found without importing them).
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "premailer",
    "cssutils",
    "cachetools",
    "lxml",
    "markdown_it",
    "pydantic",
    "pydantic_core",
    "yaml",
    "email_validator",
)
PACKAGE = Path(__file__).resolve().parent.parent
_NO_KEY = "-"

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Inputs:
    """Everything an issue's build depends on except the issue file itself."""

    root: Path
    base: bytes
    signature: Signature
    """(path, size, mtime) of every file behind ``base``: cheap to compare later."""

    def issue_key(self, path: Path) -> str | None:
        """Return the build key of an issue file, or None if it is not a file of the folder."""
        content = _content(path, self.root)
        if content is None:
            return None
        digest = hashlib.sha256(self.base)
        digest.update(path.name.encode() + b"\0" + content)
        return digest.hexdigest()

    def unchanged_since(self) -> bool:
        """Tell whether no file behind ``base`` has changed since these inputs were read."""
        return _signature(path for path, _, _ in self.signature) == self.signature


def inputs(project: Project) -> Inputs:
    """Read the settings, templates and code that every issue of the folder is built with."""
    root = project.root.resolve()
    digest = hashlib.sha256(FORMAT)
    digest.update(_code_digest())
    used = [project.settings_path]
    digest.update(b"settings\0" + (_content(project.settings_path, root) or b"\0none") + b"\0")
    for index, folder in enumerate(project.template_dirs()):
        for path in _files(folder):
            used.append(path)
            relative = path.relative_to(folder).as_posix()
            digest.update(f"template {index} {relative}\0".encode())
            digest.update((_content(path, None) or b"\0unreadable") + b"\0")
    return Inputs(root, digest.digest(), _signature(used))


def key_file(key: str | None, files: dict[str, bytes]) -> bytes:
    """Return the key file for a folder of ``files``: the key and the manifest's digest."""
    manifest = hashlib.sha256(files[MANIFEST_FILE]).hexdigest()
    return f"{key or _NO_KEY}\n{manifest}\n".encode()


def verified_manifest(folder: Path, key: str) -> dict[str, Any] | None:
    """Return the folder's manifest if it was built with ``key`` and no file has changed."""
    try:
        recorded, manifest_digest = (folder / KEY_FILE).read_text(encoding="ascii").split()
        if recorded != key:
            return None
        body = (folder / MANIFEST_FILE).read_bytes()
        if hashlib.sha256(body).hexdigest() != manifest_digest:
            return None
        manifest = json.loads(body)
        for name, described in manifest["files"].items():
            data = (folder / name).read_bytes()
            if len(data) != described["bytes"]:
                return None
            if hashlib.sha256(data).hexdigest() != described["sha256"]:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _content(path: Path, root: Path | None) -> bytes | None:
    """Return a regular file's bytes, or None if it is missing or (with root) lies outside."""
    try:
        if root is not None:
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(root) or not real.is_file():
                return None
            path = real
        return path.read_bytes()
    except OSError:
        return None


def _files(folder: Path) -> list[Path]:
    """Return every file below a folder, in a stable order."""
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_files(Path(entry.path)))
        else:
            found.append(Path(entry.path))
    return found


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """Return the digest of the code this process renders with, worked out once.

    Once per process is right: a running process renders with the code it loaded.
    """
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    digest.update(sys.implementation.cache_tag.encode() + b"\0")
    for name, size, mtime in _signature(_code_files()):
        digest.update(f"{name}\0{size}\0{mtime}\0".encode())
    return digest.digest()


def _code_files() -> list[Path]:
    """Return the files whose change means the rendering code changed."""
    paths = _files(PACKAGE)
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    return paths


def _signature(paths: Any) -> Signature:
    found = []
    for path in paths:
        try:
            stat = os.stat(path)
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((str(path), -1, -1))
    return tuple(found)
