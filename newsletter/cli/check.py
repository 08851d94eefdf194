"""newsletter check: report what breaks email in real inboxes."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.boundary import EXIT_FAILED
from newsletter.cli.options import root_option, slugs_of
from newsletter.errors import ContentError


@click.command(short_help="Check issues for what breaks email in inboxes.")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON, for CI.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--links", is_flag=True, help="Also request every link and image URL and report broken ones."
)
@click.option(
    "--render",
    is_flag=True,
    help="Also look at each email in Chromium in client modes (phones, no <style>, "
    "dark modes...) and report layout, contrast and clipping problems.",
)
@click.option(
    "--shots",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --render: write a screenshot per mode and a contact sheet to this folder.",
)
@root_option
def check(
    slugs: tuple[str, ...],
    as_json: bool,
    strict: bool,
    links: bool,
    render: bool,
    shots: Path | None,
    root: Path,
) -> None:
    """Check issues (all, or the SLUGs named) for what breaks email in inboxes.

    Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on invalid content.

    \b
    Examples:
      newsletter check
      newsletter check 2026-06-12 --links --strict
      newsletter check --render --shots shots/
    """
    from newsletter.checks import failed
    from newsletter.checks.report import render_json, render_table
    from newsletter.commands.check import check_issues

    report = check_issues(root, slugs=slugs_of(slugs), links=links, render=render, shots=shots)
    click.echo(
        render_json(report.findings) if as_json else render_table(report.slugs, report.findings)
    )
    if report.problems:
        raise ContentError(report.problems)
    if failed(report.findings, strict=strict):
        raise click.exceptions.Exit(EXIT_FAILED)
