"""newsletter images push: upload the issues' picture files to their host, and record them.

The only step that uploads: build and preview never do. Every named issue (or all)
is rendered first, and nothing is uploaded unless all of them are valid and the host
answers; pictures the ledger (images.lock) already records at their URL are skipped
without asking the host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsletter.errors import ContentError, Problem
from newsletter.images import hosting, ledger
from newsletter.images.resolve import Placed
from newsletter.pipeline import Rendered, open_newsletter, render_all
from newsletter.project import Project


@dataclass
class PushReport:
    """What a push did: where to, which pictures it uploaded and which were there already."""

    target: str
    uploaded: list[Placed] = field(default_factory=list)
    present: list[Placed] = field(default_factory=list)

    @property
    def uploaded_bytes(self) -> int:
        """Return the bytes uploaded."""
        return sum(placed.bytes for placed in self.uploaded)


def push(root: Path, *, slugs: list[str] | None = None) -> PushReport:
    """Upload the pictures of the named issues (or all) that the ledger does not record."""
    newsletter = open_newsletter(Project(root))
    project = newsletter.project
    wanted = _pictures(list(render_all(newsletter, slugs)))
    known = ledger.read(project)
    description, upload = hosting.target(project, newsletter.settings)
    report = PushReport(description)
    entries = dict(known)
    try:
        for placed in wanted:
            entry = known.get(placed.key)
            if entry is not None and entry.url == placed.url:
                report.present.append(placed)
                continue
            if upload(placed):
                report.uploaded.append(placed)
            else:
                report.present.append(placed)
            entries[placed.key] = ledger.Entry(
                placed.name, placed.url, placed.bytes, placed.content_type
            )
    finally:
        if entries != known:  # what reached the host is recorded, even if a later one failed
            ledger.write(project, entries)
    return report


def _pictures(results: list[Rendered | ContentError]) -> list[Placed]:
    """Return each picture file of the rendered issues once; raise if any issue is invalid."""
    problems: list[Problem] = []
    found: dict[str, Placed] = {}
    for result in results:
        if isinstance(result, ContentError):
            problems.extend(result.problems)
            continue
        for placed in result.images:
            found.setdefault(placed.key + placed.url, placed)
    if problems:
        raise ContentError(problems)
    return list(found.values())
