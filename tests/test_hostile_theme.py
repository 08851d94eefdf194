"""Injection through the theme: a value that reaches CSS must be exactly what its field says.

A font stack with an unbalanced quote once made premailer drop most inline styles
without a word; anything but family names separated by commas is now refused, naming
the field.
"""

from __future__ import annotations

import logging
from pathlib import Path

import cssutils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from newsletter.models.fields import check_font_stack
from tests.support import EXAMPLE_SLUG, run_cli

SETTINGS = "content/newsletter.yaml"
HOSTILE_STACKS = [
    "Georgia, 'Times",
    'Georgia, "Times New Roman',
    "serif; color: red",
    "x}</style><script>alert(1)</script>",
    "Arial { color: red",
    "Arial, , serif",
    "Arial,",
    "url(https://evil.example/font.woff)",
    "expression(alert(1))",
    "\\41rial",
    "/* note */ Arial",
    "Arial !important",
    "'A' 'B'",
    "inherit",
    "2Fonts",
    "Arial" + ", Arial" * 60,
]
GOOD_STACKS = [
    "'Segoe UI', -apple-system, BlinkMacSystemFont, \"Helvetica Neue\", Arial, sans-serif",
    "Noto Sans JP, 'ヒラギノ角ゴ Pro W3', sans-serif",
    "Georgia,serif",
]


def set_heading_font(site: Path, value: str) -> int:
    """Write theme.fonts.heading raw into the settings; return its line."""
    path = site / SETTINGS
    text = path.read_text(encoding="utf-8")
    old = "    heading: Georgia, 'Times New Roman', Times, serif"
    quoted = "'" + value.replace("'", "''") + "'"
    path.write_text(text.replace(old, f"    heading: {quoted}"), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def inline_fonts(site: Path) -> int:
    page = (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    return sum("font-family" in (el.get("style") or "") for el in tree.iter())


@pytest.mark.parametrize("stack", HOSTILE_STACKS)
def test_hostile_font_stacks_are_refused_naming_the_field(site: Path, stack: str) -> None:
    line = set_heading_font(site, stack)
    result = run_cli("build", root=site)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {SETTINGS}:{line}: theme.fonts.heading: "), lines[0]
    assert not (site / "out").exists()


@pytest.mark.parametrize("stack", GOOD_STACKS)
def test_real_font_stacks_are_inlined_everywhere(site: Path, stack: str) -> None:
    run_cli("build", "-q", root=site, check=True)
    before = inline_fonts(site)
    set_heading_font(site, stack)
    run_cli("build", "-q", root=site, check=True)
    assert inline_fonts(site) == before  # premailer dropped nothing
    page = (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
    assert "Segoe UI" in page or "Noto Sans JP" in page or "Georgia,serif" in page


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.sampled_from([*list("abAB -_,'\";{}()<>/\\*!:#.0é\t"), "sans-serif", "Times New"]),
        max_size=20,
    ).map("".join)
)
def test_an_accepted_font_stack_is_one_clean_css_declaration(value: str) -> None:
    try:
        stack = check_font_stack(value)
    except ValueError:
        return
    cssutils.log.setLevel(logging.CRITICAL)
    style = cssutils.parseStyle(f"font-family: {stack}; color: red")
    assert [p.name for p in style] == ["font-family", "color"], stack
    assert not any(char in stack for char in ";{}<>\\")


def _in_unquoted_name(character: str) -> bool:
    """Tell whether CSS lets ``character`` into an unquoted family name, as the rule says."""
    return (character.isascii() and (character.isalnum() or character in "_-")) or (
        ord(character) >= 0xA0
    )


@pytest.mark.parametrize("start", [0, 0x800, 0xD700, 0xFF00, 0x10000, 0x10FF00])
def test_unquoted_names_take_exactly_the_identifier_characters(start: int) -> None:
    for code in range(start, start + 0x100):
        character = chr(code)
        if character in ",'\"" or character.isspace():
            continue
        for stack in (f"A{character}b", f"{character}b"):
            leading = stack[0] == character and character in "0123456789"  # no leading digit
            expected = _in_unquoted_name(character) and not leading
            try:
                check_font_stack(stack)
            except ValueError:
                accepted = False
            else:
                accepted = True
            assert accepted == expected, (hex(code), stack)
