"""What several commands share: the --root option, SLUG arguments, the newsletter folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from newsletter.cli.boundary import EXIT_INVALID, Failed
from newsletter.errors import ContentError, Problem
from newsletter.project import Project

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    metavar="FOLDER",
    help="The newsletter folder, holding content/ and templates/.",
)


def slugs_of(values: Sequence[str]) -> list[str] | None:
    """Turn SLUG arguments into slugs: a name, the issue's file name, or its path.

    ``content/issues/2026-06-05.md`` is accepted, as a shell completes it; any other
    path is refused, never reduced to its last part: ``../x.md`` is not ``x``.
    """
    from newsletter.project import ISSUES_DIR, slug_from_argument

    slugs = []
    for value in values:
        name = value.removeprefix("./").removeprefix(f"{ISSUES_DIR}/")
        try:
            slugs.append(slug_from_argument(name))
        except ValueError as error:
            raise Failed([str(error)], code=EXIT_INVALID) from None
    return slugs or None


def project_at(root: Path) -> Project:
    """Return the newsletter folder at root, or raise if there is no such folder."""
    if not root.is_dir():
        raise ContentError([Problem(root.as_posix(), "no such folder; check --root")])
    return Project(root)


def folder_at(root: Path) -> Project:
    """Return the newsletter folder at root, or raise pointing to newsletter init."""
    from newsletter.content.scaffold import require_folder

    return require_folder(project_at(root))
