"""The newsletter command line: a plain click group, one module per group of commands.

Commands import what they use inside their function, so that ``newsletter --help``
and each command load only their own part of the package. Every failure becomes
one-line messages and an exit code in one place (``boundary``).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from newsletter.cli import (
    build,
    check,
    deliver,
    editions,
    help,
    images,
    preview,
    publish,
    start,
)
from newsletter.cli.boundary import EXIT_INTERRUPTED, Group, color, traceback_option
from newsletter.runtime import startup


@click.group(
    cls=Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="newsletter")
@traceback_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Build responsive HTML email newsletters from content files.

    \b
    A first newsletter:
      newsletter init town-news --name "Town News"
      cd town-news && newsletter build && newsletter preview --open
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
    elif ctx.invoked_subcommand != "build":
        startup.loaded()


for command in (
    start.init,
    start.new,
    start.mark,
    build.build,
    check.check,
    editions.editions,
    preview.preview,
    deliver.send,
    deliver.export,
    publish.publish,
    build.archive,
    images.images,
    start.templates,
    help.help_command,
):
    cli.add_command(traceback_option(command))


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command line; exit with its code (130 after Ctrl-C, quietly)."""
    as_process = argv is None
    try:
        if as_process:
            startup.begin_process()
        cli.main(args=argv, prog_name="newsletter", color=color())
    except KeyboardInterrupt:
        raise SystemExit(EXIT_INTERRUPTED) from None
    except SystemExit:
        if as_process and startup.interrupted():
            raise SystemExit(EXIT_INTERRUPTED) from None
        raise
