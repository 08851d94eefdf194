"""Mailing-service merge tags, carried through rendering as neutral placeholders.

Several services spell their tags with ``{{ }}`` or ``{% %}``, which Jinja would
evaluate, and premailer URL-encodes spaces inside ``href`` values. So templates only
ever see the placeholders below, and :func:`apply` puts each service's own syntax in
as the last step.

Each placeholder is wrapped in two control characters (STX, ETX) that content
validation refuses in every field and that Markdown cannot produce (it turns such
character references into U+FFFD), so no content can spell one and have it turned
into a merge tag. Jinja's autoescape, premailer and lxml keep them as they are,
except in ``href`` and ``src``, where lxml percent-encodes them: there, and only
as a whole attribute value (which a content URL, always absolute, never is), the
encoded spelling is read as the placeholder too.

The greeting is one such template value: with a ``{first_name}`` it becomes the
service's "if the subscriber has a first name" tags around the named greeting and
``greeting_fallback``, so nobody reads "Good morning ,"; a service that cannot test
for a first name gets the fallback alone.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from newsletter.models.fields import refused_character
from newsletter.services import PROFILES

if TYPE_CHECKING:
    from newsletter.models import Settings


def _untypable(token: str) -> str:
    """Return the placeholder, making sure content validation refuses its spelling."""
    if refused_character(token) is None:
        raise AssertionError(f"content could spell the placeholder {token!r}")
    return token


UNSUBSCRIBE = _untypable("\x02NLTAG_UNSUBSCRIBE_URL\x03")
VIEW_ONLINE = _untypable("\x02NLTAG_VIEW_ONLINE_URL\x03")
FIRST_NAME = _untypable("\x02NLTAG_FIRST_NAME\x03")
PREFERENCES = _untypable("\x02NLTAG_PREFERENCES_URL\x03")
IF_FIRST_NAME = _untypable("\x02NLTAG_IF_FIRST_NAME\x03")
ELSE = _untypable("\x02NLTAG_ELSE\x03")
END_IF = _untypable("\x02NLTAG_END_IF\x03")
PLACEHOLDERS = (UNSUBSCRIBE, VIEW_ONLINE, FIRST_NAME, PREFERENCES, IF_FIRST_NAME, ELSE, END_IF)
# Any placeholder: each is delimited, so none can be read as part of another.
_PLACEHOLDER = re.compile("\x02NLTAG_[A-Z_]+\x03")


def _uri_form(token: str) -> str:
    """Return the placeholder as lxml writes it in href and src: controls percent-encoded."""
    return "".join(f"%{ord(char):02X}" if ord(char) < 0x20 else char for char in token)


_URI_FORMS = {_uri_form(token): token for token in PLACEHOLDERS}
# A start tag as lxml writes it, and one attribute in it. Raw "<" and ">" never occur
# in lxml's text or attribute values (it writes &lt; and &gt;), so each match is a tag.
_ATTRIBUTE = r"""\s+([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<[A-Za-z][^\s/>]*(?:{_ATTRIBUTE})*\s*/?>")
_ATTRIBUTES = re.compile(_ATTRIBUTE)

# How settings.greeting asks for the first name.
_FIELD = "{first_name}"


def values(
    settings: Settings, *, slug: str | None = None, archived: bool = True
) -> dict[str, str | None]:
    """Return what each placeholder stands for: the service's tag, else the settings' URL.

    With the web archive on, "view online" is the issue's archive page (``slug``), unless
    the issue is not ``archived`` (a draft), whose page would not exist.
    """
    profile = PROFILES[settings.mailing_service]
    branch = profile.if_first_name
    # A preferences page of your own makes sense only when no service handles the list.
    own_preferences = settings.preferences_url if settings.mailing_service == "none" else None
    view_online = profile.view_online or settings.view_online_url
    archive = settings.archive
    if archive is not None and archive.view_online and archived:
        view_online = archive.issue_url(slug) if slug else archive.base_url
    return {
        UNSUBSCRIBE: profile.unsubscribe or settings.unsubscribe_url,
        VIEW_ONLINE: view_online,
        PREFERENCES: profile.preferences or own_preferences,
        FIRST_NAME: profile.first_name,
        IF_FIRST_NAME: branch.start if branch else None,
        ELSE: branch.otherwise if branch else None,
        END_IF: branch.end if branch else None,
    }


def placeholders(settings: Settings, *, archived: bool = True) -> dict[str, str | None]:
    """Return the template variables for the merge slots (None where the slot is empty)."""
    filled = values(settings, archived=archived)
    return {
        "unsubscribe_url": UNSUBSCRIBE if filled[UNSUBSCRIBE] else None,
        "view_online_url": VIEW_ONLINE if filled[VIEW_ONLINE] else None,
        "preferences_url": PREFERENCES if filled[PREFERENCES] else None,
        "greeting": _greeting(settings),
    }


def _greeting(settings: Settings) -> str | None:
    """Return the greeting: named where the service can test for a name, else the fallback."""
    text, fallback = settings.greeting, settings.greeting_fallback
    if not text or _FIELD not in text:
        return text or None
    if PROFILES[settings.mailing_service].if_first_name is None:
        return fallback
    named = text.replace(_FIELD, FIRST_NAME)
    return f"{IF_FIRST_NAME}{named}{ELSE}{fallback or ''}{END_IF}"


def apply(
    text: str,
    settings: Settings,
    *,
    html_output: bool,
    slug: str | None = None,
    archived: bool = True,
) -> str:
    """Replace placeholders with the service's tags, byte for byte, in one pass.

    Tags go in raw; a plain URL from the settings is HTML-escaped in HTML output. One
    pass over the delimited placeholders, so no tag put in is scanned again.
    """
    slots = values(settings, slug=slug, archived=archived)
    filled = {token: value for token, value in slots.items() if value is not None}
    if not filled:
        return text
    if html_output:
        text = _START_TAG.sub(_decode_uri_placeholders, text)

    def swap(match: re.Match[str]) -> str:
        value = filled.get(match.group())
        if value is None:
            return match.group()
        is_url = value.startswith(("http://", "https://"))
        return html.escape(value) if html_output and is_url else value

    return _PLACEHOLDER.sub(swap, text)


def _decode_uri_placeholders(tag: re.Match[str]) -> str:
    """Put back the placeholder where a whole href or src is its percent-encoded form."""

    def attribute(match: re.Match[str]) -> str:
        value = match[2] or ""
        token = _URI_FORMS.get(value[1:-1]) if value[:1] in "\"'" and value else None
        if token is None or match[1].lower() not in ("href", "src"):
            return match[0]
        return match[0][: match.start(2) - match.start(0)] + f'"{token}"'

    return _ATTRIBUTES.sub(attribute, tag[0])
