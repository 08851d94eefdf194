"""newsletter help: the content, settings and check reference, from the installed package."""

from __future__ import annotations

import click


@click.command("help", short_help="Show the content and settings reference.")
@click.argument("topic", required=False)
def help_command(topic: str | None) -> None:
    """Show the reference for TOPIC: settings, issue, a block type, or checks.

    \b
    Examples:
      newsletter help settings
      newsletter help lead
      newsletter help checks
    """
    from newsletter.reference import text, topics

    known = topics()
    if topic is None:
        click.echo("Topics (newsletter help TOPIC):")
        width = max(map(len, known))
        for name, about in known.items():
            click.echo(f"  {name.ljust(width)}  {about}")
        return
    if topic not in known:
        raise click.BadParameter(
            f"{topic!r} is not a topic; choose from {', '.join(known)}", param_hint="TOPIC"
        )
    if _paged():
        click.echo_via_pager(text(topic))
    else:
        click.echo(text(topic), nl=False)


def _paged() -> bool:
    """Page long help on a terminal, as git and man do."""
    import sys

    return sys.stdout.isatty()
