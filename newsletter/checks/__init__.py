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

if TYPE_CHECKING:
    from newsletter.checks.imagefetch import Pixels
    from newsletter.checks.linkcheck import LinkResult
    from newsletter.checks.render.look import Looked
    from newsletter.models import Issue
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
]

# The rule families, imported on first use: a command that only reads findings (a
# build whose issues are unchanged, say) does not load the rules and what they import.
FAMILIES = (
    "a11y",
    "compliance",
    "content",
    "editions",
    "images",
    "inbox",
    "inlining",
    "links",
    "network",
    "plaintext",
    "render",
    "size",
    "support",
    "tracking",
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


def check(
    rendered: Rendered,
    *,
    links: dict[str, LinkResult] | None = None,
    pixels: dict[str, Pixels] | None = None,
    looked: Looked | None = None,
    sent: dict[str, Issue] | None = None,
) -> list[Finding]:
    """Run every enabled rule on a rendered issue, with --links and --render results if given.

    ``sent`` holds the issues marked sent, for the rule that spots a copy of one.
    """
    email = Email.of(rendered)
    email.looked = looked
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
