"""newsletter publish: an issue as a draft campaign at a mailing service, never twice."""

from __future__ import annotations

import os
from pathlib import Path

import click

from newsletter.cli.options import root_option, slugs_of
from newsletter.errors import CommandFailed
from newsletter.services import NO_DRAFTS, PUBLISHERS

PUBLISH_SERVICES = tuple(sorted({*PUBLISHERS, *NO_DRAFTS}))


@click.command(short_help="Create or update a draft campaign at a mailing service.")
@click.argument("slugs", nargs=-1, required=True, metavar="SLUG...")
@click.option(
    "--service",
    required=True,
    type=click.Choice(PUBLISH_SERVICES),
    help="Mailing service to make the draft at; credentials come from the environment.",
)
@click.option("--plan", "plan_only", is_flag=True, help="Print what would be done; change nothing.")
@click.option("--allow-draft", is_flag=True, help="Publish an issue whose status is still draft.")
@click.option(
    "--schedule",
    metavar="TIME",
    help="Schedule the campaign, e.g. 2026-06-12T07:00 (in the newsletter's time zone).",
)
@click.option(
    "--reschedule", is_flag=True, help="Unschedule a scheduled campaign to update it (Mailchimp)."
)
@click.option(
    "--edition", metavar="ID", help="Publish (or sync) only this edition; default: every edition."
)
@click.option("--sync", "sync_only", is_flag=True, help="Record the campaigns' status; mark sent.")
@root_option
def publish(
    slugs: tuple[str, ...],
    service: str,
    plan_only: bool,
    allow_draft: bool,
    schedule: str | None,
    reschedule: bool,
    edition: str | None,
    sync_only: bool,
    root: Path,
) -> None:
    """Create (or update) a draft campaign per issue (per edition); nothing is sent.

    \b
    Example:
      newsletter publish 2026-06-12 --service listmonk --plan
      newsletter publish 2026-06-12 --service listmonk
    """
    from newsletter.delivery.publish import Options, publish, sync

    names = slugs_of(slugs) or []
    options = Options(
        service=service,
        env=os.environ,
        allow_draft=allow_draft,
        schedule=schedule,
        reschedule=reschedule,
        edition=edition,
    )
    if sync_only:
        for line in sync(root, names, options=options):
            click.echo(line)
        return
    done = publish(root, names, options=options, plan_only=plan_only)
    for item in done:
        for line in item.lines():
            click.echo(line)
    refused = list(dict.fromkeys(item.step.label for item in done if item.step.action == "refuse"))
    if refused:
        raise CommandFailed(f"refused: {', '.join(refused)}; nothing was changed for them")
