"""premailer with its per-stylesheet work remembered gives exactly premailer's output."""

from __future__ import annotations

import re
from pathlib import Path

import premailer
import pytest

from benchmarks.generate import write_issue
from newsletter.render import inline as inline_module
from newsletter.runtime.cache import default_store
from tests.support import EXAMPLE_SLUG, own_template, page_before_inlining


def page(root: Path, slug: str) -> str:
    """Return an issue's HTML before inlining, its doctype as premailer needs it."""
    html = page_before_inlining(root, slug)
    return inline_module._DOCTYPE.sub("<!DOCTYPE html>", html, count=1)


def plain(html: str) -> str:
    """Return what unmodified premailer makes of the HTML, with the build's options."""
    return premailer.Premailer(html, **inline_module.PREMAILER_OPTIONS).transform()


def remembered(html: str) -> str:
    return inline_module.memo_premailer(default_store())(
        html, **inline_module.PREMAILER_OPTIONS
    ).transform()


def test_example_is_byte_identical(site: Path) -> None:
    html = page(site, EXAMPLE_SLUG)
    first = remembered(html)  # fills the memo
    assert remembered(html) == first == plain(html)


@pytest.mark.parametrize(("blocks", "seed"), [(12, 1), (12, 2), (30, 3), (50, 4), (120, 5)])
def test_generated_issues_are_byte_identical(site: Path, blocks: int, seed: int) -> None:
    remembered(page(site, EXAMPLE_SLUG))  # the memo is warm from another issue
    write_issue(site, "generated", blocks, seed=seed)
    html = page(site, "generated")
    assert remembered(html) == plain(html)


def test_an_edited_stylesheet_is_parsed_afresh(site: Path) -> None:
    before = remembered(page(site, EXAMPLE_SLUG))
    css = own_template(site, "style.css")
    css.write_text(
        css.read_text(encoding="utf-8") + "\n.story-title { letter-spacing: 3px; }\n",
        encoding="utf-8",
    )
    html = page(site, EXAMPLE_SLUG)
    after = remembered(html)
    assert after != before and after == plain(html)
    assert re.search(r'class="story-title" style=[^>]*letter-spacing:3px', after)


def test_each_stylesheet_is_serialised_once(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second issue skips premailer's parsing and serialising of the stylesheet."""
    remembered(page(site, EXAMPLE_SLUG))
    calls: list[str] = []
    parse = premailer.Premailer._parse_style_rules

    def counting(self: premailer.Premailer, css: str, index: int) -> object:
        calls.append(css)
        return parse(self, css, index)

    monkeypatch.setattr(premailer.Premailer, "_parse_style_rules", counting)
    write_issue(site, "generated", 12, seed=9)
    remembered(page(site, "generated"))
    assert calls == []
