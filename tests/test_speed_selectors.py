"""The indexed selectors find exactly what lxml.cssselect finds, in the same order."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml.cssselect import CSSSelector

from benchmarks.generate import write_issue
from newsletter.pipeline import open_newsletter, render_slug
from newsletter.render.selectors import Index, compile_selector

PAGE = """<!DOCTYPE html>
<html lang="en"><head><style>p { color: red }</style></head>
<body class="body">
<u></u>
<div class="body wrapper" id="main" data-ogsc>
  <!-- a comment between siblings -->
  <table class="outer"><tr><td class="block  block-story&#9;x">
    <h2 class="story-title"><a class="title-link" href="#">A</a></h2>
    <p class="byline">By</p><!-- c --><p class="prose">P <a href="#">b</a> <b>c</b></p>
    <div class="prose"><p>one</p><ul><li>x</li></ul><p class="caption">two</p></div>
  </td></tr></table>
  <p class="a&#160;b">no-break space inside a class</p>
  <a x-apple-data-detectors="true" href="tel:1">1</a>
  <span class="
    footer
  ">f</span>
</div>
<div class="footer"><p>a</p><a href="#">b</a></div>
</body></html>
"""

SELECTORS = [
    "p",
    "a",
    "td",
    "body",
    "head",
    ".block",
    ".block-story",
    ".x",
    ".prose",
    ".prose p",
    ".prose > p",
    ".prose a",
    "div.prose",
    "p.prose",
    ".footer",
    ".footer a",
    ".footer p",
    "div .footer",
    ".body .footer",
    "u + .body a",
    "u + .body",
    ".byline + .prose",
    ".byline + p",
    "h2 + p",
    "#main",
    "#main p",
    "div#main.wrapper",
    "[data-ogsc] .title-link",
    "[data-ogsc]",
    "[data-ogsb] .title-link",
    "a[x-apple-data-detectors]",
    "[href]",
    "[x-apple-data-detectors]",
    "div [href]",
    ".a",
    ".nothing",
    ".outer td .story-title a",
    ".outer > tr",
    "table td > h2 > a",
    "td .prose li",
]


def cssselect(selector: str, context: object) -> list[object]:
    return CSSSelector(selector)(context)


def check(root: object, selectors: list[str]) -> None:
    Index.forget()
    for selector in selectors:
        fast = compile_selector(selector)
        assert fast is not None, selector
        expected = cssselect(selector, root)
        assert fast(root) == expected, selector
        assert fast.matches_any(root) == bool(expected), selector


def test_handwritten_page() -> None:
    tree = etree.fromstring(PAGE.strip(), etree.HTMLParser()).getroottree()
    check(tree.getroot(), SELECTORS)
    check(tree, ["head", "body", ".prose p"])  # premailer also asks the whole tree


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_issues_with_every_stylesheet_selector(site: Path, seed: int) -> None:
    write_issue(site, "generated", 40, seed=seed)
    html = render_slug(open_newsletter(site), "generated").html
    css = re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL)[-1]
    selectors = {
        part.strip()
        for rule in re.findall(r"([^{}@]+)\{[^{}]*\}", css)
        for part in rule.split(",")
        if part.strip() and ":" not in part and "*" not in part
    }
    root = etree.fromstring(html.encode(), etree.HTMLParser()).getroottree().getroot()
    rng = random.Random(seed)
    tags = ["td", "p", "a", "table", "div", "img", "h2", "span", "li"]
    classes = sorted({c for el in root.iter() for c in (el.get("class") or "").split()})
    for _ in range(60):  # and made-up ones over the same document
        parts = [rng.choice([rng.choice(tags), "." + rng.choice(classes)]) for _ in range(3)]
        joins = [rng.choice([" ", " > ", " + "]) for _ in range(2)]
        selectors.add(parts[0] + joins[0] + parts[1] + joins[1] + parts[2])
    check(root, sorted(selectors))


@pytest.mark.parametrize(
    "selector",
    ["a:hover", "p:first-child", "*", ".a ~ .b", "a[href]x", "[href='x']", ".é", "", "[-x]"],
)
def test_other_selectors_are_left_to_lxml(selector: str) -> None:
    assert compile_selector(selector) is None


def test_a_subtree_is_left_to_lxml() -> None:
    root = etree.fromstring(PAGE.strip(), etree.HTMLParser())
    subtree = root.find(".//td")
    for selector in ("p", ".prose p", "td p"):
        fast = compile_selector(selector)
        assert fast is not None
        assert fast(subtree) == cssselect(selector, subtree)
