"""Pre-send checks of a built email: what clips, breaks, mangles or bins it in real inboxes.

Each rule lives in the module of its family and registers itself with a stable id;
``newsletter.yaml`` can switch any of them off under ``checks: disable:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from newsletter.checks import engine
from newsletter.checks.engine import Email, Finding, Rule
from newsletter.checks.report import failed, summary
from newsletter.errors import Problem
from newsletter.project import SETTINGS_FILE

if TYPE_CHECKING:
    from newsletter.checks.imagefetch import Pixels
    from newsletter.checks.linkcheck import LinkResult
    from newsletter.models import Issue, Settings
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
    "rules",
    "run",
    "summary",
    "unknown_rules",
]

# The rule families, imported on first use: a command that only reads findings (a
# build whose issues are unchanged, say) does not load the rules and what they import.
FAMILIES = (
    "a11y",
    "compliance",
    "content",
    "images",
    "inbox",
    "inlining",
    "links",
    "network",
    "plaintext",
    "size",
    "support",
)


def rules() -> dict[str, Rule]:
    """Return every rule by id, importing the rule families (which register them) once."""
    for family in FAMILIES:
        import_module(f"{__name__}.{family}")
    return engine.RULES


def __getattr__(name: str) -> Any:
    """Load RULES, RULE_IDS and the family modules when first asked for."""
    if name == "RULES":
        return rules()
    if name == "RULE_IDS":
        return frozenset(rules())
    if name in FAMILIES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(email: Email, *, disabled: Iterable[str] = ()) -> list[Finding]:
    """Run every enabled rule on the email and return its findings, errors first."""
    rules()
    return engine.run(email, disabled=disabled)


def unknown_rules(settings: Settings) -> list[Problem]:
    """Return a problem for each rule id in checks.disable that no rule has."""
    return [
        Problem(
            SETTINGS_FILE,
            f"unknown check rule {rule!r}; see README: checks for the rule ids",
            field=f"checks.disable[{index}]",
        )
        for index, rule in enumerate(settings.checks.disable)
        if rule not in rules()
    ]


def check(
    rendered: Rendered,
    *,
    links: dict[str, LinkResult] | None = None,
    pixels: dict[str, Pixels] | None = None,
    sent: dict[str, Issue] | None = None,
) -> list[Finding]:
    """Run every enabled rule on a rendered issue, with --links results when given.

    ``sent`` holds the issues marked sent, for the rule that spots a copy of one.
    """
    email = Email.of(rendered)
    email.pixels = dict(pixels or {})
    email.sent = sent
    if links is not None:
        email.links = links
        for el in email.find("img"):
            result = links.get((el.get("src") or "").strip())
            if result is not None and result.length is not None:
                email.sizes[result.url] = result.length
    return run(email, disabled=rendered.settings.checks.disable)


def link_urls(email: Email) -> set[str]:
    """Return the http(s) URLs of the email's links and images (merge tags excluded)."""
    from newsletter.checks.links import web_links

    found = {href for _, href in web_links(email)}
    found.update((el.get("src") or "").strip() for el in email.find("img"))
    return {url for url in found if url.lower().startswith(("http://", "https://"))}


def image_urls(email: Email) -> set[str]:
    """Return the http(s) URLs of the email's images."""
    found = {(el.get("src") or "").strip() for el in email.find("img")}
    return {url for url in found if url.lower().startswith(("http://", "https://"))}
