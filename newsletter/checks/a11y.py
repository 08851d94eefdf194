"""Accessibility rules: language, heading order, colour contrast and layout tables."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from newsletter.checks.engine import Email, Hit, Where, rule, setting, style_declarations
from newsletter.render.css import RGB, contrast, hex_colour, parse_colour

MIN_CONTRAST = 4.5
# Text colour on background colour, as the default templates pair the theme's palette.
PALETTE_PAIRS = (
    ("text", "surface", "body text"),
    ("muted", "surface", "bylines, captions and the footer"),
    ("brand", "surface", "headlines"),
    ("link", "surface", "links"),
    ("accent", "surface", "labels"),
    ("accent_text", "accent", "button text"),
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Whitespace and the invisible preheader filler: text made only of these shows nothing.
_BLANK = " \t\n\r\u00a0\u200c\u034f"


@rule(
    "a11y.lang",
    severity="error",
    rationale="Screen readers pick the voice from lang; webmail drops <html>, so it must "
    "be repeated on a wrapper inside <body>.",
    source="https://www.caniemail.com/features/html-lang/",
)
def lang(email: Email) -> Iterator[Hit]:
    """Flag a missing lang on <html> or inside <body>."""
    if not (email.tree.get("lang") or "").strip():
        yield Hit(
            Where("email.html <html>"),
            "<html> has no lang: set language: in "
            'newsletter.yaml and keep lang="{{ settings.language }}" on <html>',
        )
    if not any(
        (el.get("lang") or "").strip() for el in email.body.iter() if isinstance(el.tag, str)
    ):
        yield Hit(
            Where("email.html <body>"),
            "no lang inside <body>, and webmail drops "
            "<html>: repeat lang on a wrapper <div> inside <body>",
        )


@rule(
    "a11y.headings",
    severity="warning",
    rationale="Screen-reader users jump by headings; a skipped level (h2 to h4) suggests "
    "missing structure.",
    source="https://www.w3.org/WAI/tutorials/page-structure/headings/",
)
def headings(email: Email) -> Iterator[Hit]:
    """Flag headings that skip a level."""
    previous = 1
    for el in email.body.iter(*_HEADINGS):
        level = int(el.tag[1])
        if level > previous + 1:
            yield Hit(
                email.locate(el),
                f"<{el.tag}> follows <h{previous}>, skipping a level: use <h{previous + 1}>",
            )
        previous = level


@rule(
    "a11y.contrast",
    severity="error",
    rationale="Text needs a contrast ratio of at least 4.5:1 with its background to be "
    "readable (WCAG AA), in the light and the dark colours alike.",
    source="https://www.w3.org/WAI/WCAG21/Understanding/contrast-minimum.html",
)
def colour_contrast(email: Email) -> Iterator[Hit]:
    """Flag theme colour pairs, and inline text colours, below 4.5:1."""
    if email.settings is not None:
        yield from _palette_contrast(email)
    yield from _inline_contrast(email)


def _palette_contrast(email: Email) -> Iterator[Hit]:
    assert email.settings is not None
    for scheme in ("light", "dark"):
        palette = getattr(email.settings.theme, scheme)
        for fore, back, used in PALETTE_PAIRS:
            first, second = getattr(palette, fore), getattr(palette, back)
            rgb1, rgb2 = parse_colour(first), parse_colour(second)
            if rgb1 is None or rgb2 is None:
                continue
            ratio = contrast(rgb1, rgb2)
            if ratio < MIN_CONTRAST:
                yield Hit(
                    setting(f"theme.{scheme}.{fore}"),
                    f"{scheme} {fore} {first} on {back} {second} ({used}) has contrast "
                    f"{ratio:.2f}:1, below 4.5:1: darken or lighten one of them",
                )


def _inline_contrast(email: Email) -> Iterator[Hit]:
    """Check the colours the email actually sets inline, as clients without <style> see them."""
    seen: set[tuple[RGB, RGB]] = set()
    checked = _palette_pairs(email)
    # Per element: hidden?, inherited text colour, nearest background; parents come first.
    state: dict[Any, tuple[bool, RGB | None, RGB | None]] = {}
    for el in email.body.iter():
        if not isinstance(el.tag, str):
            continue
        hidden, fore, back = state.get(el.getparent(), (False, None, None))
        style = el.get("style")
        if style:
            none, own_fore, own_back = _style_colours(style)
            hidden = hidden or none
            fore = own_fore or fore
        else:
            own_back = None
        hidden = hidden or el.get("aria-hidden") == "true"
        back = own_back or _colour_value(el.get("bgcolor") or "") or back
        state[el] = (hidden, fore, back)
        if hidden or not _has_text(el):
            continue
        pair = (fore or (0, 0, 0), back or (255, 255, 255))
        if pair in seen or pair in checked:
            continue  # theme pairs are reported once, by their setting, above
        seen.add(pair)
        ratio = contrast(*pair)
        if ratio < MIN_CONTRAST:
            yield Hit(
                email.locate(el),
                f"text {hex_colour(pair[0])} on {hex_colour(pair[1])} "
                f"has contrast {ratio:.2f}:1, below 4.5:1: change one of the colours",
            )


@lru_cache(maxsize=4096)
def _style_colours(style: str) -> tuple[bool, RGB | None, RGB | None]:
    """Return (display: none?, text colour, background) of a style attribute, parsed once."""
    declared = style_declarations(style)
    return (
        declared.get("display", "").startswith("none"),
        _colour(declared, ("color",)),
        _colour(declared, ("background-color", "background")),
    )


@lru_cache(maxsize=1024)
def _colour_value(value: str) -> RGB | None:
    return parse_colour(value)


def _colour(declared: dict[str, str], names: tuple[str, ...]) -> RGB | None:
    for name in names:
        value = declared.get(name)
        if value:
            rgb = _colour_value(value.split()[0])
            if rgb:
                return rgb
    return None


def _palette_pairs(email: Email) -> set[tuple[RGB, RGB]]:
    """Return the light palette pairs that the palette check covers."""
    if email.settings is None:
        return set()
    palette = email.settings.theme.light
    found = set()
    for fore, back, _ in PALETTE_PAIRS:
        rgb1, rgb2 = parse_colour(getattr(palette, fore)), parse_colour(getattr(palette, back))
        if rgb1 and rgb2:
            found.add((rgb1, rgb2))
    return found


def _has_text(el: Any) -> bool:
    if el.tag in ("style", "script", "title", "head"):
        return False
    text = el.text
    if text and text.strip(_BLANK):
        return True
    for child in el:
        tail = child.tail
        if tail and tail.strip(_BLANK):
            return True
    return False


@rule(
    "a11y.tables",
    severity="warning",
    rationale="Screen readers announce rows and columns of a table unless it carries "
    'role="presentation"; layout tables must, data tables use <th>.',
    source="https://www.caniemail.com/features/html-role/",
)
def tables(email: Email) -> Iterator[Hit]:
    """Flag layout tables without role="presentation"."""
    for el in email.find("table"):
        if el.get("role") in ("presentation", "none"):
            continue
        if el.find(".//th") is not None or el.find("caption") is not None:
            continue  # a data table
        yield Hit(email.locate(el), 'layout table without role="presentation": add it')
