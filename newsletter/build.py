"""The build pipeline: content -> models -> rendered -> inlined -> written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from newsletter import checks, mergetags, output
from newsletter.checks import size as size_checks
from newsletter.content import Loaded, issue_paths, load_issue, load_settings
from newsletter.errors import ContentError, Problem
from newsletter.inline import inline
from newsletter.message import build_message
from newsletter.models import Settings
from newsletter.render import context, environment, render_html, render_text

OUT_DIR = "out"
# Gmail clips HTML above about 102 KB (checked by the size.clip rule).
CLIP_BYTES = size_checks.CLIP_BYTES


@dataclass(frozen=True)
class Built:
    """One issue, built in memory and ready to write."""

    slug: str
    files: dict[str, bytes]
    findings: list[checks.Finding] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Return the findings as one line each."""
        return [str(finding) for finding in self.findings]


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
    email = checks.Email(html=html, text=text, eml=eml, slug=loaded.slug, settings=settings,
                         issue=loaded.issue)
    built = Built(loaded.slug, files, checks.run(email, disabled=settings.checks.disable))
    meta = {
        "subject": loaded.issue.subject,
        "preheader": loaded.issue.preheader,
        "date": loaded.issue.date.isoformat(),
        "from": f"{settings.sender.name} <{settings.sender.email}>",
        "reply_to": settings.reply_to,
        "mailing_service": settings.mailing_service,
        "checks": [finding.as_dict() for finding in built.findings],
    }
    files[output.MANIFEST_FILE] = output.manifest(
        slug=loaded.slug, meta=meta, files=files, warnings=built.warnings
    )
    return built
