"""The newsletter command line: every command, and the one place errors become messages.

Commands import what they use inside their function, so that ``newsletter --help``
and each command load only their own part of the package.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import gc
import os
import re
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsletter.errors import CommandFailed, ContentError, Problem
from newsletter.project import Project
from newsletter.services import EXPORTS, PROFILES

if TYPE_CHECKING:
    from newsletter.archive import Published
    from newsletter.commands.build import BuildReport, Built

EXIT_INVALID = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
EXPORT_SERVICES = tuple(sorted(EXPORTS))

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
    if click.get_current_context().invoked_subcommand != "build":
        _collect_again()


def _collect_again() -> None:
    """Freeze what the process holds so far, and collect garbage again from here on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _slugs(values: Sequence[str]) -> list[str] | None:
    """Turn SLUG arguments into slugs: a name, the issue's file name, or its path as
    messages show it (``content/issues/2026-06-05.md``, as a shell completes it).

    Any other path is refused, never reduced to its last part: ``../x.md`` is not ``x``.
    """
    from newsletter.project import ISSUES_DIR, slug_from_argument

    slugs = []
    for value in values:
        name = value.removeprefix("./").removeprefix(f"{ISSUES_DIR}/")
        try:
            slugs.append(slug_from_argument(name))
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    return slugs or None


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list each issue's check findings.")
@click.option(
    "--clean", is_flag=True, help="Remove out/ folders of issues whose file is gone (stale builds)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes that render issues; the default is one per core.",
)
@click.option(
    "--force", is_flag=True, help="Rebuild every issue, also those unchanged since the last build."
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
    """Build issues (all, or the SLUGS named) into out/<slug>/.

    Issues whose content, settings and templates are unchanged since their last
    build are not rebuilt; --force rebuilds them.
    """
    from newsletter.commands.build import BuildFailed, remove_stale, stale_folders
    from newsletter.commands.build import build as run_build

    project = _project(root)
    chosen = _slugs(slugs)
    progress = _Progress(total=len(chosen or project.issue_slugs()), quiet=quiet, verbose=verbose)
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


class _Progress:
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

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def built(self, built: Built) -> None:
        """Report one issue just written."""
        _collect_again()
        if self.bar is not None:
            self.bar.update(1)
            if not built.findings or not self.verbose:
                return
        if not self.quiet:
            _echo_built(built, self.verbose)

    def close(self, report: BuildReport) -> None:
        """Print the closing line."""
        _collect_again()
        if not self.quiet:
            _echo_archive(report.archive)
            click.echo(_closing_line(report, time.perf_counter() - self.started))


@cli.command()
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@root_option
def archive(quiet: bool, root: Path) -> None:
    """Write only the web archive of the ready issues to out/archive/."""
    from newsletter.commands.archive import build_archive

    published = build_archive(root)
    if not quiet:
        _echo_archive(published)


def _echo_archive(published: Published | None) -> None:
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
    click.echo(f"built {name} (HTML {built.html_bytes / 1000:.1f} KB{unchanged})")
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


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON, for CI.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--links", is_flag=True, help="Also request every link and image URL and report broken ones."
)
@root_option
def check(slugs: tuple[str, ...], as_json: bool, strict: bool, links: bool, root: Path) -> None:
    """Check issues (all, or the SLUGS named) for what breaks email in real inboxes.

    Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on invalid content.
    """
    from newsletter.checks import failed
    from newsletter.checks.report import render_json, render_table
    from newsletter.commands.check import check_issues

    report = check_issues(root, slugs=_slugs(slugs), links=links)
    click.echo(
        render_json(report.findings) if as_json else render_table(report.slugs, report.findings)
    )
    if report.problems:
        raise ContentError(report.problems)
    if failed(report.findings, strict=strict):
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("slug")
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Issue date, YYYY-MM-DD (default: the slug when it is a date, else today).",
)
@click.option(
    "--copy-from", metavar="SLUG", help="Copy this issue whole instead of starting from a skeleton."
)
@click.option(
    "--from-feed",
    "from_feed",
    multiple=True,
    metavar="URL_OR_FILE",
    help="Draft the stories (or, for .ics, the events) from this feed; repeatable.",
)
@click.option(
    "--from-feeds", is_flag=True, help="Draft from every feed under feeds: in the settings."
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="With --from-feed(s): take items from this date on (default: the date of "
    "the previous issue).",
)
@click.option(
    "--max",
    "max_items",
    type=click.IntRange(min=1),
    help="With --from-feed(s): take at most this many items from each feed.",
)
@root_option
def new(
    slug: str,
    date: dt.datetime | None,
    copy_from: str | None,
    from_feed: tuple[str, ...],
    from_feeds: bool,
    since: dt.datetime | None,
    max_items: int | None,
    root: Path,
) -> None:
    """Start content/issues/SLUG.md as a draft whose every text says what to write."""
    project = _project(root)
    slug = slug.removesuffix(".md")
    day = date.date() if date else None
    if from_feed or from_feeds:
        if copy_from:
            raise click.UsageError("--copy-from cannot be combined with --from-feed(s)")
        from newsletter.commands.draft import draft_from_feeds

        path = draft_from_feeds(
            project,
            slug,
            feeds=list(from_feed) or None,
            since=since.date() if since else None,
            max_items=max_items,
            date=day,
            today=dt.date.today(),
        )
    else:
        if since or max_items:
            raise click.UsageError("--since and --max go with --from-feed or --from-feeds")
        from newsletter.content.scaffold import new_issue

        path = new_issue(
            project,
            slug,
            date=day,
            copy_from=copy_from.removesuffix(".md") if copy_from else None,
            today=dt.date.today(),
        )
    click.echo(
        f"created {project.relative(path)} (a draft: fill in every [[...]], "
        "then run newsletter check)"
    )


@cli.command()
@click.argument(
    "folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path(".")
)
@click.option("--name", help="Name of the newsletter.")
@click.option("--website", help="Home page of the publication, https://...")
@click.option("--sender-email", help="Address the newsletter is sent from.")
@click.option("--address", help="Postal address of the sender (required in every mailing).")
@click.option(
    "--service",
    type=click.Choice(sorted(PROFILES)),
    default="none",
    show_default=True,
    help="Mailing service whose merge tags to use.",
)
@click.option(
    "--templates",
    "with_templates",
    is_flag=True,
    help="Also copy the built-in templates into templates/ to edit.",
)
def init(
    folder: Path,
    name: str | None,
    website: str | None,
    sender_email: str | None,
    address: str | None,
    service: str,
    with_templates: bool,
) -> None:
    """Start a newsletter in FOLDER (default: here): settings, a first draft, out/."""
    from newsletter.content.scaffold import Starter, copy_templates, init_folder

    starter = Starter(
        name=name, website=website, sender_email=sender_email, address=address, service=service
    )
    created = init_folder(folder, starter=starter, today=dt.date.today())
    if with_templates:
        created += copy_templates(Project(folder), [])
    for path in created:
        click.echo(f"created {Project(folder).relative(path)}")
    where = "" if folder == Path(".") else f" in {folder}"
    click.echo(f"next: fill in content/newsletter.yaml{where}, then run newsletter build")


@cli.group()
def templates() -> None:
    """List the built-in templates, or copy them into templates/ to edit."""


@templates.command("list")
@root_option
def templates_list(root: Path) -> None:
    """List the built-in templates, marking those the folder overrides."""
    from newsletter.project import BUILTIN_TEMPLATES

    for path in sorted(BUILTIN_TEMPLATES.rglob("*")):
        if path.is_file():
            name = path.relative_to(BUILTIN_TEMPLATES).as_posix()
            own = (root / "templates" / name).is_file()
            click.echo(f"{name}{'  (overridden in templates/)' if own else ''}")


@templates.command("copy")
@click.argument("names", nargs=-1)
@root_option
def templates_copy(names: tuple[str, ...], root: Path) -> None:
    """Copy built-in templates (all, or the NAMES given) into templates/ to edit."""
    from newsletter.content.scaffold import copy_templates

    project = _project(root)
    for path in copy_templates(project, list(names)):
        click.echo(f"copied {project.relative(path)}")


def _project(root: Path) -> Project:
    """Return the newsletter folder at root, or raise if there is no such folder."""

    if not root.is_dir():
        raise ContentError([Problem(root.as_posix(), "no such folder; check --root")])
    return Project(root)


@cli.command()
@click.argument("slug", required=False)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=4717,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default keeps the preview on this machine.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@root_option
def preview(slug: str | None, port: int, host: str, open_browser: bool, root: Path) -> None:
    """Preview issues (or SLUG) in a browser, rebuilding as content and templates change."""
    from newsletter.preview.server import serve

    serve(root, slug=slug, host=host, port=port, open_browser=open_browser, echo=click.echo)


@cli.command()
@click.argument("slug")
@click.option(
    "--to",
    "to",
    multiple=True,
    required=True,
    metavar="ADDRESS",
    help="Test recipient; repeat for more.",
)
@click.option("--smtp-host", help="SMTP server (overrides smtp.host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="SMTP port (overrides smtp.port).")
@click.option(
    "--security",
    type=click.Choice(["starttls", "ssl", "none"]),
    help="Connection security (overrides smtp.security).",
)
@click.option(
    "--smtp-user",
    help="Login name (overrides smtp.user); the password is read from NEWSLETTER_SMTP_PASSWORD.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=300),
    help="Seconds to wait for each server reply (overrides smtp.timeout).",
)
@click.option(
    "--subject-prefix",
    help="Put before the subject (overrides smtp.test_subject_prefix; '' for none).",
)
@click.option("--dry-run", is_flag=True, help="Print the envelope and headers; send nothing.")
@root_option
def send(
    slug: str,
    to: tuple[str, ...],
    smtp_host: str | None,
    smtp_port: int | None,
    security: str | None,
    smtp_user: str | None,
    timeout: float | None,
    subject_prefix: str | None,
    dry_run: bool,
    root: Path,
) -> None:
    """Build SLUG and send it as a test to the --to addresses over SMTP."""
    from newsletter.delivery.send import SendFailed, send_issue

    overrides = {
        "host": smtp_host,
        "port": smtp_port,
        "security": security,
        "user": smtp_user,
        "timeout": timeout,
    }
    try:
        send_issue(
            root,
            slug,
            to=list(to),
            overrides=overrides,
            subject_prefix=subject_prefix,
            dry_run=dry_run,
            env=os.environ,
            echo=click.echo,
        )
    except SendFailed as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("slug")
@click.option(
    "--service",
    required=True,
    type=click.Choice(EXPORT_SERVICES),
    help="Mailing service whose API body to write.",
)
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDRESS",
    help="Recipient for message APIs (SendGrid, Postmark, Mailgun, SES); repeatable.",
)
@click.option(
    "--list-id",
    help="List, audience, segment, contact list or unsubscribe group the service sends to.",
)
@click.option("--stream", default="broadcast", show_default=True, help="Postmark message stream.")
@root_option
def export(
    slug: str, service: str, to: tuple[str, ...], list_id: str | None, stream: str, root: Path
) -> None:
    """Write out/SLUG/SERVICE.json: the API request body for a mailing service."""
    from newsletter.delivery.export import Options
    from newsletter.delivery.export import export as run_export

    path, placeholders = run_export(
        root, slug, service=service, options=Options(to=to, list_id=list_id, stream=stream)
    )
    click.echo(f"wrote {path.relative_to(root).as_posix()}")
    if placeholders:
        click.echo(f"  fill in before posting: {', '.join(placeholders)}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI, turning every failure into one-line messages and an exit code.

    Ctrl-C at any moment ends it with exit code 130 and no traceback.
    """
    # pydantic looks for plugins in every installed package's metadata when it builds
    # the first model (tens of milliseconds); the command line uses none. Set the
    # variable (even to "") to have them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    as_process = argv is None
    if as_process:
        # Ctrl-C raises KeyboardInterrupt, caught below, and is remembered.
        signal.signal(signal.SIGINT, _ctrl_c)
        sys.unraisablehook = _unraisable
        # Loading a command makes some 100,000 objects that live to the end, and the
        # collector would walk them over and over: a twentieth of a cold build. It is
        # off until the command is loaded (a build: its first issue is written), then
        # they are frozen out of its way.
        gc.disable()
    try:
        args = list(sys.argv[1:] if argv is None else argv)
        debug = "--traceback" in args or os.environ.get("NEWSLETTER_DEBUG") == "1"
        args = [arg for arg in args if arg != "--traceback"]
        code = _run(args, debug=debug)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    if as_process:
        _exit_process(EXIT_INTERRUPTED if _pressed.ctrl_c else code)
    _exit(code)


class _Pressed:
    """Whether Ctrl-C was pressed while the command ran."""

    ctrl_c = False


_pressed = _Pressed()


def _ctrl_c(*_: object) -> None:
    _pressed.ctrl_c = True
    raise KeyboardInterrupt


def _unraisable(unraisable: Any) -> None:
    """Drop a Ctrl-C that landed in code Python runs for itself (a weakref callback).

    Python prints such an exception and goes on, so the command runs to its end, and
    then exits as interrupted; anything else is reported as Python would.
    """
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def _exit_process(code: int) -> None:
    """Exit with ``code``; a Ctrl-C from here on ends the process quietly, as interrupted."""
    try:
        signal.signal(signal.SIGINT, _interrupted)
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except OSError:
        # The reader went away (newsletter check | head): the exit's own flush would
        # fail again and print a traceback-like warning.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except ValueError:  # stdout closed
        pass
    _leave(code)


def _leave(code: int) -> None:
    """End the process with ``code`` once the atexit handlers have run.

    Python's own exit then frees every object of every loaded module one by one:
    about 100 ms after a build, a sixth of a cold one, for memory the system frees
    anyway. Nothing here needs it: files are closed, workers joined. A profiler or
    tracer running the command (cProfile, coverage) writes its report after main()
    returns, so then, and with NEWSLETTER_DEBUG=1, the exit is Python's own.
    """
    if _observed() or os.environ.get("NEWSLETTER_DEBUG") == "1":
        sys.exit(code)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)


def _observed() -> bool:
    """Tell whether a profiler, tracer or debugger watches this process."""
    if sys.getprofile() or sys.gettrace():
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12 and later
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def _interrupted(*_: object) -> None:
    """Handle Ctrl-C once the command is over: end now, as interrupted."""
    os._exit(EXIT_INTERRUPTED)


def _exit(code: int) -> None:
    if code:
        raise SystemExit(code)


def _run(args: list[str], *, debug: bool) -> int:
    """Run one command line; return its exit code."""
    try:
        # What cli.main does, without its handling of Ctrl-C (a blank line, then Abort).
        with cli.make_context("newsletter", args, color=_color()) as ctx:
            cli.invoke(ctx)
    except ContentError as error:
        for problem in error.problems:
            _error(str(problem))
        return EXIT_INVALID
    except click.exceptions.Abort:
        _error("aborted")
        return EXIT_FAILED
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "newsletter"
        _error(f"{error.format_message()} (see '{command} --help')")
        return EXIT_INVALID
    except click.ClickException as error:
        _error(error.format_message())
        return error.exit_code
    except CommandFailed as error:
        _error(str(error))
        return EXIT_FAILED
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILED
    except OSError as error:
        _debug(debug)
        _error(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        return EXIT_FAILED
    except Exception as error:
        _debug(debug)
        _error(f"{type(error).__name__}: {error} (run again with --traceback to report it)")
        return EXIT_FAILED
    return 0


def _color() -> bool | None:
    """Return False when NO_COLOR is set (https://no-color.org), else let click decide."""
    return False if os.environ.get("NO_COLOR") else None


def _error(message: str) -> None:
    """Print one error line: a line break or control character in it (from a user's
    argument, say) is shown escaped, so it can neither split the line nor drive the terminal."""
    shown = _UNPRINTABLE.sub(lambda match: ascii(match[0])[1:-1], message)
    click.echo(f"{click.style('error:', fg='red', bold=True)} {shown}", err=True, color=_color())


def _debug(enabled: bool) -> None:
    if enabled:
        import traceback

        traceback.print_exc()
