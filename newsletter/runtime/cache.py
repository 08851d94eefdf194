"""The one cache store: what one run keeps so that the next one starts faster.

Every cache of the package (compiled templates, premailer's parsed stylesheets, the
records of past builds, the list of libraries the code is made of) goes through
here. The store trusts nothing it reads:

- its folder is used only when this user owns it and nobody else can write to it;
  every folder it creates is private (0700) whatever the umask. A folder that fails
  the check is not used (one warning) and the command runs without a cache;
- every entry is data (JSON, or Jinja's compiled templates, which only this store's
  own folder may hold), behind a header naming its kind, its full key, the code it
  was made by (``fingerprint``) and the SHA-256 of its bytes. An entry whose header
  does not match what is asked for, or whose bytes do not match their digest, is
  ignored and made again: a swapped, truncated, edited or planted entry costs a
  rebuild, never a failed build or wrong output.

Deleting the folder is always safe. NEWSLETTER_CACHE_DIR moves it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV_VAR = "NEWSLETTER_CACHE_DIR"
APP_NAME = "newsletter"
MAGIC = b"newsletter cache 2\n"
# The longest header a valid entry has; anything longer is not an entry.
HEADER_LIMIT = 4096


@dataclass(frozen=True)
class Store:
    """A folder of verified entries, or no folder at all (nothing is kept, nothing read).

    ``fingerprint`` names the code every entry was made by; ``read`` is False when
    the command asked to bypass the cache (``--force``): nothing is read, and what
    the command makes is still kept for the next run.
    """

    folder: Path | None
    fingerprint: str = ""
    read: bool = True

    def get(self, kind: str, key: str) -> bytes | None:
        """Return the entry ``kind``/``key`` if it is there and passes every check."""
        if self.folder is None or not self.read:
            return None
        path = self.path_of(kind, key)
        try:
            with open(path, "rb") as file:
                if not _private(os.fstat(file.fileno())):
                    return None
                data = file.read()
        except OSError:
            return None
        return _verified(data, kind=kind, key=key, fingerprint=self.fingerprint)

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Keep ``data`` as the entry ``kind``/``key``, replacing any in one step."""
        if self.folder is None:
            return
        folder = self.folder / kind
        if not _private_folder(folder):
            return
        header = {
            "kind": kind,
            "key": key,
            "fingerprint": self.fingerprint,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        body = MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + data
        path = self.path_of(kind, key)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "wb") as file:
                file.write(body)
            os.replace(temporary, path)
        except OSError:  # a full disk or a removed folder: the next run makes it again
            with contextlib.suppress(OSError):
                temporary.unlink()

    def get_json(self, kind: str, key: str) -> Any | None:
        """Return the JSON value kept as ``kind``/``key``, or None."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        """Keep a JSON value as ``kind``/``key``."""
        self.put(kind, key, json.dumps(value, sort_keys=True).encode())

    def bypassed(self) -> Store:
        """Return this store with reading off: everything is made afresh, and kept."""
        return Store(self.folder, self.fingerprint, read=False)

    def path_of(self, kind: str, key: str) -> Path:
        """Return where the entry ``kind``/``key`` lives (in a store with a folder)."""
        assert self.folder is not None
        return self.folder / kind / hashlib.sha256(key.encode()).hexdigest()[:40]


def _verified(data: bytes, *, kind: str, key: str, fingerprint: str) -> bytes | None:
    """Return an entry's payload if its header and digest say it is what was asked for."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + HEADER_LIMIT)
    if end < 0:
        return None
    try:
        header = json.loads(data[len(MAGIC) : end])
    except ValueError:
        return None
    payload = data[end + 1 :]
    expected = {
        "kind": kind,
        "key": key,
        "fingerprint": fingerprint,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    return payload if header == expected else None


def root() -> Path:
    """Return the cache folder: $NEWSLETTER_CACHE_DIR, else the platform's user cache."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_store() -> Store:
    """Return the user's store for this process's code, or an empty one where it is unsafe."""
    return _store_at(root())


@lru_cache(maxsize=4)
def _store_at(folder: Path) -> Store:
    problem = _prepare(folder)
    if problem is not None:
        _warn(f"{problem}; running without a cache")
        return Store(None)
    from newsletter.runtime.fingerprint import code_fingerprint

    fingerprint = code_fingerprint(Store(folder / "libraries"))
    return Store(folder / fingerprint[:16], fingerprint)


def _prepare(folder: Path) -> str | None:
    """Create the cache folder if missing; return why it cannot be used, if it cannot."""
    try:
        _make_private(folder)
        info = os.lstat(folder)
    except OSError as error:
        return f"cannot use the cache folder {folder} ({error.strerror or error})"
    if not stat.S_ISDIR(info.st_mode):
        return f"the cache folder {folder} is not a folder"
    if not _private(info):
        return (
            f"the cache folder {folder} is not private (it must belong to you and be "
            "writable by nobody else: chmod 700 it, or delete it)"
        )
    return None


def _make_private(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700, whatever the umask."""
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
            os.chmod(path, 0o700)


def _private_folder(folder: Path) -> bool:
    """Make a folder of the store if missing; tell whether it is this user's alone."""
    try:
        _make_private(folder)
        return _private(os.lstat(folder))
    except OSError:
        return False


def _private(info: os.stat_result) -> bool:
    """Tell whether a file or folder belongs to this user and nobody else can write it."""
    owner = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
    return info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _warn(message: str) -> None:
    """Print one warning line on stderr (the store sits below the command line)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"warning: {message}\n")
