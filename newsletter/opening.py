"""The one way every command opens a newsletter folder.

Build, check, preview, send, export and the archive all open the folder here, so
that each validates the settings the same way and refuses the same mistakes (a
rule in ``checks.disable`` that does not exist, say) with the same message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from newsletter import checks
from newsletter.pipeline import Newsletter, open_newsletter
from newsletter.project import Project
from newsletter.runtime.cache import default_store

# The folders this process opened, with the settings' bytes they were opened with: a
# process that builds again and again (the preview) reuses one while the bytes hold.
_opened: dict[tuple[Path, bool], tuple[bytes, Newsletter]] = {}
_REMEMBERED = 8


def open_folder(root: Path | Project, *, force: bool = False) -> Newsletter:
    """Open a newsletter folder, refusing settings that name unknown check rules.

    ``force`` bypasses every cache: templates are compiled and stylesheets parsed
    afresh (what is made is kept for the next run).
    """
    project = root if isinstance(root, Project) else Project(root)
    content = _read(project.settings_path)
    key = (project.root.resolve(), force)
    known = _opened.get(key)
    if content is not None and known is not None and known[0] == content:
        return known[1]
    store = default_store(force=force)
    newsletter = open_newsletter(project, cache=store, rule_ids=frozenset(checks.rules()))
    if content is not None and _read(project.settings_path) == content:
        _opened.pop(key, None)
        while len(_opened) >= _REMEMBERED:
            _opened.pop(next(iter(_opened)))
        _opened[key] = (content, newsletter)
    return newsletter


def _read(path: Path) -> bytes | None:
    """Return a regular file's bytes; None for anything else (a FIFO would block)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return file.read()
