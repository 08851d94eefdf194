"""Compliance rules: the unsubscribe link, the postal address and one-click unsubscribe."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsletter.checks.engine import (
    HTML_FILE,
    TEXT_FILE,
    Email,
    Hit,
    Where,
    header,
    normalise,
    rule,
)
from newsletter.render import mergetags

_UNSUBSCRIBE_WORDS = re.compile(r"unsubscribe|opt[ -]?out", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|mailto:)\S+", re.IGNORECASE)


def unsubscribe_target(email: Email) -> str | None:
    """Return what the unsubscribe slot holds for this email's settings: a tag or a URL."""
    if email.settings is None:
        return None
    return mergetags.values(email.settings)[mergetags.UNSUBSCRIBE]


def _html_has_unsubscribe(email: Email, target: str | None) -> bool:
    for el in email.find("a"):
        href = (el.get("href") or "").strip()
        if href and (href == target or _UNSUBSCRIBE_WORDS.search(email.link_text(el))):
            return True
    return False


def _text_has_unsubscribe(email: Email, target: str | None) -> bool:
    if target and target in email.text:
        return True
    lines = email.text.splitlines()
    for index, line in enumerate(lines):
        if _UNSUBSCRIBE_WORDS.search(line) and _URL.search(" ".join(lines[index : index + 2])):
            return True
    return False


@rule(
    "compliance.unsubscribe",
    severity="error",
    rationale="Every marketing email needs a visible way to opt out (CAN-SPAM, PECR); "
    "Gmail and Yahoo require one from bulk senders.",
    source="https://www.ftc.gov/business-guidance/resources/can-spam-act-compliance-guide-business",
)
def unsubscribe(email: Email) -> Iterator[Hit]:
    """Flag an HTML or text version without an unsubscribe link."""
    target = unsubscribe_target(email)
    if not _html_has_unsubscribe(email, target):
        yield Hit(
            Where(f"{HTML_FILE} footer", HTML_FILE),
            "no unsubscribe link in the HTML: keep {{ unsubscribe_url }} in the footer",
        )
    if not _text_has_unsubscribe(email, target):
        yield Hit(
            Where(f"{TEXT_FILE} footer", TEXT_FILE),
            "no unsubscribe link in the text: keep {{ unsubscribe_url }} in email.txt",
        )


@rule(
    "compliance.address",
    severity="error",
    rationale="A valid postal address of the sender must be in every marketing email "
    "(CAN-SPAM, PECR).",
    source="https://www.ftc.gov/business-guidance/resources/can-spam-act-compliance-guide-business",
)
def address(email: Email) -> Iterator[Hit]:
    """Flag an HTML or text version that lacks the postal address from the settings."""
    if email.settings is None:
        return
    lines = [normalise(line) for line in email.settings.postal_address.splitlines()]
    lines = [line for line in lines if line]
    html_text = normalise(email.body.text_content())
    plain = normalise(email.text)
    for name, content in ((HTML_FILE, html_text), (TEXT_FILE, plain)):
        missing = [line for line in lines if line not in content]
        if missing:
            yield Hit(
                Where(f"{name} footer", name),
                f"postal address line {missing[0]!r} is "
                "missing: keep settings.postal_address in the footer",
            )


@rule(
    "compliance.one-click",
    severity="warning",
    rationale="Gmail and Yahoo require bulk senders to offer one-click unsubscribe with "
    "List-Unsubscribe and List-Unsubscribe-Post headers (a mailto alone does not qualify).",
    source="https://www.rfc-editor.org/rfc/rfc8058",
)
def one_click(email: Email) -> Iterator[Hit]:
    """Flag a message without one-click unsubscribe headers where the email must carry them.

    That is when list unsubscribe settings are given, or when no mailing service fills in
    the unsubscribe link (so the message is sent as built); services that do add the
    headers themselves when they send.
    """
    settings = email.settings
    message = email.headers
    if settings is None or message is None:
        return
    own = mergetags.PROFILES[settings.mailing_service].unsubscribe is None
    if not (own or settings.list_unsubscribe_url or settings.list_unsubscribe_mailto):
        return
    listed = str(message.get("List-Unsubscribe", ""))
    post = normalise(str(message.get("List-Unsubscribe-Post", "")))
    if not re.search(r"<https://[^>]+>", listed):
        yield Hit(
            header("List-Unsubscribe"),
            "no List-Unsubscribe header with an https URL: "
            "set list_unsubscribe_url in newsletter.yaml to an endpoint that "
            "unsubscribes on POST (RFC 8058)",
        )
    elif post.lower() != "list-unsubscribe=one-click":
        yield Hit(
            header("List-Unsubscribe-Post"),
            "no List-Unsubscribe-Post header: add "
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        )
