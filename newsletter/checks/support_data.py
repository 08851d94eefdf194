"""Facts about what major email clients do not support, each with its caniemail.com source.

Major clients here are Gmail, Outlook for Windows, Apple Mail and Yahoo Mail. A fact
with a ``fallback`` degrades acceptably (readers see the fallback) and is not reported;
``fallback_if`` makes that conditional on something the element also carries. Check
the source pages before changing a fact: clients change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CANIEMAIL = "https://www.caniemail.com/features/"


@dataclass(frozen=True)
class Fact:
    """A feature some major clients lack, and what readers of those clients get."""

    feature: str
    """The caniemail.com feature id."""
    kind: Literal["property", "at-rule", "element"]
    match: str
    """CSS property names (separated by |), @-rule prelude start, or element tag."""
    clients: tuple[str, ...]
    value: str | None = None
    """For a property: a regular expression its value must match, if not any value."""
    fallback: str | None = None
    fallback_if: Literal["background-colour"] | None = None

    @property
    def source(self) -> str:
        """Return the caniemail.com page of the feature."""
        return f"{CANIEMAIL}{self.feature}/"


OUTLOOK = "Outlook for Windows"
GMAIL = "Gmail"
YAHOO = "Yahoo Mail"
GANGA = "Gmail apps with non-Google accounts"

FACTS: tuple[Fact, ...] = (
    Fact("css-border-radius", "property", "border-radius", (OUTLOOK,), fallback="square corners"),
    Fact("css-box-shadow", "property", "box-shadow", (OUTLOOK,), fallback="no shadow"),
    Fact(
        "css-background-image",
        "property",
        "background-image",
        (OUTLOOK,),
        fallback="the background colour",
        fallback_if="background-colour",
    ),
    Fact(
        "css-background-image",
        "property",
        "background",
        (OUTLOOK,),
        value=r"url\(",
        fallback="the background colour",
        fallback_if="background-colour",
    ),
    Fact(
        "css-linear-gradient",
        "property",
        "background|background-image",
        (OUTLOOK,),
        value=r"gradient\(",
        fallback="the background colour",
        fallback_if="background-colour",
    ),
    Fact("css-display-flex", "property", "display", (OUTLOOK, GMAIL), value=r"^(?:inline-)?flex\b"),
    Fact(
        "css-display-grid",
        "property",
        "display",
        (OUTLOOK, GMAIL, YAHOO),
        value=r"^(?:inline-)?grid\b",
    ),
    Fact("css-float", "property", "float", (OUTLOOK,), value=r"^(?:left|right)"),
    Fact(
        "css-position",
        "property",
        "position",
        (OUTLOOK, GMAIL, YAHOO),
        value=r"^(?:absolute|fixed|relative|sticky)",
    ),
    Fact(
        "css-rgba",
        "property",
        "color|background|background-color|border|border-color",
        (OUTLOOK,),
        value=r"rgba\(",
    ),
    Fact(
        "css-at-media",
        "at-rule",
        "@media",
        (OUTLOOK, GANGA),
        fallback="the desktop layout, which the fluid templates keep readable on phones",
    ),
    Fact(
        "css-at-media-prefers-color-scheme",
        "at-rule",
        "@media (prefers-color-scheme",
        (OUTLOOK, GMAIL, YAHOO),
        fallback="the light colours",
    ),
    Fact(
        "css-at-font-face",
        "at-rule",
        "@font-face",
        (OUTLOOK, GMAIL, YAHOO),
        fallback="the next font of the stack",
    ),
    Fact("css-at-import", "at-rule", "@import", (OUTLOOK, GMAIL, YAHOO)),
    Fact(
        "html-style",
        "element",
        "style",
        (GANGA,),
        fallback="the inline styles; rule inline.not-inlined checks that they carry the design",
    ),
    Fact("html-svg", "element", "svg", (OUTLOOK, GMAIL)),
    Fact("html-video", "element", "video", (OUTLOOK, GMAIL, YAHOO)),
    Fact("html-form", "element", "form", (OUTLOOK, YAHOO)),
    Fact("html-script", "element", "script", (OUTLOOK, GMAIL, YAHOO, "Apple Mail")),
)
