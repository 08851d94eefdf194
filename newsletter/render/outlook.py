"""Outlook for Windows (Word's engine): cells for Markdown spacing, font fallbacks, VML sizes.

Word honours padding and borders on table cells only, and shows Times New Roman for a
font stack whose first font it cannot load, ignoring the rest of the stack.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from newsletter.render.css import declarations, parse_rules

# Fonts Outlook for Windows has (Windows and Office fonts, and names Windows maps to
# one, such as Helvetica to Arial), and the generic families. A stack starting with
# another font (a web font) needs an explicit fallback there.
OUTLOOK_FONTS = frozenset(
    name.lower()
    for name in (
        "Arial",
        "Arial Black",
        "Helvetica",
        "Helvetica Neue",
        "Verdana",
        "Tahoma",
        "Trebuchet MS",
        "Segoe UI",
        "Calibri",
        "Candara",
        "Corbel",
        "Franklin Gothic Medium",
        "Lucida Sans Unicode",
        "Lucida Grande",
        "Century Gothic",
        "Gill Sans MT",
        "Impact",
        "Georgia",
        "Times New Roman",
        "Times",
        "Cambria",
        "Constantia",
        "Garamond",
        "Book Antiqua",
        "Palatino Linotype",
        "Palatino",
        "Courier New",
        "Courier",
        "Consolas",
        "Lucida Console",
        "sans-serif",
        "serif",
        "monospace",
        # CSS-wide keywords: whatever the element inherits.
        "inherit",
        "initial",
        "unset",
    )
)
DEFAULT_FALLBACK = "Arial, sans-serif"

# Markdown blocks whose spacing and rules Word ignores unless a cell carries them.
_WRAPPED = {"ul", "ol", "blockquote"}
_MSO = re.compile(r"\s*mso-[a-z-]+\s*:[^;}]*;?", re.I)
_EMPTY_RULE = re.compile(r"[^{}@]+\{\s*\}\n?")
_TABLE = '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'


def font_names(stack: str) -> list[str]:
    """Return the font names of a CSS font-family value, unquoted."""
    value = stack.replace("!important", "")
    return [name.strip().strip("'\"").strip() for name in value.split(",") if name.strip()]


def outlook_fallback(stack: str) -> str | None:
    """Return the stack Outlook should use instead, or None when it can use this one."""
    names = font_names(stack)
    if not names or names[0].lower() in OUTLOOK_FONTS:
        return None
    rest = [name for name in stack.split(",")[1:] if name.strip()]
    return ", ".join(part.strip() for part in rest) if rest else DEFAULT_FALLBACK


def outlook_font(stack: str) -> str:
    """Return the font stack to give Outlook: the stack, or its fallback."""
    return outlook_fallback(stack) or stack


def font_rules(css: str) -> Markup:
    """Return an Outlook-only <style> giving each web-font stack of ``css`` its fallback.

    Only rules whose font stack starts with a font Outlook cannot load get one, so
    stacks that start with a system font (Georgia, Helvetica) keep their own fonts.
    """
    found: list[str] = []
    for rule in parse_rules(css):
        if rule.at_rules:
            continue
        family = declarations(rule.body).get("font-family")
        fallback = outlook_fallback(family) if family else None
        if fallback:
            found.append(f"{rule.selectors} {{ font-family: {fallback} !important; }}")
    if not found:
        return Markup("")
    return Markup("<style>\n" + "\n".join(found) + "\n</style>")


def web_css(css: str) -> str:
    """Return the CSS without what only Outlook reads (mso-* properties), for web pages."""
    css = _MSO.sub("", css)
    return _EMPTY_RULE.sub("", css)


def prose_cells(html: str) -> str:
    """Put Markdown's top-level lists and quotes in table cells that carry their spacing.

    The cells get classes prose-block (space below) and prose-quote (the quote's bar).
    """
    if not any(f"<{tag}" in html for tag in _WRAPPED):
        return html
    from lxml import html as lxml_html

    parts: list[str] = []
    for node in lxml_html.fragments_fromstring(html):
        if isinstance(node, str):
            parts.append(node)
            continue
        tail, node.tail = node.tail or "", None
        markup = lxml_html.tostring(node, encoding="unicode")
        if node.tag in ("ul", "ol"):
            markup = _cell(markup, "prose-block")
        elif node.tag == "blockquote":
            markup = _cell(_cell(markup, "prose-quote").strip("\n"), "prose-block")
        parts.append(markup + tail)
    return "".join(parts)


def _cell(markup: str, cls: str) -> str:
    return f'{_TABLE}\n<tr>\n<td class="{cls}">\n{markup}\n</td>\n</tr>\n</table>\n'


def button_width(text: str, *, font_size: int, padding: int) -> int:
    """Return a width in px that fits a one-line button label (VML needs a fixed one)."""
    # Bold sans-serif letters average a little over half the font size; capitals and
    # wide letters more. Erring wide only adds colour at the sides.
    wide = len(re.findall(r"[A-ZMWmw@%&]", text))
    return round((len(text) * 0.56 + wide * 0.18) * font_size) + 2 * padding


def button_box(
    text: str, *, font_size: int, line_height: int, padding: int, height: int, max_width: int
) -> tuple[int, int]:
    """Return the width and height in px of a VML button, its label wrapping at max_width."""
    width = button_width(text, font_size=font_size, padding=padding)
    if width <= max_width:
        return width, height
    lines = -(-(width - 2 * padding) // (max_width - 2 * padding))
    return max_width, height + (lines - 1) * line_height
