"""The newsletter command: build, new, and the other commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from newsletter.errors import ContentError

EXIT_INVALID = 2
EXIT_FAILED = 1
# The names newsletter.export.SERVICES knows, listed here to keep the CLI import light.
EXPORT_SERVICES = (
    "brevo", "kit", "listmonk", "mailchimp", "mailgun", "postmark", "sendgrid", "ses",
)

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
    from newsletter.checks import summary

    for built in run_build(root, slugs=list(slugs) or None):
        size = len(built.files["email.html"])
        click.echo(f"built out/{built.slug}/ (HTML {size / 1000:.1f} KB)")
        if built.findings:
            click.echo(f"  checks: {summary(built.findings)} (run newsletter check for details)")
        else:
            click.echo("  checks: passed")


@cli.command()
@click.argument("slugs", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON, for CI.")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--links", is_flag=True,
              help="Also request every link and image URL and report broken ones.")
@root_option
def check(slugs: tuple[str, ...], as_json: bool, strict: bool, links: bool, root: Path) -> None:
    """Check issues (all, or the SLUGS named) for what breaks email in real inboxes.

    Exits 0 when clean, 1 on errors (or warnings with --strict), 2 on invalid content.
    """
    from newsletter.checks import check_issues, failed
    from newsletter.checks.report import render_json, render_table

    report = check_issues(root, slugs=list(slugs) or None, links=links)
    click.echo(render_json(report) if as_json else render_table(report))
    if report.problems:
        raise ContentError(report.problems)
    if failed(report.findings, strict=strict):
        sys.exit(EXIT_FAILED)


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


@cli.command()
@click.argument("slug", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=4717, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the preview on this machine.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@root_option
def preview(slug: str | None, port: int, host: str, open_browser: bool, root: Path) -> None:
    """Preview issues (or SLUG) in a browser, rebuilding as content and templates change."""
    from newsletter.preview import serve

    serve(root, slug=slug, host=host, port=port, open_browser=open_browser, echo=click.echo)


@cli.command()
@click.argument("slug")
@click.option("--to", "to", multiple=True, required=True, metavar="ADDRESS",
              help="Test recipient; repeat for more.")
@click.option("--smtp-host", help="SMTP server (overrides smtp.host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="SMTP port (overrides smtp.port).")
@click.option("--security", type=click.Choice(["starttls", "ssl", "none"]),
              help="Connection security (overrides smtp.security).")
@click.option("--smtp-user", help="Login name (overrides smtp.user); the password is read "
              "from NEWSLETTER_SMTP_PASSWORD.")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=300),
              help="Seconds to wait for each server reply (overrides smtp.timeout).")
@click.option("--subject-prefix", help="Put before the subject (overrides "
              "smtp.test_subject_prefix; '' for none).")
@click.option("--dry-run", is_flag=True, help="Print the envelope and headers; send nothing.")
@root_option
def send(slug: str, to: tuple[str, ...], smtp_host: str | None, smtp_port: int | None,
         security: str | None, smtp_user: str | None, timeout: float | None,
         subject_prefix: str | None, dry_run: bool, root: Path) -> None:
    """Build SLUG and send it as a test to the --to addresses over SMTP."""
    import os

    from newsletter.send import SendFailed, send_issue

    overrides = {"host": smtp_host, "port": smtp_port, "security": security,
                 "user": smtp_user, "timeout": timeout}
    try:
        send_issue(root, slug, to=list(to), overrides=overrides, subject_prefix=subject_prefix,
                   dry_run=dry_run, env=os.environ, echo=click.echo)
    except SendFailed as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("slug")
@click.option("--service", required=True, type=click.Choice(EXPORT_SERVICES),
              help="Mailing service whose API body to write.")
@click.option("--to", "to", multiple=True, metavar="ADDRESS",
              help="Recipient for message APIs (SendGrid, Postmark, Mailgun, SES); repeatable.")
@click.option("--list-id", help="List, audience, segment, contact list or unsubscribe group "
              "the service sends to.")
@click.option("--stream", default="broadcast", show_default=True,
              help="Postmark message stream.")
@root_option
def export(slug: str, service: str, to: tuple[str, ...], list_id: str | None, stream: str,
           root: Path) -> None:
    """Write out/SLUG/SERVICE.json: the API request body for a mailing service."""
    from newsletter.export import Options
    from newsletter.export import export as run_export

    path, placeholders = run_export(root, slug, service=service,
                                    options=Options(to=to, list_id=list_id, stream=stream))
    click.echo(f"wrote {path.relative_to(root).as_posix()}")
    if placeholders:
        click.echo(f"  fill in before posting: {', '.join(placeholders)}")


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
