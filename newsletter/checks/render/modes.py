"""The client modes an email is looked at in: widths, stripped styles, images off, dark.

Each mode is a window width list plus a script run in the loaded page that turns
Chromium into an imitation of the client (removing <style>, doing what Gmail's
sanitiser does, recolouring as Outlook.com's dark mode does). The check and the
preview both use these scripts, so they show the same thing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from newsletter.checks.support_data import FACTS, GMAIL

PHONES = (320, 375, 390, 412, 414, 430)
DESKTOPS = (600, 800)
# Where the transform modes are measured: a common phone and the email's own width.
SAMPLE = (375, 600)
# The width screenshots are taken at (--shots): one per mode.
SHOT_WIDTH = 375
# Gmail keeps at most this much <style> (caniemail html-style).
GMAIL_STYLE_BYTES = 16_000


def script(name: str) -> str:
    """Return one of the page scripts of this package (name without .js)."""
    return _script(name)


@lru_cache(maxsize=16)
def _script(name: str) -> str:
    return files(__package__).joinpath(f"{name}.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Mode:
    """A way a client shows the email: its window widths and what it does to the page."""

    name: str
    label: str
    widths: tuple[int, ...]
    script: str | None = None
    """JavaScript run on the loaded email before it is measured."""
    scheme: Literal["light", "dark"] = "light"
    images: bool = True

    @property
    def shot_width(self) -> int:
        """Return the width its screenshot is taken at: a common phone's, if it has one."""
        return SHOT_WIDTH if SHOT_WIDTH in self.widths else self.widths[0]


@lru_cache(maxsize=1)
def gmail_script() -> str:
    """Return the script that applies Gmail's sanitiser, with its facts filled in."""
    properties = [
        (fact.match, fact.value or ".")
        for fact in FACTS
        if fact.kind == "property" and GMAIL in fact.clients
    ]
    at_rules = [
        re.sub(r"\s+", " ", fact.match.lower())
        for fact in FACTS
        if fact.kind == "at-rule" and GMAIL in fact.clients
    ]
    facts = {"properties": properties, "atRules": at_rules, "styleBytes": GMAIL_STYLE_BYTES}
    return f"() => ({script('gmail')})({json.dumps(facts)})"


def modes() -> tuple[Mode, ...]:
    """Return every mode, in the order they are applied and shown."""
    return (
        Mode("phone", "Phone", PHONES),
        Mode("desktop", "Desktop", DESKTOPS),
        Mode(
            "no-style",
            "No <style> (Gmail apps, other accounts)",
            PHONES + DESKTOPS,
            script=script("no_style"),
        ),
        Mode("gmail", "Gmail's sanitiser", SAMPLE, script=gmail_script()),
        Mode("images-off", "Images off", SAMPLE, script=script("images_off"), images=False),
        Mode("dark", "Dark (prefers-color-scheme)", SAMPLE, scheme="dark"),
        Mode("dark-invert", "Dark, full inversion (Gmail apps)", SAMPLE, script=script("invert")),
        Mode("dark-outlook", "Dark, Outlook.com", SAMPLE, script=script("outlook_dark")),
    )


def mode_named(name: str) -> Mode:
    """Return the mode with this name; raise KeyError for an unknown one."""
    for mode in modes():
        if mode.name == name:
            return mode
    raise KeyError(name)
