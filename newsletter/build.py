"""The build pipeline: content -> models -> rendered -> inlined -> written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from newsletter import mergetags, output
from newsletter.content import Loaded, issue_paths, load_issue, load_settings
from newsletter.errors import ContentError, Problem
from newsletter.inline import inline
from newsletter.message import build_message
from newsletter.models import Settings
from newsletter.render import context, environment, render_html, render_text

OUT_DIR = "out"
# Gmail clips HTML above about 102 KB; warn a little before that.
CLIP_BYTES = 102_000
WARN_BYTES = 90_000
MAX_LINE = 998


@dataclass(frozen=True)
class Built:
    """One issue, built in memory and ready to write."""

    slug: str
    files: dict[str, bytes]
    warnings: list[str]


def build(root: Path, *, slugs: list[str] | None = None) -> list[Built]:
    """Build the named issues (or all) into out/; raise ContentError listing every problem.

    Valid issues are written even when others are not; an invalid one leaves its
    previous output untouched.
    """
    settings = load_settings(root)
    env = environment(root)
    built: list[Built] = []
    problems: list[Problem] = []
    for path in issue_paths(root, slugs):
        try:
            result = build_issue(load_issue(path, root=root), settings=settings, env=env)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        output.write_issue(root / OUT_DIR / result.slug, result.files)
        built.append(result)
    if problems:
        raise ContentError(problems)
    return built


def build_issue(loaded: Loaded, *, settings: Settings, env: jinja2.Environment) -> Built:
    """Render, inline and package one issue in memory."""
    variables = context(settings, loaded.issue)
    html = inline(render_html(env, variables))
    text = render_text(env, variables)
    html = mergetags.apply(html, settings, html_output=True)
    text = mergetags.apply(text, settings, html_output=False)
    eml = build_message(
        settings=settings, issue=loaded.issue, slug=loaded.slug, html=html, text=text
    )
    files = {
        output.HTML_FILE: html.encode(),
        output.TEXT_FILE: text.encode(),
        output.EML_FILE: eml,
    }
    warnings = size_warnings(html=html, text=text)
    meta = {
        "subject": loaded.issue.subject,
        "preheader": loaded.issue.preheader,
        "date": loaded.issue.date.isoformat(),
        "from": f"{settings.sender.name} <{settings.sender.email}>",
        "reply_to": settings.reply_to,
        "mailing_service": settings.mailing_service,
    }
    files[output.MANIFEST_FILE] = output.manifest(
        slug=loaded.slug, meta=meta, files=files, warnings=warnings
    )
    return Built(loaded.slug, files, warnings)


def size_warnings(*, html: str, text: str) -> list[str]:
    """Warn about sizes that make inboxes clip or relays break the email."""
    warnings = []
    size = len(html.encode())
    if size > CLIP_BYTES:
        warnings.append(f"HTML is {size:,} bytes: Gmail clips above about 102 KB")
    elif size > WARN_BYTES:
        warnings.append(f"HTML is {size:,} bytes: close to Gmail's 102 KB clipping limit")
    for name, body in (("HTML", html), ("text", text)):
        longest = max(map(len, body.splitlines()), default=0)
        if longest > MAX_LINE:
            warnings.append(f"{name} has a line of {longest} characters: SMTP allows 998")
    return warnings
