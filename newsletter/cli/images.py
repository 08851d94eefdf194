"""newsletter images push: upload the issues' picture files to their host."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.options import root_option, slugs_of


@click.group(short_help="Host the picture files of issues.")
def images() -> None:
    """Picture files given in content: the build resizes them; push hosts them."""


@images.command(short_help="Upload pictures to their host and record them in images.lock.")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@root_option
def push(slugs: tuple[str, ...], root: Path) -> None:
    """Upload the picture files of the named issues (default: all) to images.host.

    Pictures already recorded in images.lock at their URL are skipped; commit
    images.lock with the content.

    \b
    Example:
      newsletter images push 2026-06-12
    """
    from newsletter.commands.images import push as push_images

    report = push_images(root, slugs=slugs_of(slugs))
    count = len(report.uploaded)
    line = f"pushed {count} picture{'s' * (count != 1)} to {report.target}"
    if count:
        line += f" ({report.uploaded_bytes / 1000:.1f} KB)"
    if report.present:
        line += f"; {len(report.present)} already there"
    click.echo(line)
