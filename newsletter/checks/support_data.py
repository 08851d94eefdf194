"""Facts about what major email clients do not support, each with its caniemail.com source.

Major clients here are Gmail, Outlook for Windows, Apple Mail and Yahoo Mail. A fact
with a ``fallback`` degrades acceptably (readers see the fallback) and is not reported;
``fallback_if`` makes that conditional on something the element or the email also
carries. ``on`` and ``not_on`` limit a property fact to some elements (checked on
style attributes only); facts about Outlook for Windows skip what the email hides from
it (``<!--[if !mso]>`` and ``mso-hide: all``). Check the source pages before changing
a fact: clients change.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

CANIEMAIL = "https://www.caniemail.com/features/"


class Fact(NamedTuple):
    """A feature some major clients lack, and what readers of those clients get."""

    feature: str
    """The caniemail.com feature id."""
    kind: Literal["property", "at-rule", "element", "outlook-override"]
    match: str
    """CSS property names (separated by |), @-rule prelude start, or element tag."""
    clients: tuple[str, ...]
    value: str | None = None
    """For a property: a regular expression its value must match, if not any value."""
    fallback: str | None = None
    fallback_if: Literal["background-colour", "vml"] | None = None
    on: tuple[str, ...] | None = None
    """Element tags the fact applies to; None for any."""
    not_on: tuple[str, ...] = ()
    """Element tags the fact does not apply to."""
    label: str | None = None
    """How messages name the feature, if not by its caniemail id."""

    @property
    def source(self) -> str:
        """Return the caniemail.com page of the feature."""
        return f"{CANIEMAIL}{self.feature}/"

    def applies_to(self, tag: str | None) -> bool:
        """Tell whether the fact concerns an element with this tag (None: a <style> rule)."""
        if self.on is None and not self.not_on:
            return True
        return tag is not None and tag not in self.not_on and (self.on is None or tag in self.on)


OUTLOOK = "Outlook for Windows"
GMAIL = "Gmail"
YAHOO = "Yahoo Mail"
GANGA = "Gmail apps with non-Google accounts"

# Word, which renders Outlook for Windows, honours padding and borders on table cells
# only; margins it honours on paragraphs, headings and lists but not on div, span or a.
CELLS = ("td", "th")
_SIDES = ("", "-top", "-right", "-bottom", "-left")
_NOT_ZERO = r"^(?!\s*(?:0(?:px|pt|em|rem|%)?\s*)+(?:!important)?\s*$)"
_A_BORDER = r"^(?!\s*(?:0(?:px)?|none|hidden)\b)"

FACTS: tuple[Fact, ...] = (
    Fact("css-border-radius", "property", "border-radius", (OUTLOOK,), fallback="square corners"),
    Fact("css-box-shadow", "property", "box-shadow", (OUTLOOK,), fallback="no shadow"),
    Fact(
        "css-background-image",
        "property",
        "background-image",
        (OUTLOOK,),
        fallback="a VML background (v:fill or v:image) in <!--[if mso]>",
        fallback_if="vml",
        label="background-image without a VML fallback",
    ),
    Fact(
        "css-background-image",
        "property",
        "background",
        (OUTLOOK,),
        value=r"url\(",
        fallback="a VML background (v:fill or v:image) in <!--[if mso]>",
        fallback_if="vml",
        label="background-image without a VML fallback",
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
        "css-padding",
        "property",
        "|".join(f"padding{side}" for side in _SIDES),
        (OUTLOOK,),
        value=_NOT_ZERO,
        not_on=CELLS,
        label="padding outside table cells",
    ),
    Fact(
        "css-border",
        "property",
        "|".join(f"border{side}" for side in _SIDES),
        (OUTLOOK,),
        value=_A_BORDER,
        not_on=(*CELLS, "table", "img"),
        label="border outside table cells",
    ),
    Fact(
        "css-margin",
        "property",
        "|".join(f"margin{side}" for side in _SIDES),
        (OUTLOOK,),
        value=_NOT_ZERO,
        on=("div", "span", "a"),
        label="margin on div, span or a",
    ),
    Fact(
        "css-at-font-face",
        "outlook-override",
        "font-family",
        (OUTLOOK,),
        label="an Outlook-only !important font-family over a font Outlook has",
    ),
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
