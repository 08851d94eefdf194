"""newsletter editions: which story goes to which edition, and how two editions differ."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.options import root_option


@click.command(short_help="Show which story goes to which edition of an issue.")
@click.argument("slug")
@click.option(
    "--diff",
    nargs=2,
    metavar="A B",
    help="Print what differs between the emails of editions A and B (subject, blocks, links).",
)
@root_option
def editions(slug: str, diff: tuple[str, str] | None, root: Path) -> None:
    """Print the story x edition table of SLUG, or with --diff A B what A and B differ in.

    \b
    Example:
      newsletter editions 2026-07-03 --diff en cy
    """
    from newsletter.commands import editions as report
    from newsletter.project import slug_from_argument

    slug = slug_from_argument(slug)
    if diff:
        click.echo(report.diff(root, slug, *diff))
    else:
        click.echo(report.table(root, slug))
