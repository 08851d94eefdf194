"""Watch a newsletter's content/ and templates/, calling back once per burst of changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

WATCHED = ("content", "templates")
# A burst ends after this many quiet milliseconds (an editor's save is several events)...
QUIET_MS = 100
# ...or, while changes keep coming, after this many, so the page never lags far behind.
MAX_WAIT_MS = 800


def watched_folders(root: Path) -> list[Path]:
    """Return the folders whose changes call for a rebuild."""
    return [root / name for name in WATCHED if (root / name).is_dir()]


def start(root: Path, *, on_change: Callable[[], None], stop: threading.Event) -> threading.Thread:
    """Call ``on_change`` after each burst of changes, from a background thread, until stop."""
    from watchfiles import watch

    folders = watched_folders(root)

    def run() -> None:
        for _changes in watch(*folders, debounce=MAX_WAIT_MS, step=QUIET_MS, stop_event=stop,
                              raise_interrupt=False):
            on_change()

    thread = threading.Thread(target=run, name="preview-watch", daemon=True)
    thread.start()
    return thread
