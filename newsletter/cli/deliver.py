"""Getting an issue out: newsletter send (a test over SMTP) and export (a service's API body)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from newsletter.cli.options import root_option
from newsletter.errors import CommandFailed
from newsletter.services import EXPORTS

EXPORT_SERVICES = tuple(sorted(EXPORTS))


@click.command(short_help="Send an issue as a test over SMTP.")
@click.argument("slug")
@click.option(
    "--to",
    "to",
    multiple=True,
    required=True,
    metavar="ADDRESS",
    help="Test recipient; repeat for more.",
)
@click.option("--smtp-host", metavar="HOST", help="SMTP server (overrides smtp.host).")
@click.option(
    "--smtp-port",
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="SMTP port (overrides smtp.port).",
)
@click.option(
    "--security",
    type=click.Choice(["starttls", "ssl", "none"]),
    help="Connection security (overrides smtp.security).",
)
@click.option(
    "--smtp-user",
    metavar="NAME",
    help="Login name (overrides smtp.user); the password is read from NEWSLETTER_SMTP_PASSWORD.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=300),
    metavar="SECONDS",
    help="Seconds to wait for each server reply (overrides smtp.timeout).",
)
@click.option(
    "--subject-prefix",
    metavar="TEXT",
    help="Put before the subject (overrides smtp.test_subject_prefix; '' for none).",
)
@click.option("--dry-run", is_flag=True, help="Print the envelope and headers; send nothing.")
@click.option(
    "--edition",
    metavar="ID",
    help="The edition to send (required, and only allowed, for a newsletter with editions).",
)
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
    edition: str | None,
    root: Path,
) -> None:
    """Build SLUG and send it as a test to the --to addresses over SMTP.

    An issue or settings still holding [[...]] prompts or starter placeholders is
    refused (--dry-run shows it anyway).

    \b
    Example:
      newsletter send 2026-06-12 --to editor@example.org --dry-run
    """
    from newsletter.delivery.send import SendFailed, send_issue

    overrides: dict[str, object] = {
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
            edition=edition,
        )
    except SendFailed as error:
        raise CommandFailed(str(error)) from None


@click.command(short_help="Write a mailing service's API request body.")
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
    metavar="ID",
    help="List, audience, segment, contact list or unsubscribe group the service sends to.",
)
@click.option("--stream", metavar="NAME", help="Postmark message stream (default: broadcast).")
@click.option("--allow-draft", is_flag=True, help="Export an issue still marked draft.")
@click.option(
    "--edition",
    metavar="ID",
    help="Only this edition (default: each edition, to out/SLUG/EDITION/SERVICE.json).",
)
@root_option
def export(
    slug: str,
    service: str,
    to: tuple[str, ...],
    list_id: str | None,
    stream: str | None,
    allow_draft: bool,
    edition: str | None,
    root: Path,
) -> None:
    """Write out/SLUG/SERVICE.json: the API request body for a mailing service.

    The issue must be marked ready (see newsletter mark) and hold no [[...]] prompts,
    nor the settings a starter placeholder. Options a service does not use are refused.

    \b
    Example:
      newsletter export 2026-06-12 --service mailchimp --list-id a1b2c3
    """
    from newsletter.delivery.export import Options, export_editions, refuse_unused

    options = Options(to=to, list_id=list_id, stream=stream)
    refuse_unused(service, options)
    written = export_editions(
        root, slug, service=service, options=options, allow_draft=allow_draft, only=edition
    )
    for path, placeholders in written:
        click.echo(f"wrote {path.relative_to(root).as_posix()}")
        if placeholders:
            click.echo(f"  fill in before posting: {', '.join(placeholders)}")
