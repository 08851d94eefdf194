"""The one cache store: what one run keeps so that the next one starts faster.

Every cache of the package (compiled templates, premailer's parsed stylesheets, the
records of past builds, the list of libraries the code is made of) goes through
here. The store trusts nothing it reads:

- its folder is used only when this user owns it and nobody else can write to it;
  every folder it creates is private (0700) whatever the umask. A folder that fails
  the check is not used (one warning) and the command runs without a cache;
- every entry is data (JSON, or Jinja's compiled templates, which only this store's
  own folder may hold), behind a header naming its kind, the digest of its key, the
  code it was made by (``fingerprint``) and the SHA-256 of its bytes, and signed with
  an HMAC under a key of this user's that lives outside the cache folder. An entry
  whose header does not match what is asked for, whose bytes do not match their
  digest, or that this user's key did not sign (a cache restored from elsewhere, or
  planted) is ignored and made again: it costs a rebuild, never a failed build or
  wrong output.

Deleting the folder is always safe. NEWSLETTER_CACHE_DIR moves it; the signing key is
kept in the platform's user state folder, or in NEWSLETTER_STATE_DIR.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV_VAR = "NEWSLETTER_CACHE_DIR"
STATE_VAR = "NEWSLETTER_STATE_DIR"
KEY_FILE = "cache.key"
KEY_BYTES = 32
APP_NAME = "newsletter"
MAGIC = b"newsletter cache 3\n"
# The longest header a valid entry has; anything longer is not an entry.
HEADER_LIMIT = 4096
# The largest entry read back (a compiled template or a picture is far smaller).
MAX_ENTRY = 64 * 1024 * 1024


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
    secret: bytes = field(default=b"", repr=False)

    def get(self, kind: str, key: str) -> bytes | None:
        """Return the entry ``kind``/``key`` if it is there and passes every check."""
        if self.folder is None or not self.read:
            return None
        path = self.path_of(kind, key)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            descriptor = os.open(path, flags)
        except OSError:
            return None
        with open(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            if not (stat.S_ISREG(info.st_mode) and _private(info)) or info.st_size > MAX_ENTRY:
                return None
            data = file.read(MAX_ENTRY + 1)
        return _verified(data, header=self._header(kind, key, data[_payload_start(data) :]))

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Keep ``data`` as the entry ``kind``/``key``, replacing any in one step."""
        if self.folder is None:
            return
        folder = self.folder / kind
        if not _private_folder(folder):
            return
        body = MAGIC + self._header(kind, key, data) + b"\n" + data
        path = self.path_of(kind, key)
        try:
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
        except OSError:
            return
        try:
            with open(descriptor, "wb") as file:
                file.write(body)
            os.replace(temporary, path)
        except BaseException as error:  # a full disk, a removed folder, Ctrl-C
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(error, OSError):
                raise

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
        return Store(self.folder, self.fingerprint, read=False, secret=self.secret)

    def _header(self, kind: str, key: str, payload: bytes) -> bytes:
        """Return the signed header of an entry: what it is, its digest, and the HMAC."""
        fields = {
            "kind": kind,
            "key": hashlib.sha256(key.encode()).hexdigest(),
            "fingerprint": self.fingerprint,
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
        signed = json.dumps(fields, sort_keys=True).encode()
        fields["hmac"] = hmac.new(self.secret, signed, hashlib.sha256).hexdigest()
        return json.dumps(fields, sort_keys=True).encode()

    def path_of(self, kind: str, key: str) -> Path:
        """Return where the entry ``kind``/``key`` lives (in a store with a folder)."""
        assert self.folder is not None
        return self.folder / kind / hashlib.sha256(key.encode()).hexdigest()[:40]


def _payload_start(data: bytes) -> int:
    """Return where an entry's payload starts (after its header line), or the end."""
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + HEADER_LIMIT)
    return len(data) if end < 0 else end + 1


def _verified(data: bytes, *, header: bytes) -> bytes | None:
    """Return an entry's payload if its header is exactly the one expected for it."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + HEADER_LIMIT)
    if end < 0:
        return None
    return data[end + 1 :] if hmac.compare_digest(data[len(MAGIC) : end], header) else None


def root() -> Path:
    """Return the cache folder: $NEWSLETTER_CACHE_DIR, else the platform's user cache."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_store(*, force: bool = False) -> Store:
    """Return the user's store for this process's code, or an empty one where it is unsafe.

    With ``force`` nothing is read, not even the list of libraries that names the code
    (worked out afresh, and kept); what the command makes is kept for the next run.
    """
    return _store_at(root(), force=force)


@lru_cache(maxsize=4)
def _store_at(folder: Path, *, force: bool = False) -> Store:
    problem = _prepare(folder)
    if problem is not None:
        _warn(f"{problem}; running without a cache")
        return Store(None)
    secret, problem = _signing_key()
    if problem is not None:
        _warn(f"{problem}; running without a cache")
        return Store(None)
    from newsletter.runtime.fingerprint import code_fingerprint

    libraries = Store(folder / "libraries", secret=secret, read=not force)
    fingerprint = code_fingerprint(libraries)
    return Store(folder / fingerprint[:16], fingerprint, read=not force, secret=secret)


def state_folder() -> Path:
    """Return the folder of the signing key: $NEWSLETTER_STATE_DIR, else the user's state."""
    configured = os.environ.get(STATE_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


def _signing_key() -> tuple[bytes, str | None]:
    """Return this user's key that signs cache entries, made on first use, or why not."""
    folder = state_folder()
    problem = _prepare(folder)
    if problem is not None:
        return b"", problem.replace("cache folder", "state folder")
    path = folder / KEY_FILE
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(FileExistsError):
        descriptor = os.open(path, flags, 0o600)
        with open(descriptor, "wb") as file:
            file.write(secrets.token_bytes(KEY_BYTES))
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        return b"", f"cannot read the cache key {path} ({error.strerror or error})"
    with open(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        key = file.read(KEY_BYTES + 1)
    if not (stat.S_ISREG(info.st_mode) and _private(info) and len(key) == KEY_BYTES):
        return b"", f"the cache key {path} is not this user's private key; delete it"
    return key, None


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
    """Make a folder of the store if missing; tell whether it and its parent are this user's."""
    try:
        _make_private(folder)
        return all(
            stat.S_ISDIR(info.st_mode) and _private(info)
            for info in (os.lstat(folder), os.lstat(folder.parent))
        )
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
