"""The one error boundary: every failure of a command becomes one-line messages and an exit code.

Click's own ``main`` prints and exits; the group's ``invoke`` turns the package's
errors into Click exceptions that print as this tool's messages: exit 2 for content a
user can fix, 1 for any other failure, 130 for Ctrl-C.
"""

from __future__ import annotations

import os
import re
from typing import IO, Any

import click

from newsletter.errors import CommandFailed, ContentError

EXIT_INVALID = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
DEBUG_VARIABLE = "NEWSLETTER_DEBUG"
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Failed(click.ClickException):
    """A command failed: print each line as an error, exit with ``code``."""

    def __init__(self, lines: list[str], *, code: int) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        # Click reads the code from the instance; its class declares it a ClassVar.
        self.exit_code = code  # type: ignore[misc]

    def show(self, file: IO[Any] | None = None) -> None:
        for line in self.lines:
            error_line(line)


class Group(click.Group):
    """A click group whose commands' failures print as one-line messages."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """Read the command line; Ctrl-C meanwhile ends it quietly, not with "Aborted!"."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except KeyboardInterrupt:
            raise Failed([], code=EXIT_INTERRUPTED) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except ContentError as error:
            raise Failed([str(problem) for problem in error.problems], code=EXIT_INVALID) from None
        except CommandFailed as error:
            raise Failed([str(error)], code=EXIT_FAILED) from None
        except KeyboardInterrupt:
            raise Failed([], code=EXIT_INTERRUPTED) from None
        except OSError as error:
            if isinstance(error, BrokenPipeError):
                raise
            _trace(ctx)
            where = f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
            raise Failed([where], code=EXIT_FAILED) from None
        except Exception as error:
            _trace(ctx)
            raise Failed(
                [f"{type(error).__name__}: {error} (run again with --traceback to report it)"],
                code=EXIT_FAILED,
            ) from None


def _trace(ctx: click.Context) -> None:
    """Print the stack of the exception being handled, when asked for it."""
    if ctx.meta.get("traceback") or os.environ.get(DEBUG_VARIABLE) == "1":
        import traceback

        traceback.print_exc()


def traceback_option(function: Any) -> Any:
    """Add --traceback: show the stack of an unexpected failure, to report it."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.meta["traceback"] = True
        return value

    return click.option(
        "--traceback",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=remember,
        help="Show the full stack of an unexpected failure, to report it.",
    )(function)


def color() -> bool | None:
    """Return False when NO_COLOR is set (https://no-color.org), else let click decide."""
    return False if os.environ.get("NO_COLOR") else None


def error_line(message: str) -> None:
    """Print one error line, with line breaks and control characters shown escaped."""
    click.echo(
        f"{click.style('error:', fg='red', bold=True)} {printable(message)}",
        err=True,
        color=color(),
    )


def warning_line(message: str) -> None:
    """Print one warning line, with line breaks and control characters shown escaped."""
    click.echo(
        f"{click.style('warning:', fg='yellow')} {printable(message)}", err=True, color=color()
    )


def printable(message: str) -> str:
    """Show control characters escaped: a message can neither split a line nor drive a terminal."""
    return _UNPRINTABLE.sub(lambda match: ascii(match[0])[1:-1], message)
