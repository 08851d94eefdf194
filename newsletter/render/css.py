"""Just enough CSS reading for inlining and the checks: rules, style attributes, colours."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BRACES = re.compile(r"[{};]")
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")
_RGB = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+%?)\s*)?\)$")
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}
# What can hide a brace or a semicolon (comments, strings), what ends statements and the
# brackets that can hold them; a lone quote or comment opener means the text does not
# end where it should.
_STATEMENT_TOKENS = re.compile(
    r"/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|(/\*|[\"'\\])|([{};()[\]])",
    re.DOTALL,
)
_CLOSING = {")": "(", "]": "["}

RGB = tuple[int, int, int]


class CssRule(NamedTuple):
    """One qualified rule: its selectors, declarations and enclosing @-rules."""

    selectors: str
    body: str
    at_rules: tuple[str, ...]
    line: int
    """Line of the selector, counted from 1 at the start of the CSS text."""


def declarations(style: str) -> dict[str, str]:
    """Parse a declaration list such as a style attribute into {property: value}."""
    found: dict[str, str] = {}
    for part in _COMMENT.sub(" ", style).split(";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            found[name.strip().lower()] = value.strip()
    return found


def parse_rules(css: str) -> Iterator[CssRule]:
    """Yield the qualified rules of a stylesheet, however deeply nested in @-rules."""
    css = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), css)
    newlines = [m.start() for m in re.finditer("\n", css)]
    stack: list[tuple[str, int]] = []  # (prelude, offset of its "{")
    start = 0
    for token in _BRACES.finditer(css):
        i, ch = token.start(), token.group()
        if ch == "{":
            stack.append((css[start:i], i))
            start = i + 1
        elif ch == "}" and stack:
            prelude, opened = stack.pop()
            text = prelude.strip()
            if text and not text.startswith("@"):
                offset = opened - len(prelude.lstrip())
                yield CssRule(
                    selectors=text,
                    body=css[opened + 1 : i],
                    at_rules=tuple(p.strip() for p, _ in stack if p.strip().startswith("@")),
                    line=bisect.bisect_left(newlines, offset) + 1,
                )
            start = i + 1
        elif ch == ";" and (not stack or stack[-1][0].strip().startswith("@")):
            start = i + 1  # the end of a statement such as @import or @charset


def statements(css: str) -> list[str] | None:
    """Split a stylesheet into its top-level statements (rules, @-rules), as written.

    A rule ends at its block's closing brace; a ``;`` at the top level ends only an
    @-rule such as ``@import`` (before a rule, it is part of that rule's invalid
    selector). Return None where the split could differ from a CSS parser's: a brace,
    bracket or string left open, a brace inside brackets, an escape, a text after the
    last statement, or ``@namespace`` (which changes what the selectors of other
    statements mean).
    """
    if "@namespace" in css.lower():
        return None
    found: list[str] = []
    depth, start = 0, 0
    brackets: list[str] = []  # the ( and [ open now: a brace or ; in them ends nothing
    for token in _STATEMENT_TOKENS.finditer(css):
        if token.group(1) is not None:
            return None
        mark = token.group(2)
        if mark in ("(", "["):
            brackets.append(mark)
        elif mark in _CLOSING:
            if not brackets or brackets.pop() != _CLOSING[mark]:
                return None
        elif mark in ("{", "}") and brackets:
            return None
        elif mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth < 0:
                return None
        if depth or brackets or mark not in ("}", ";"):
            continue
        if mark == ";" and not _is_at_rule(css[start : token.start()]):
            continue  # part of the next rule's selector, which makes it invalid
        found.append(css[start : token.end()].strip())
        start = token.end()
    if depth or brackets or _COMMENT.sub("", css[start:]).strip():
        return None
    return found


def _is_at_rule(text: str) -> bool:
    """Tell whether a statement's text (comments aside) starts an @-rule."""
    return _COMMENT.sub("", text).lstrip().startswith("@")


def nested_at_rules(css: str) -> Iterator[tuple[str, int]]:
    """Yield (at-keyword, line) for each @-rule opened inside another @-rule block."""
    css = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), css)
    depth = 0
    at_depths: list[int] = []
    for token in re.finditer(r"@[a-zA-Z-]+|\{|\}", css):
        text = token.group()
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            while at_depths and at_depths[-1] > depth:
                at_depths.pop()
        elif text.lower() not in ("@import", "@charset"):
            if at_depths:
                yield text, css.count("\n", 0, token.start()) + 1
            at_depths.append(depth + 1)


def parse_colour(value: str) -> RGB | None:
    """Return the RGB of a CSS colour (hex, rgb() or an opaque rgba()), or None."""
    value = value.strip().lower().removesuffix("!important").strip()
    match = _HEX.fullmatch(value)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    match = _RGB.fullmatch(value)
    if match:
        alpha = match.group(4)
        if alpha is not None and alpha not in ("1", "1.0", "100%"):
            return None
        rgb = tuple(min(int(n), 255) for n in match.group(1, 2, 3))
        return (rgb[0], rgb[1], rgb[2])
    return _NAMED.get(value)


def luminance(rgb: RGB) -> float:
    """Return the WCAG 2 relative luminance of an sRGB colour."""
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(first: RGB, second: RGB) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(rgb: RGB) -> str:
    """Return #rrggbb."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)
