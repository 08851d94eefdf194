"""Inlined spacing: what premailer writes into style attributes keeps every class's padding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsletter.pipeline import open_newsletter, render_slug
from newsletter.render.css import declarations, parse_rules
from newsletter.render.environment import context, render_template
from tests.support import EXAMPLE_SLUG, copy_example, issue_data, write_issue

SIDES = ("top", "right", "bottom", "left")
BOXES = ("padding", "margin")


def longhands(style: list[tuple[str, str]]) -> dict[str, str]:
    """Return the padding and margin longhands a list of declarations ends with, in order."""
    found: dict[str, str] = {}
    for name, value in style:
        if name in BOXES:
            parts = value.replace("!important", "").split()
            parts = (parts * 4)[:4] if len(parts) < 3 else [*parts, parts[1]][:4]
            found.update({f"{name}-{side}": part for side, part in zip(SIDES, parts, strict=True)})
        elif name.split("-")[0] in BOXES and name.rsplit("-", 1)[-1] in SIDES:
            found[name] = value.replace("!important", "").strip()
    return {name: "0" if value == "0px" else value for name, value in found.items()}


def ordered(style: str) -> list[tuple[str, str]]:
    """Return a style attribute's declarations in order, duplicates kept."""
    pairs = []
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            pairs.append((name.strip().lower(), value.strip()))
    return pairs


def class_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """Return (class, declarations) for every plain rule on a single class, in order."""
    found = []
    for rule in parse_rules(css):
        if rule.at_rules:
            continue
        for selector in rule.selectors.split(","):
            match = re.fullmatch(r"\s*\.([\w-]+)\s*", selector)
            if match:
                found.append((match.group(1), declarations(rule.body)))
    return found


def issue_with_every_block(site: Path) -> None:
    """Give the example a three-column grid as well, with images, so every layout shows."""
    data, body = issue_data(site)
    grid = next(block for block in data["blocks"] if block["type"] == "grid")
    third = dict(grid["stories"][0], title="A third column")
    data["blocks"].append({"type": "grid", "title": "Three", "stories": [*grid["stories"], third]})
    write_issue(site, data, body)


def modifier(classes: list[str]) -> bool:
    """Return whether the classes are a base and its variants (button, button-promo)."""
    base = min(classes, key=len)
    return all(name == base or name.startswith(f"{base}-") for name in classes)


@pytest.fixture(scope="module")
def inlined(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    site = copy_example(tmp_path_factory.mktemp("spacing"))
    issue_with_every_block(site)
    newsletter = open_newsletter(site)
    rendered = render_slug(newsletter, EXAMPLE_SLUG)
    css = render_template(newsletter.env, "style.css", context(newsletter.settings, rendered.issue))
    return rendered.html, css


def test_every_class_keeps_its_padding_and_margin_once_inlined(inlined: tuple[str, str]) -> None:
    html, css = inlined
    rules = class_rules(css)
    lost = []
    for el in lxml_html.document_fromstring(html).iter():
        classes = (el.get("class") or "").split() if isinstance(el.tag, str) else []
        if not classes:
            continue
        # Each side set by each class: two classes that disagree leave it to rule order.
        setters: dict[str, dict[str, str]] = {}
        for name, body in rules:
            if name in classes:
                for prop, value in longhands(list(body.items())).items():
                    setters.setdefault(prop, {})[name] = value
        actual = longhands(ordered(el.get("style") or ""))
        where = f"{el.tag}.{'.'.join(classes)} line {el.sourceline}"
        for prop, by_class in setters.items():
            if len(set(by_class.values())) > 1 and not modifier(list(by_class)):
                lost.append(f"{where}: classes disagree on {prop}: {by_class}")
            elif actual.get(prop) not in by_class.values():
                lost.append(f"{where}: {prop} is {actual.get(prop)!r}, classes say {by_class}")
    assert lost == []


def test_grid_text_keeps_its_space_below_the_image(inlined: tuple[str, str]) -> None:
    html, _ = inlined
    cells = lxml_html.document_fromstring(html).find_class("after-image")
    assert len(cells) >= 7
    for cell in cells:
        assert longhands(ordered(cell.get("style") or "")).get("padding-top") == "14px"
