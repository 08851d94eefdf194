"""The newsletter command: build, new, and the other commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from newsletter.errors import ContentError

EXIT_INVALID = 2
EXIT_FAILED = 1

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The newsletter folder, holding content/ and templates/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsletter")
def cli() -> None:
    """Build responsive HTML email newsletters from content files."""


@cli.command()
@click.argument("slugs", nargs=-1)
@root_option
def build(slugs: tuple[str, ...], root: Path) -> None:
    """Build issues (all, or the SLUGS named) into out/<slug>/."""
    from newsletter.build import build as run_build

    for built in run_build(root, slugs=list(slugs) or None):
        size = len(built.files["email.html"])
        click.echo(f"built out/{built.slug}/ (HTML {size / 1000:.1f} KB)")
        for warning in built.warnings:
            click.echo(f"  warning: {warning}")


@cli.command()
@click.argument("slug")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Issue date, YYYY-MM-DD (default: today).")
@root_option
def new(slug: str, date: dt.datetime | None, root: Path) -> None:
    """Create content/issues/SLUG.md from the newest issue."""
    from newsletter.scaffold import new_issue

    path = new_issue(root, slug, date=date.date() if date else None)
    click.echo(f"created {path.relative_to(root).as_posix()}")


def main() -> None:
    """Run the CLI, turning user mistakes into one-line messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except ContentError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_INVALID)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_FAILED)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "newsletter"
        click.echo(f"error: {error.format_message()} (see '{command} --help')", err=True)
        sys.exit(EXIT_INVALID)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:
        click.echo(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
                   err=True)
        sys.exit(EXIT_FAILED)
    except Exception as error:
        click.echo(f"error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_FAILED)
