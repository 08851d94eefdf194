"""Scaffold a new issue file from the newest existing one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from newsletter.content.loader import read_text
from newsletter.errors import ContentError, Problem
from newsletter.project import ISSUES_DIR, check_slug


def new_issue(root: Path, slug: str, *, date: dt.date | None = None) -> Path:
    """Copy the latest issue (by date) to content/issues/<slug>.md with a new date and number."""
    target = root / ISSUES_DIR / f"{slug}.md"
    where = f"{ISSUES_DIR}/{slug}.md"
    try:
        check_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(where, str(error))]) from None
    if target.exists():
        raise ContentError([Problem(where, "already exists; pick another name or edit it")])
    existing = sorted((root / ISSUES_DIR).glob("*.md"))
    if not existing:
        raise ContentError([Problem(ISSUES_DIR, "no issue to start from; add one (see README)")])
    text = max(
        (read_text(path, file=path.relative_to(root).as_posix()) for path in existing),
        key=_issue_date,
    )
    when = date or dt.date.today()
    text = re.sub(r"(?m)^date:.*$", f"date: {when.isoformat()}", text, count=1)
    text = re.sub(
        r"(?m)^number:\s*(\d+)\s*$", lambda m: f"number: {int(m.group(1)) + 1}", text, count=1
    )
    target.write_text(text, encoding="utf-8")
    return target


def _issue_date(text: str) -> str:
    """Return the front matter's date as written (ISO dates sort as text), or ''."""
    match = re.search(r"(?m)^date:\s*['\"]?(\d{4}-\d{2}-\d{2})", text)
    return match.group(1) if match else ""
