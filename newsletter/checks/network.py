"""Rules on the results of ``newsletter check --links``: broken links and http redirects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsletter.checks.engine import Email, Hit, rule


def _targets(email: Email) -> Iterator[tuple[Any, str]]:
    for el in email.find("a"):
        yield el, (el.get("href") or "").strip()
    for el in email.find("img"):
        yield el, (el.get("src") or "").strip()


def _results(email: Email) -> Iterator[tuple[Any, str, Any]]:
    """Yield each checked link or image once, with what its URL answered (--links only)."""
    if email.links is None:
        return
    seen: set[str] = set()
    for el, url in _targets(email):
        result = email.links.get(url)
        if result is not None and url not in seen:
            seen.add(url)
            yield el, url, result


@rule(
    "link.broken",
    severity="error",
    rationale="A link or image that answers 4xx or 5xx is broken for every reader "
    "(checked with --links).",
    source="https://www.rfc-editor.org/rfc/rfc9110#section-15",
)
def broken(email: Email) -> Iterator[Hit]:
    """Flag URLs that answered with an HTTP error or could not be reached."""
    for el, url, result in _results(email):
        if not result.ok:
            yield Hit(email.locate(el), f"{url} {result.problem}: fix or remove the link")


@rule(
    "link.redirect-http",
    severity="warning",
    rationale="A link that redirects to plain http sends readers to an insecure page "
    "(checked with --links).",
    source="https://www.rfc-editor.org/rfc/rfc9110#section-15.4",
)
def redirect_http(email: Email) -> Iterator[Hit]:
    """Flag URLs whose redirects lead to an http:// address."""
    for el, url, result in _results(email):
        if result.insecure_redirect:
            yield Hit(
                email.locate(el),
                f"{url} redirects to {result.insecure_redirect}: "
                "link to the final https:// address",
            )
