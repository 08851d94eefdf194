"""What an issue's build is made from, as one digest, and the record of each build.

The key of an issue is a SHA-256 of: the issue file, content/newsletter.yaml, every
file in the template search path (the folder's own templates/ and the built-in
ones, with their places, so adding an override changes it), and the code that
renders: the cache store's fingerprint of Python, this package's files and every
library it depends on (newsletter.runtime.fingerprint). User files are hashed by
content.

Each build records, per issue, its key and the digest of the manifest it wrote, in
one entry per output folder in the cache store (newsletter.runtime.cache), so that
out/ holds only what the build is for. The manifest holds the digest of every other
file, so a folder is reused only when its record's key matches and every file is
still what that build wrote: a lost, old or foreign record can only cause a
rebuild, never stale output.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from newsletter.project import IMAGE_SUFFIXES, MANIFEST_FILE, Project
from newsletter.runtime.cache import default_store

FORMAT = b"newsletter build key 2\n"
_RECORDS = "builds"

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Inputs:
    """Everything an issue's build depends on except the issue file itself."""

    root: Path
    base: bytes
    signature: Signature
    shared: bytes = b""
    """The digest of the templates, code and pictures alone: what every edition shares."""
    """(path, size, mtime) of every file behind ``base``: cheap to compare later."""

    def issue_key(self, path: Path) -> str | None:
        """Return the build key of an issue file, or None if it is not a file of the folder."""
        content = _content(path, self.root)
        if content is None:
            return None
        digest = hashlib.sha256(self.base)
        digest.update(path.name.encode() + b"\0" + content)
        return digest.hexdigest()

    def edition_key(self, slug: str, made_of: bytes) -> str:
        """Return the key of one edition of an issue, from what it was derived from."""
        digest = hashlib.sha256(self.shared)
        digest.update(slug.encode() + b"\0" + made_of)
        return digest.hexdigest()

    def unchanged_since(self) -> bool:
        """Tell whether no file behind ``base`` has changed since these inputs were read."""
        return _signature(path for path, _, _ in self.signature) == self.signature


def inputs(project: Project, *, force: bool = False) -> Inputs:
    """Read the settings, templates and code that every issue of the folder is built with.

    With ``force`` the code is named afresh, from no cache (see default_store).
    """
    root = project.root.resolve()
    digest = hashlib.sha256(FORMAT)
    digest.update(default_store(force=force).fingerprint.encode() + b"\0")
    used: list[Path | str] = [project.settings_path]
    shared = digest.copy()
    digest.update(b"settings\0" + (_content(project.settings_path, root) or b"\0none") + b"\0")
    for index, folder in enumerate(project.template_dirs()):
        for relative, path in _files(folder):
            used.append(path)
            for each in (digest, shared):
                each.update(f"template {index} {relative}\0".encode())
                each.update((_read(path) or b"\0unreadable") + b"\0")
    pictures = _pictures(project)
    for name, size, mtime in _signature(pictures):
        for each in (digest, shared):
            each.update(f"picture {name}\0{size}\0{mtime}\0".encode())
    used.extend(pictures)
    return Inputs(root, digest.digest(), _signature(used), shared.digest())


def _pictures(project: Project) -> list[str]:
    """Return the picture files issues may use: below content/issues/ and images/.

    They count by size and modification time, a stat each: a build with no picture
    changed reads none of them.
    """
    found: list[str] = []
    for folder in (project.issues_dir, project.images_dir):
        # os.walk follows no links and skips what it cannot list (a link loop, say).
        for parent, folders, names in os.walk(folder):
            folders.sort()
            found.extend(
                os.path.join(parent, name)
                for name in sorted(names)
                if name.lower().endswith(IMAGE_SUFFIXES)
            )
    return found


Record = tuple[str, str]
"""(build key, SHA-256 of the manifest written with it)."""


def record(key: str | None, files: dict[str, bytes]) -> Record | None:
    """Return the record of a folder written with ``files``, or None without a key."""
    if key is None:
        return None
    return key, hashlib.sha256(files[MANIFEST_FILE]).hexdigest()


class Records:
    """The records of one output folder's builds, kept in the user's cache folder."""

    def __init__(self, project: Project, *, force: bool = False) -> None:
        self.out = os.path.realpath(project.out_dir)
        # Under --force the code is named afresh too; the records are still read, to
        # keep those of the issues this build leaves alone (a record never makes output).
        self.store = dataclasses.replace(default_store(force=force), read=True)
        self.path = None if self.store.folder is None else self.store.path_of(_RECORDS, self.out)
        self._known: dict[str, Record] | None = None

    def get(self, slug: str) -> Record | None:
        """Return the last record of an issue, if any."""
        if self._known is None:
            self._known = self._load()
        return self._known.get(slug)

    def save(self, updates: dict[str, Record | None]) -> None:
        """Merge new records (None forgets one) into the file, replacing it in one step."""
        if not updates:
            return
        known = self._load()
        for slug, found in updates.items():
            if found is None:
                known.pop(slug, None)
            else:
                known[slug] = found
        self.store.put_json(_RECORDS, self.out, {"out": self.out, "issues": known})
        self._known = known

    def _load(self) -> dict[str, Record]:
        data = self.store.get_json(_RECORDS, self.out)
        if not isinstance(data, dict):
            return {}
        try:
            issues = data["issues"] if data.get("out") == self.out else {}
            return {str(slug): (str(key), str(digest)) for slug, (key, digest) in issues.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}


class Verified(NamedTuple):
    """An issue folder as its last build wrote it: the manifest and every file it describes."""

    manifest: dict[str, Any]
    files: dict[str, bytes]
    """The files by name below the folder (the manifest itself left out), as read."""


def verified_folder(folder: Path, found: Record | None, key: str) -> Verified | None:
    """Return the folder's manifest and files if ``found`` says ``key`` built them, unchanged."""
    if found is None or found[0] != key:
        return None
    files = {}
    try:
        body = (folder / MANIFEST_FILE).read_bytes()
        if hashlib.sha256(body).hexdigest() != found[1]:
            return None
        manifest = json.loads(body)
        for name, described in manifest["files"].items():
            data = (folder / name).read_bytes()
            if len(data) != described["bytes"]:
                return None
            if hashlib.sha256(data).hexdigest() != described["sha256"]:
                return None
            files[name] = data
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return Verified(manifest, files) if isinstance(manifest, dict) else None


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


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _files(folder: Path | str, prefix: str = "") -> list[tuple[str, str]]:
    """Return (path below the folder, full path) of every file below it, in a stable order.

    Plain strings: every build lists the templates and the package, and pathlib's
    objects cost more than the listing itself.
    """
    found: list[tuple[str, str]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__":
                found.extend(_files(entry.path, f"{prefix}{entry.name}/"))
        else:
            found.append((prefix + entry.name, entry.path))
    return found


def _signature(paths: Any) -> Signature:
    found = []
    for path in paths:
        try:
            stat = os.stat(path)
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((str(path), -1, -1))
    return tuple(found)
