"""What an issue's build is made from, as one digest, and the record of each build.

The key of an issue is a SHA-256 of: the issue file, content/newsletter.yaml, every
file in the template search path (the folder's own templates/ and the built-in
ones, with their places, so adding an override changes it), and the code that
renders: this package (version and files) and the libraries that shape the output.
User files are hashed by content; code by version, size and modification time,
which every upgrade changes, so that checking costs a stat per file, not a read.

The settings a build validated are kept there too, by the digest of their bytes
and of the code, so that the next process with the same settings file need not
validate it again (nor load email_validator, which only that needs).

Each build records, per issue, its key and the digest of the manifest it wrote, in
one file per output folder in the user's cache folder (newsletter.cache), so that
out/ holds only what the build is for. The manifest holds the digest of every other
file, so a folder is reused only when its record's key matches and every file is
still what that build wrote: a lost, old or foreign record can only cause a
rebuild, never stale output.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import pickle
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import newsletter
from newsletter import cache
from newsletter.project import IMAGE_SUFFIXES, MANIFEST_FILE, Project

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
    "PIL",
)
PACKAGE = Path(__file__).resolve().parent.parent

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
    used: list[Path | str] = [project.settings_path]
    digest.update(b"settings\0" + (_content(project.settings_path, root) or b"\0none") + b"\0")
    for index, folder in enumerate(project.template_dirs()):
        for relative, path in _files(folder):
            used.append(path)
            digest.update(f"template {index} {relative}\0".encode())
            digest.update((_read(path) or b"\0unreadable") + b"\0")
    pictures = _pictures(project)
    for name, size, mtime in _signature(pictures):
        digest.update(f"picture {name}\0{size}\0{mtime}\0".encode())
    used.extend(pictures)
    return Inputs(root, digest.digest(), _signature(used))


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

    def __init__(self, project: Project) -> None:
        out = os.path.realpath(project.out_dir)
        name = hashlib.sha256(out.encode()).hexdigest()[:32] + ".json"
        folder = cache.folder("builds")
        self.path = None if folder is None else folder / name
        self.out = out
        self._known: dict[str, Record] | None = None

    def get(self, slug: str) -> Record | None:
        """Return the last record of an issue, if any."""
        if self._known is None:
            self._known = self._load()
        return self._known.get(slug)

    def save(self, updates: dict[str, Record | None]) -> None:
        """Merge new records (None forgets one) into the file, replacing it in one step."""
        if self.path is None or not updates:
            return
        known = self._load()
        for slug, found in updates.items():
            if found is None:
                known.pop(slug, None)
            else:
                known[slug] = found
        data = json.dumps({"out": self.out, "issues": known}, sort_keys=True).encode()
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, self.path)
        except OSError:  # a full disk or a removed folder: the next build renders again
            temporary.unlink(missing_ok=True)
            return
        self._known = known

    def _load(self) -> dict[str, Record]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_bytes())
            issues = data["issues"] if data.get("out") == self.out else {}
            return {slug: (key, digest) for slug, (key, digest) in issues.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}


def verified_manifest(folder: Path, found: Record | None, key: str) -> dict[str, Any] | None:
    """Return the folder's manifest if ``found`` says it was built with ``key``, unchanged."""
    if found is None or found[0] != key:
        return None
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
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def settings_content(project: Project) -> bytes | None:
    """Return content/newsletter.yaml's bytes if it is a plain file of the folder."""
    return _content(project.settings_path, project.root.resolve())


def saved_settings(content: bytes) -> Any | None:
    """Return the settings validated from exactly these bytes by this code, if kept."""
    path = _settings_path(content)
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # missing, damaged or from other code: validate again
        return None


def save_settings(content: bytes, settings: Any) -> None:
    """Keep validated settings for the next process that reads the same bytes."""
    path = _settings_path(content)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError):
        temporary.unlink(missing_ok=True)


def _settings_path(content: bytes) -> Path | None:
    folder = cache.folder("settings")
    if folder is None:
        return None
    return folder / (hashlib.sha256(_code_digest() + content).hexdigest()[:32] + ".pickle")


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


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """Return the digest of the code this process renders with, worked out once.

    Once per process is right: a running process renders with the code it loaded.
    """
    digest = hashlib.sha256(f"{newsletter.__version__}\0{sys.version}\0".encode())
    digest.update(sys.implementation.cache_tag.encode() + b"\0")
    for name, size, mtime in _signature(_code_files()):
        digest.update(f"{name}\0{size}\0{mtime}\0".encode())
    return digest.digest()


def _code_files() -> list[str]:
    """Return the files whose change means the rendering code changed."""
    paths = [path for _, path in _files(PACKAGE)]
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            paths.append(spec.origin)
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
