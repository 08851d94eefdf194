"""Mailing-service merge tags, carried through rendering as neutral placeholders.

Several services spell their tags with ``{{ }}``, which Jinja would evaluate, and
premailer URL-encodes spaces inside ``href`` values. So templates only ever see
the placeholders below (plain letters and underscores, which nothing escapes or
encodes), and :func:`apply` puts each service's own syntax in as the last step.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from newsletter.services import PROFILES

if TYPE_CHECKING:
    from newsletter.models import Settings

UNSUBSCRIBE = "NLTAG_UNSUBSCRIBE_URL"
VIEW_ONLINE = "NLTAG_VIEW_ONLINE_URL"
FIRST_NAME = "NLTAG_FIRST_NAME"


def values(settings: Settings) -> dict[str, str | None]:
    """Return what each placeholder stands for: the service's tag, else the settings' URL."""
    profile = PROFILES[settings.mailing_service]
    return {
        UNSUBSCRIBE: profile.unsubscribe or settings.unsubscribe_url,
        VIEW_ONLINE: profile.view_online or settings.view_online_url,
        FIRST_NAME: profile.first_name,
    }


def placeholders(settings: Settings) -> dict[str, str | None]:
    """Return the template variables for the merge slots (None where the slot is empty)."""
    filled = values(settings)
    return {
        "unsubscribe_url": UNSUBSCRIBE if filled[UNSUBSCRIBE] else None,
        "view_online_url": VIEW_ONLINE if filled[VIEW_ONLINE] else None,
        "greeting": _greeting(settings, has_first_name=bool(filled[FIRST_NAME])),
    }


def _greeting(settings: Settings, *, has_first_name: bool) -> str | None:
    if not settings.greeting:
        return None
    if has_first_name:
        return settings.greeting.replace("{first_name}", FIRST_NAME)
    return settings.greeting


def apply(text: str, settings: Settings, *, html_output: bool) -> str:
    """Replace placeholders with the service's tags, byte for byte, in one pass.

    Tags go in raw; a plain URL from the settings is HTML-escaped in HTML output. One
    pass, longest placeholder first, so no placeholder is taken for part of another
    and no tag put in is scanned again.
    """
    filled = {token: value for token, value in values(settings).items() if value is not None}
    if not filled:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(filled, key=len, reverse=True)))

    def swap(match: re.Match[str]) -> str:
        value = filled[match.group()]
        is_url = value.startswith(("http://", "https://"))
        return html.escape(value) if html_output and is_url else value

    return pattern.sub(swap, text)
