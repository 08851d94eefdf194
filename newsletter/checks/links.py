"""Link rules: where links go and what their text says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from newsletter.checks.engine import Email, Hit, rule, visible_text
from newsletter.models import is_web_url
from newsletter.models.fields import is_prompt_url
from newsletter.render import mergetags
from newsletter.services import Profile

# Link text that says nothing about where the link goes when read on its own.
VAGUE = frozenset(
    {
        "click",
        "click here",
        "here",
        "read more",
        "more",
        "learn more",
        "link",
        "this",
        "this link",
        "go",
        "continue",
        "details",
        "more info",
        "more information",
        "find out more",
        "see more",
        "read on",
        "info",
        "tap here",
        "view",
    }
)
_RAW_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.\S+/|[\w-]+(?:\.[\w-]+)+/)\S*$", re.I)
_TRIM = re.compile(r"^[\W_]+|[\W_]+$")


def _tags(profile: Profile) -> set[str]:
    return profile.tags()


ALL_TAGS = frozenset(tag for profile in mergetags.PROFILES.values() for tag in _tags(profile))


def merge_tags(email: Email) -> frozenset[str]:
    """Return the merge tags that may stand in for a URL in this email.

    Those of the settings' mailing service; any service's without settings. The settings'
    own URLs (unsubscribe_url, view_online_url) are not tags: they are checked like any link.
    """
    if email.settings is None:
        return ALL_TAGS
    return frozenset(_tags(mergetags.PROFILES[email.settings.mailing_service]))


def web_links(email: Email, *, unique: bool = False) -> Iterator[tuple[Any, str]]:
    """Yield (element, href) for each <a> with an href that is not a merge tag.

    With ``unique``, only the first link to each URL is yielded.
    """
    tags = merge_tags(email)
    seen: set[str] = set()
    for el in email.find("a"):
        href = (el.get("href") or "").strip()
        if href and href not in tags and not (unique and href in seen):
            seen.add(href)
            yield el, href


def link_text(el: Any) -> str:
    """Return what a screen reader announces for a link: aria-label, else text and alt.

    Rules use ``email.link_text(el)``, which remembers it for the other rules.
    """
    label = (el.get("aria-label") or "").strip()
    return label or visible_text(el)


@rule(
    "link.href",
    severity="error",
    rationale="A link with no target does nothing when tapped.",
    source="https://html.spec.whatwg.org/multipage/links.html#attr-hyperlink-href",
)
def empty_href(email: Email) -> Iterator[Hit]:
    """Flag links without an href or with an empty one."""
    for el in email.find("a"):
        if not (el.get("href") or "").strip() and el.get("name") is None:
            yield Hit(email.locate(el), "link has no href: give it a URL or remove the link")


@rule(
    "link.javascript",
    severity="error",
    rationale="Email clients strip scripts and javascript: links; they do nothing or are "
    "removed, and spam filters penalise them.",
    source="https://www.caniemail.com/features/html-script/",
)
def javascript(email: Email) -> Iterator[Hit]:
    """Flag javascript: links."""
    for el, href in web_links(email, unique=True):
        if re.sub(r"\s", "", href).lower().startswith("javascript:"):
            yield Hit(
                email.locate(el),
                "javascript: link: email clients do not run it; link to a web page instead",
            )


@rule(
    "link.absolute",
    severity="error",
    rationale="An email has no base URL: relative links and page anchors go nowhere.",
    source="https://www.rfc-editor.org/rfc/rfc3986#section-4.3",
)
def absolute(email: Email) -> Iterator[Hit]:
    """Flag links that are not absolute http(s), mailto: or tel: URLs."""
    for el, href in web_links(email, unique=True):
        if urlsplit(href).scheme.lower() in ("mailto", "tel", "sms", "javascript"):
            continue
        if not is_web_url(href) and not is_prompt_url(href):
            yield Hit(
                email.locate(el),
                f"link {href!r} is not an absolute URL: use the full https://... address",
            )


@rule(
    "link.https",
    severity="warning",
    rationale="Plain http links show browser warnings, can be altered in transit and "
    "look less trustworthy to spam filters.",
    source="https://www.rfc-editor.org/rfc/rfc8996",
)
def https(email: Email) -> Iterator[Hit]:
    """Flag links over plain http, once per URL."""
    for el, href in web_links(email, unique=True):
        if href.lower().startswith("http://"):
            yield Hit(email.locate(el), f"link {href!r} uses http: use its https:// URL")


@rule(
    "link.text",
    severity="warning",
    rationale="Screen-reader users list links by their text; 'click here', 'read more' "
    "or a raw URL do not say where a link goes, and raw URLs look like phishing.",
    source="https://www.w3.org/WAI/WCAG21/Understanding/link-purpose-in-context.html",
)
def text(email: Email) -> Iterator[Hit]:
    """Flag links whose text is empty, vague on its own, or a raw URL."""
    for el in email.find("a"):
        if not (el.get("href") or "").strip():
            continue
        words = email.link_text(el)
        bare = _TRIM.sub("", words).lower()
        if not bare:
            yield Hit(email.locate(el), "link has no text: add text, or alt text to its image")
        elif bare in VAGUE:
            yield Hit(
                email.locate(el),
                f"link text {words!r} does not say where it goes: "
                "name the destination, e.g. 'Read the lido timetable'",
            )
        elif _RAW_URL.match(words):
            yield Hit(
                email.locate(el), f"link text is a raw URL ({words}): describe the page instead"
            )


@rule(
    "link.ambiguous",
    severity="warning",
    rationale="Links with the same text should go to the same place; otherwise readers "
    "cannot tell them apart.",
    source="https://www.w3.org/WAI/WCAG21/Understanding/link-purpose-in-context.html",
)
def ambiguous(email: Email) -> Iterator[Hit]:
    """Flag the same link text used for different URLs."""
    seen: dict[str, str] = {}
    reported: set[str] = set()
    for el in email.find("a"):
        href = (el.get("href") or "").strip()
        key = _TRIM.sub("", email.link_text(el)).lower()
        if not href or not key:
            continue
        first = seen.setdefault(key, href)
        if first != href and key not in reported:
            reported.add(key)
            yield Hit(
                email.locate(el),
                f"link text {email.link_text(el)!r} also leads to {first}: "
                "use different text for different destinations",
            )
