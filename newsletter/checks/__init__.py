"""Pre-send checks of a built email: what clips, breaks, mangles or bins it in real inboxes.

Each rule lives in the module of its family and registers itself with a stable id;
``newsletter.yaml`` can switch any of them off under ``checks: disable:``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.checks import (  # noqa: F401 - importing a family registers its rules
    a11y,
    compliance,
    images,
    inbox,
    inlining,
    links,
    network,
    plaintext,
    size,
    support,
)
from newsletter.checks.engine import RULES, Email, Finding, Rule, run
from newsletter.checks.report import failed, summary

if TYPE_CHECKING:
    from newsletter.errors import Problem
    from newsletter.linkcheck import LinkResult

__all__ = [
    "RULES", "RULE_IDS", "Email", "Finding", "Report", "Rule", "check_issues", "failed", "run",
    "summary",
]

RULE_IDS = frozenset(RULES)


@dataclass
class Report:
    """The outcome of checking issues: which were checked, findings, and invalid content."""

    slugs: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_issues(root: Path, *, slugs: list[str] | None = None, links: bool = False) -> Report:
    """Build the issues in memory (nothing is written) and check each valid one.

    Invalid issues are listed in the report's problems rather than raised, so that the
    findings of the valid ones are not lost; invalid settings raise ContentError.
    """
    from newsletter import build as builder
    from newsletter.content import issue_paths, load_issue, load_settings
    from newsletter.errors import ContentError
    from newsletter.render import environment

    settings = load_settings(root)
    env = environment(root)
    emails: list[Email] = []
    report = Report()
    for path in issue_paths(root, slugs):
        try:
            loaded = load_issue(path, root=root)
            built = builder.build_issue(loaded, settings=settings, env=env)
        except ContentError as error:
            report.problems.extend(error.problems)
            continue
        report.slugs.append(built.slug)
        if not links:
            report.findings.extend(built.findings)  # the build already ran every rule
            continue
        files = built.files
        emails.append(Email(html=files["email.html"].decode(), text=files["email.txt"].decode(),
                            eml=files["email.eml"], slug=loaded.slug, settings=settings,
                            issue=loaded.issue))
    if links:
        # Run the rules again, now that they can see what the links answered.
        _check_links(emails)
        for email in emails:
            report.findings.extend(run(email, disabled=settings.checks.disable))
    return report


def _check_links(emails: list[Email]) -> None:
    """Check every web URL of the emails once, and give each email the results."""
    from newsletter.linkcheck import check_links

    wanted: set[str] = set()
    for email in emails:
        wanted.update(link_urls(email))
    results: dict[str, LinkResult] = check_links(wanted)
    for email in emails:
        email.links = results
        for el in email.find("img"):
            result = results.get((el.get("src") or "").strip())
            if result is not None and result.length is not None:
                email.sizes[result.url] = result.length


def link_urls(email: Email) -> set[str]:
    """Return the http(s) URLs of the email's links and images (merge tags excluded)."""
    found = {href for _, href in links.web_links(email)}
    found.update((el.get("src") or "").strip() for el in email.find("img"))
    return {url for url in found if url.lower().startswith(("http://", "https://"))}
