"""The built email's markup: valid attributes, Outlook-safe structure, dark mode, <style>."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsletter.commands.build import build
from tests.support import EXAMPLE_SLUG

CELLS = {"table", "tr", "td", "th", "tbody", "thead", "tfoot"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example once for the module; return its issue folder."""
    from tests.support import copy_example

    site = copy_example(tmp_path_factory.mktemp("example"))
    build(site)
    return site / "out" / EXAMPLE_SLUG


@pytest.fixture(scope="module")
def page(example: Path) -> str:
    return (example / "email.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def test_cell_attributes_stay_on_tables_and_cells(tree: lxml_html.HtmlElement) -> None:
    # premailer copies vertical-align and background-color into valign and bgcolor on
    # every element; the HTML validator refuses them outside tables.
    misplaced = [
        (el.tag, name)
        for el in tree.iter()
        if isinstance(el.tag, str) and el.tag not in CELLS | {"body"}
        for name in ("valign", "bgcolor", "align")
        if el.get(name) is not None
    ]
    assert misplaced == []
    assert tree.xpath("//td[@valign]") and tree.xpath("//table[@bgcolor]")


def dark_declarations(page: str) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """Return (selector, property, value) of prefers-color-scheme and of Outlook.com rules."""
    from newsletter.render.css import declarations, parse_rules

    css = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    media: set[tuple[str, str, str]] = set()
    outlook: set[tuple[str, str, str]] = set()
    for css_rule in parse_rules(css):
        for selector in (part.strip() for part in css_rule.selectors.split(",")):
            for name, value in declarations(css_rule.body).items():
                if any("prefers-color-scheme: dark" in at for at in css_rule.at_rules):
                    media.add((selector, name, value))
                elif selector.startswith("[data-og"):
                    mark, _, rest = selector.partition(" ")
                    expected = "[data-ogsb]" if name.startswith("background") else "[data-ogsc]"
                    assert mark == expected, selector
                    outlook.add((rest, name, value))
    return media, outlook


def test_outlook_dark_rules_cover_every_dark_mode_setting(page: str) -> None:
    media, outlook = dark_declarations(page)
    assert len(media) > 41
    assert {entry for entry in media if entry[0] != "body"} == outlook
    for selector in (".label", ".listing-when", ".masthead", ".footer a", ".promo-label"):
        assert any(entry[0] == selector for entry in outlook), selector


def test_dark_logo_is_swapped_in_where_dark_mode_is_supported(tree: lxml_html.HtmlElement) -> None:
    light = tree.xpath("//img[contains(@class, 'logo-light')]")[0]
    dark = tree.xpath("//div[@class='logo-dark']/img")[0]
    assert light.get("src").endswith("/logo-96.png") and dark.get("src").endswith("-dark.png")
    assert "display:none" in tree.xpath("//div[@class='logo-dark']")[0].get("style")
