"""The operating system calls Python has no wrapper for, each with its fallback.

- ``exchange``: swap two paths atomically (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``), so a folder of output is replaced in one step;
- ``die_with_parent``: have Linux kill a worker process when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``), so a killed build leaves no workers behind.

Both are reached through ctypes from the process's own symbols (libc's among them);
where a call is missing, each says so and the caller takes its slower path.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_PR_SET_PDEATHSIG = 1
_SIGKILL = 9


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; return False where the system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies; do nothing elsewhere."""
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(AttributeError):
        libc.prctl(_PR_SET_PDEATHSIG, _SIGKILL, 0, 0, 0)


@lru_cache(maxsize=1)
def _libc() -> Any:
    if os.name != "posix":
        return None
    try:
        # The process's own symbols: finding libc by name would import ctypes.util
        # and read the linker's cache, for the same library.
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        function.restype = ctypes.c_int
    return libc
