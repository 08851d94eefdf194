"""Watch a newsletter's content/ and templates/, calling back once per burst of changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

WATCHED = ("content", "templates")
# A burst ends after this many quiet milliseconds: an editor's save (write a temporary
# file, rename it over the old one) is several events within a few milliseconds...
QUIET_MS = 10
# ...or, while changes keep coming, after this many, so the page never lags far behind.
MAX_WAIT_MS = 300
# The watcher reports back this often even when nothing changes; its first report
# tells that the folders are being watched.
REPORT_MS = 250
# How long start() waits at most for the watcher to report that it is watching.
READY_SECONDS = 30.0


def watched_folders(root: Path) -> list[Path]:
    """Return the folders whose changes call for a rebuild."""
    return [root / name for name in WATCHED if (root / name).is_dir()]


def start(
    root: Path,
    *,
    on_change: Callable[[], None] | None = None,
    on_paths: Callable[[set[Path]], None] | None = None,
    stop: threading.Event,
    ready: threading.Event | None = None,
) -> threading.Thread:
    """Call back after each burst of changes, from a background thread, until stop.

    ``on_paths`` is given the set of paths that changed; ``on_change`` nothing.
    ``ready`` is set once the folders are watched: a change made after that is seen.
    """
    from watchfiles import watch

    folders = watched_folders(root)
    watching = ready if ready is not None else threading.Event()

    def run() -> None:
        # watch() sets up the watcher before its first yield, and with yield_on_timeout
        # it yields (an empty set) after REPORT_MS even when nothing has changed.
        for changes in watch(
            *folders,
            debounce=MAX_WAIT_MS,
            step=QUIET_MS,
            stop_event=stop,
            rust_timeout=REPORT_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            watching.set()
            if changes:
                if on_paths is not None:
                    on_paths({Path(path) for _, path in changes})
                if on_change is not None:
                    on_change()

    thread = threading.Thread(target=run, name="preview-watch", daemon=True)
    thread.start()
    return thread


def wait_ready(
    thread: threading.Thread, ready: threading.Event, *, timeout: float = READY_SECONDS
) -> bool:
    """Wait until the watcher watches, its thread ends, or timeout; return whether it watches."""
    deadline = time.monotonic() + timeout
    while not ready.wait(0.05):
        if not thread.is_alive() or time.monotonic() >= deadline:
            return ready.is_set()
    return True
