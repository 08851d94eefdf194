"""newsletter preview: the email in a browser, rebuilt as content and templates change."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.options import root_option


@click.command(short_help="Preview issues in a browser as you write.")
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
    metavar="ADDRESS",
    help="Address to listen on; the default keeps the preview on this machine.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@root_option
def preview(slug: str | None, port: int, host: str, open_browser: bool, root: Path) -> None:
    """Preview issues (or SLUG) in a browser, rebuilding on every change.

    \b
    Example:
      newsletter preview 2026-06-12 --open
    """
    from newsletter.preview.server import serve

    serve(root, slug=slug, host=host, port=port, open_browser=open_browser, echo=click.echo)
