"""newsletter archive: write only the web archive, out/archive/, from the ready issues."""

from __future__ import annotations

from pathlib import Path

from newsletter.archive import Published, publish
from newsletter.errors import ContentError, Problem
from newsletter.opening import open_folder
from newsletter.project import SETTINGS_FILE


def build_archive(root: Path) -> Published:
    """Write out/archive/; raise ContentError if it is not set up or an issue is invalid."""
    published = publish(open_folder(root))
    if published is None:
        raise ContentError(
            [
                Problem(
                    SETTINGS_FILE,
                    "no web archive is set up; add archive: with base_url: "
                    "(see newsletter help settings)",
                    field="archive",
                )
            ]
        )
    if published.problems:
        raise ContentError(published.problems)
    return published
