"""newsletter build and newsletter archive: write issues and the web archive into out/."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsletter.cli.options import project_at, root_option, slugs_of
from newsletter.runtime import startup

if TYPE_CHECKING:
    from newsletter.archive import Published
    from newsletter.commands.build import BuildReport, Built


@click.command(short_help="Build issues into out/.")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list each issue's check findings.")
@click.option(
    "--clean", is_flag=True, help="Remove out/ folders of issues whose file is gone (stale builds)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes that render issues; the default is one per core.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild every issue, also those unchanged since the last build, using no cache.",
)
@root_option
def build(
    slugs: tuple[str, ...],
    quiet: bool,
    verbose: bool,
    clean: bool,
    jobs: int | None,
    force: bool,
    root: Path,
) -> None:
    """Build issues (all, or the SLUGs named) into out/<slug>/.

    Issues whose content, settings and templates are unchanged since their last
    build are not rebuilt; --force rebuilds them.

    \b
    Examples:
      newsletter build
      newsletter build 2026-06-12 --force
    """
    from newsletter.commands.build import BuildFailed, remove_stale, stale_folders
    from newsletter.commands.build import build as run_build

    project = project_at(root)
    chosen = slugs_of(slugs)
    progress = Progress(total=len(chosen or project.issue_slugs()), quiet=quiet, verbose=verbose)
    try:
        with progress:
            report = run_build(root, slugs=chosen, on_built=progress.built, jobs=jobs, force=force)
    except BuildFailed as failed:
        progress.close(failed.report)
        raise
    progress.close(report)
    if clean:
        for folder in remove_stale(project):
            click.echo(f"removed stale {project.relative(folder)}/")
    elif not quiet and chosen is None:
        for folder in stale_folders(project):
            click.echo(
                f"stale: {project.relative(folder)}/ has no issue file any more "
                "(build --clean removes it)"
            )


class Progress:
    """Print each issue as it is built, or a progress bar for long runs on a terminal."""

    BAR_FROM = 10

    def __init__(self, *, total: int, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.started = time.perf_counter()
        use_bar = not quiet and total > self.BAR_FROM and sys.stderr.isatty()
        self.bar = (
            click.progressbar(length=total, label="building", file=sys.stderr) if use_bar else None
        )

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def built(self, built: Built) -> None:
        """Report one issue just written."""
        startup.loaded()
        if self.bar is not None:
            self.bar.update(1)
            if not built.findings or not self.verbose:
                return
        if not self.quiet:
            _echo_built(built, self.verbose)

    def close(self, report: BuildReport) -> None:
        """Print the notes of what was put right, then the closing line."""
        startup.loaded()
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        if not self.quiet:
            echo_archive(report.archive)
            click.echo(_closing_line(report, time.perf_counter() - self.started))


@click.command(short_help="Write the web archive into out/archive/.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@root_option
def archive(quiet: bool, root: Path) -> None:
    """Write only the web archive of the ready issues to out/archive/.

    \b
    Example:
      newsletter archive
    """
    from newsletter.commands.archive import build_archive

    published = build_archive(root)
    if not quiet:
        echo_archive(published)


def echo_archive(published: Published | None) -> None:
    """Print what the archive build did."""
    if published is None:
        return
    name = click.style("out/archive/", bold=True)
    if published.problems:
        click.echo(f"{name} not updated: an issue has errors (below)")
        return
    count, drafts = published.issues, published.drafts
    line = f"built {name} ({count} issue{'s' * (count != 1)}"
    if drafts:
        line += f"; {drafts} draft{'s' * (drafts != 1)} left out"
    click.echo(line + ")")


def _echo_built(built: Built, verbose: bool) -> None:
    from newsletter.checks import summary

    name = click.style(f"out/{built.slug}/", bold=True)
    unchanged = ", unchanged" if built.reused else ""
    pictures = f", images {built.image_bytes / 1000:.1f} KB" if built.image_bytes else ""
    click.echo(f"built {name} (HTML {built.html_bytes / 1000:.1f} KB{pictures}{unchanged})")
    if not built.findings:
        click.echo("  checks: passed")
        return
    click.echo(f"  checks: {summary(built.findings)} (run newsletter check for details)")
    if verbose:
        for finding in built.findings:
            click.echo(f"    {finding}")


def _closing_line(report: BuildReport, seconds: float) -> str:
    count = len(report.built)
    files = {problem.file for problem in report.problems}
    line = f"built {count} issue{'s' * (count != 1)}"
    if report.reused:
        line += f" ({report.reused} unchanged)"
    line += f" in {seconds:.1f} s"
    if files:
        line += f"; {len(files)} file{'s' * (len(files) != 1)} with errors"
    return line
