"""Name the code a process runs: Python, this package's files, and every library it needs.

The cache store keeps its entries under this name, so that any change of what makes
the output (an upgraded library deep in the dependencies, an edited source file, a
new Python) starts from an empty cache instead of serving what the old code made.

The libraries are the distributions in this package's dependency closure, by name
and version, as ``importlib.metadata`` reports them. Working that out takes tens of
milliseconds, so it is kept in the store too, under the signature of the folders on
``sys.path`` (installing, upgrading or removing a library changes its folder).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import newsletter

if TYPE_CHECKING:
    from newsletter.runtime.cache import Store

DISTRIBUTION = "newsletter"
PACKAGE = Path(newsletter.__file__).resolve().parent


def code_fingerprint(libraries_store: Store) -> str:
    """Return a digest of Python's version, this package's files and its libraries."""
    digest = hashlib.sha256(f"{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for name, version in libraries(libraries_store):
        digest.update(f"library {name} {version}\0".encode())
    for path, size, mtime in package_files():
        digest.update(f"file {path} {size} {mtime}\0".encode())
    return digest.hexdigest()


def package_files() -> Iterator[tuple[str, int, int]]:
    """Yield (path, size, modification time) of every file of this package."""
    for folder, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            yield os.path.relpath(path, PACKAGE), info.st_size, info.st_mtime_ns


def libraries(store: Store) -> list[tuple[str, str]]:
    """Return (name, version) of every distribution this package depends on, sorted."""
    key = _path_signature()
    kept = store.get_json("closure", key)
    if kept is not None and _is_closure(kept):
        return [(name, version) for name, version in kept]
    found = dependency_closure(DISTRIBUTION)
    store.put_json("closure", key, found)
    return found


def dependency_closure(top: str) -> list[tuple[str, str]]:
    """Return (name, version) of ``top`` and everything it requires, with the extras asked."""
    import importlib.metadata

    from packaging.utils import canonicalize_name

    versions: dict[str, str] = {}
    followed: set[tuple[str, frozenset[str]]] = set()
    pending: list[tuple[str, frozenset[str]]] = [(top, frozenset())]
    while pending:
        name, extras = pending.pop()
        if (canonicalize_name(name), extras) in followed:
            continue
        followed.add((canonicalize_name(name), extras))
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # an optional or platform-only requirement that is not installed
        # Each of .version and .requires parses the metadata again: parse it once.
        metadata = distribution.metadata
        versions[canonicalize_name(name)] = metadata["Version"]
        requires = metadata.get_all("Requires-Dist")
        if requires is None:  # an egg-info distribution keeps them in requires.txt
            requires = distribution.requires
        pending.extend(_requirements(requires or [], extras))
    return sorted(versions.items())


def _requirements(lines: list[str], extras: frozenset[str]) -> Iterator[tuple[str, frozenset[str]]]:
    """Yield (name, extras) of each requirement whose marker holds here, with these extras."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        marker = requirement.marker
        if marker is not None and not any(
            marker.evaluate({"extra": extra}) for extra in (extras or {""})
        ):
            continue
        yield requirement.name, frozenset(canonicalize_name(e) for e in requirement.extras)


def _path_signature() -> str:
    """Describe the folders libraries are found in, by path and modification time."""
    parts = [sys.version]
    for entry in sys.path:
        try:
            info = os.stat(entry or ".")
        except OSError:
            continue
        parts.append(f"{entry}\0{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_closure(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)
        for item in value
    )
