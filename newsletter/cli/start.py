"""Starting things: newsletter init (a newsletter), new (an issue), templates (to edit)."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import click

from newsletter.cli.options import folder_at, project_at, root_option
from newsletter.project import Project
from newsletter.services import PROFILES

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command(short_help="Start the next issue as a draft.")
@click.argument("slug")
@click.option(
    "--date",
    "date",
    type=DATE,
    metavar="YYYY-MM-DD",
    help="Issue date (default: the slug when it is a date, else today).",
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
    type=DATE,
    metavar="YYYY-MM-DD",
    help="With --from-feed(s): take items from this date on (default: the date of "
    "the previous issue).",
)
@click.option(
    "--max",
    "max_items",
    type=click.IntRange(min=1),
    metavar="N",
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
    """Start content/issues/SLUG.md as a draft whose every text says what to write.

    \b
    Examples:
      newsletter new 2026-06-12
      newsletter new 2026-06-12 --from-feeds
      newsletter new 2026-06-12 --copy-from 2026-06-05
    """
    project = folder_at(root)
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
            echo=click.echo,
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
    click.echo(f"created {project.relative(path)} ({draft_advice(path)})")


def draft_advice(path: Path) -> str:
    """Return what to do next with a new draft: how many prompts to fill in, then check."""
    from newsletter.models.fields import PROMPT

    count = len(PROMPT.findall(path.read_text(encoding="utf-8")))
    if not count:
        return "a draft: read it through, then run newsletter check"
    prompts = f"{count} [[...]] prompt{'s' * (count != 1)}"
    return f"a draft: fill in its {prompts}, then run newsletter check"


@click.command(short_help="Start a newsletter folder.")
@click.argument(
    "folder", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path(".")
)
@click.option("--name", metavar="TEXT", help="Name of the newsletter.")
@click.option("--website", metavar="URL", help="Home page of the publication, https://...")
@click.option("--sender-email", metavar="ADDRESS", help="Address the newsletter is sent from.")
@click.option(
    "--address", metavar="TEXT", help="Postal address of the sender (required in every mailing)."
)
@click.option(
    "--service",
    type=click.Choice(sorted(PROFILES)),
    default="none",
    show_default=True,
    help="Mailing service whose merge tags to use; its own tag fills the unsubscribe link.",
)
@click.option(
    "--unsubscribe-url",
    metavar="URL",
    help="Your unsubscribe page, https://... (needed with --service none).",
)
@click.option(
    "--templates",
    "with_templates",
    is_flag=True,
    help="Also copy the built-in templates into templates/ to edit.",
)
@click.option(
    "--ci",
    type=click.Choice(["github"]),
    help="Also write a CI workflow that builds, checks and publishes drafts on push to "
    "main; in a folder that has a newsletter already, write only the workflow.",
)
def init(
    folder: Path,
    name: str | None,
    website: str | None,
    sender_email: str | None,
    address: str | None,
    service: str,
    unsubscribe_url: str | None,
    with_templates: bool,
    ci: str | None,
) -> None:
    """Start a newsletter in FOLDER (default: here): settings, a first draft, out/.

    Options not given leave a [[...]] placeholder: build and preview work with them,
    check, export and send do not. Each option is checked at once.

    \b
    Examples:
      newsletter init town-news --name "Town News" --website https://town.example/ \\
          --sender-email news@town.example --address "1 High Street, Town" \\
          --unsubscribe-url https://town.example/unsubscribe
      newsletter init --ci github
    """
    from newsletter.content.scaffold import Starter, init_folder

    project = Project(folder)
    if ci and project.settings_path.exists():
        _write_ci(project, service=service)
        return
    if ci:
        from newsletter.delivery.ci import refuse_existing_workflow

        refuse_existing_workflow(project)  # before anything is written
    starter = Starter(
        name=name,
        website=website,
        sender_email=sender_email,
        address=address,
        service=service,
        unsubscribe_url=unsubscribe_url,
    )
    created = init_folder(
        folder, starter=starter, today=dt.date.today(), with_templates=with_templates
    )
    for path in created:
        click.echo(f"created {Project(folder).relative(path)}")
    if ci:
        _write_ci(project, service=service, fresh=True)
    _next_steps(folder)


def _next_steps(folder: Path) -> None:
    """Print the three commands that come next in a new newsletter folder."""
    click.echo("next:")
    if folder != Path("."):
        click.echo(f"  cd {shlex.quote(str(folder))}")
    click.echo("  newsletter build            # the first draft, into out/")
    click.echo("  newsletter preview --open   # see it in a browser as you edit")
    click.echo("  newsletter check            # what is left to fill in before sending")


def _write_ci(project: Project, *, service: str, fresh: bool = False) -> None:
    """Write the GitHub workflow, publishing to the services the settings name."""
    from newsletter.delivery.ci import PUBLISHERS, publish_services, write_github_workflow

    if fresh:  # the starter settings name no service under publish: yet
        services = [service] if service in PUBLISHERS else []
    else:
        services = publish_services(project, fallback=service)
    path = write_github_workflow(project, services=services)
    click.echo(f"created {project.relative(path)}")
    if services:
        click.echo(
            f"next: add the secrets it names ({', '.join(services)}) to the repository's "
            "Actions secrets"
        )
    else:
        click.echo("it builds and checks only: name a service under publish: to publish drafts")


@click.group(invoke_without_command=True, short_help="List or copy the built-in templates.")
@click.pass_context
def templates(ctx: click.Context) -> None:
    """List the built-in templates, or copy them into templates/ to edit.

    \b
    Examples:
      newsletter templates list
      newsletter templates copy blocks/story.html
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@templates.command("list", short_help="List the built-in templates.")
@root_option
def templates_list(root: Path) -> None:
    """List the built-in templates, marking those the folder overrides."""
    from newsletter.project import BUILTIN_TEMPLATES

    project = Project(root)
    for path in sorted(BUILTIN_TEMPLATES.rglob("*")):
        if path.is_file():
            name = path.relative_to(BUILTIN_TEMPLATES).as_posix()
            own = (project.templates_dir / name).is_file()
            click.echo(f"{name}{'  (overridden in templates/)' if own else ''}")


@templates.command("copy", short_help="Copy built-in templates to edit.")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@root_option
def templates_copy(names: tuple[str, ...], root: Path) -> None:
    """Copy built-in templates (all, or the NAMEs given) into templates/ to edit."""
    from newsletter.content.scaffold import copy_templates

    project = project_at(root)
    for path in copy_templates(project, list(names)):
        click.echo(f"copied {project.relative(path)}")


@click.command(short_help="Mark an issue draft, ready or sent.")
@click.argument("slug")
@click.argument("status", type=click.Choice(["draft", "ready", "sent"]), metavar="ready|sent|draft")
@root_option
def mark(slug: str, status: str, root: Path) -> None:
    """Set the status of content/issues/SLUG.md: draft, then ready, then sent.

    Only the status line of the file changes. A ready issue goes in the web archive
    and can be exported; a sent one is what check compares new issues with.

    \b
    Examples:
      newsletter mark 2026-06-12 ready
      newsletter mark 2026-06-12 sent
    """
    from newsletter.content.status import mark as set_status

    project = folder_at(root)
    before = set_status(project, slug.removesuffix(".md"), status)
    file = project.issue_file(slug.removesuffix(".md"))
    if before == status:
        click.echo(f"{file} is already {status}")
    else:
        click.echo(f"marked {file} {status} (was {before})")
