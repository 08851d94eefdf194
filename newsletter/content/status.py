"""An issue's status (draft, ready, sent), changed by editing only its status line."""

from __future__ import annotations

import os
import re
from pathlib import Path

from newsletter.content.loader import read_text, split_front_matter
from newsletter.errors import ContentError, Problem
from newsletter.project import Project, check_slug

STATUSES = ("draft", "ready", "sent")


def mark(project: Project, slug: str, status: str) -> str:
    """Set the issue's status line to ``status`` and return the status it had before.

    Only that line changes (it is added after the date line when missing); every other
    byte of the file, line ends included, stays as the editor wrote it.
    """
    if status not in STATUSES:
        raise ContentError([Problem(status, f"is not a status; use one of {', '.join(STATUSES)}")])
    try:
        check_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(slug, str(error))]) from None
    (path,) = project.issue_sources([slug])
    file = project.issue_file(slug)
    split_front_matter(read_text(path, file=file, project=project), file=file)  # or raise
    target = path.resolve()
    # Split at line feeds only: a carriage return stays part of the line it ends.
    lines = re.findall(r"[^\n]*\n|[^\n]+$", target.read_bytes().decode("utf-8"))
    end = next(n for n, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    before = _set_status(lines, end, status, file=file)
    _replace(target, "".join(lines))
    return before


def _set_status(lines: list[str], end: int, status: str, *, file: str) -> str:
    """Set or add the status line among lines[1:end], the front matter; return the old status."""
    for number in range(1, end):
        line = lines[number]
        if line.startswith("status:"):
            old = line.partition(":")[2].split("#")[0].strip().strip("'\"") or "ready"
            lines[number] = f"status: {status}{_ending(line)}"
            return old
    for number in range(1, end):
        if lines[number].startswith("date:"):
            lines.insert(number + 1, f"status: {status}{_ending(lines[number]) or chr(10)}")
            return "ready"
    raise ContentError([Problem(file, "front matter has no date line; add date: first")])


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _replace(target: Path, text: str) -> None:
    """Write the file whole or not at all, keeping its permissions."""
    temp = target.with_name(f".{target.name}.mark")
    temp.write_bytes(text.encode("utf-8"))
    os.chmod(temp, os.stat(target).st_mode & 0o7777)
    os.replace(temp, target)
