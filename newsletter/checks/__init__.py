"""Pre-send checks of a built email: what clips, breaks, mangles or bins it in real inboxes.

Each rule lives in the module of its family and registers itself with a stable id;
``newsletter.yaml`` can switch any of them off under ``checks: disable:``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsletter.checks import (  # noqa: F401 - importing a family registers its rules
    a11y,
    compliance,
    content,
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
from newsletter.errors import Problem
from newsletter.project import SETTINGS_FILE

if TYPE_CHECKING:
    from newsletter.checks.imagefetch import Pixels
    from newsletter.checks.linkcheck import LinkResult
    from newsletter.models import Settings
    from newsletter.pipeline import Rendered

__all__ = [
    "RULES",
    "RULE_IDS",
    "Email",
    "Finding",
    "Rule",
    "check",
    "failed",
    "image_urls",
    "link_urls",
    "run",
    "summary",
    "unknown_rules",
]

RULE_IDS = frozenset(RULES)


def unknown_rules(settings: Settings) -> list[Problem]:
    """Return a problem for each rule id in checks.disable that no rule has."""
    return [
        Problem(
            SETTINGS_FILE,
            f"unknown check rule {rule!r}; see README: checks for the rule ids",
            field=f"checks.disable[{index}]",
        )
        for index, rule in enumerate(settings.checks.disable)
        if rule not in RULE_IDS
    ]


def check(
    rendered: Rendered,
    *,
    links: dict[str, LinkResult] | None = None,
    pixels: dict[str, Pixels] | None = None,
) -> list[Finding]:
    """Run every enabled rule on a rendered issue, with --links results when given."""
    email = Email.of(rendered)
    email.pixels = dict(pixels or {})
    if links is not None:
        email.links = links
        for el in email.find("img"):
            result = links.get((el.get("src") or "").strip())
            if result is not None and result.length is not None:
                email.sizes[result.url] = result.length
    return run(email, disabled=rendered.settings.checks.disable)


def link_urls(email: Email) -> set[str]:
    """Return the http(s) URLs of the email's links and images (merge tags excluded)."""
    found = {href for _, href in links.web_links(email)}
    found.update((el.get("src") or "").strip() for el in email.find("img"))
    return {url for url in found if url.lower().startswith(("http://", "https://"))}


def image_urls(email: Email) -> set[str]:
    """Return the http(s) URLs of the email's images."""
    found = {(el.get("src") or "").strip() for el in email.find("img")}
    return {url for url in found if url.lower().startswith(("http://", "https://"))}
