"""The email's <style>: only rules that match something in the issue, for any mix of blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter import checks
from newsletter.models import BLOCK_TYPES
from newsletter.pipeline import open_newsletter, render_slug
from newsletter.render.inline import drop_unused_css
from tests.support import EXAMPLE_SLUG, REPO, copy_example, issue_data, write_issue


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("subsets"))


def render_with(site: Path, types: set[str]) -> tuple[str, list[checks.Finding]]:
    """Render the example issue keeping only blocks of the given types."""
    data, body = issue_data(REPO)
    data["blocks"] = [block for block in data["blocks"] if block["type"] in types]
    write_issue(site, data, body)
    rendered = render_slug(open_newsletter(site), EXAMPLE_SLUG)
    return rendered.html, checks.check(rendered)


def style_text(html: str) -> str:
    return "".join(re.findall(r"<style>(.*?)</style>", html, re.S))


SUBSETS = [
    *({kind} for kind in BLOCK_TYPES),
    *(set(BLOCK_TYPES) - {kind} for kind in BLOCK_TYPES),
    {"lead", "events"},
    {"grid", "jobs", "quote"},
]


@pytest.mark.parametrize("types", SUBSETS, ids=lambda types: "+".join(sorted(types)))
def test_any_mix_of_blocks_builds_without_findings(example_site: Path, types: set[str]) -> None:
    _, findings = render_with(example_site, types)
    assert [str(finding) for finding in findings] == []


def test_rules_for_missing_blocks_leave_style(example_site: Path) -> None:
    full, _ = render_with(example_site, set(BLOCK_TYPES))
    only_text, _ = render_with(example_site, {"text"})
    assert ".listing-title" in style_text(full)
    assert ".listing" not in style_text(only_text)
    assert "[data-ogsc] .listing-title" not in only_text
    assert len(style_text(only_text)) < len(style_text(full)) * 0.8


PAGE = """<!DOCTYPE html><html><head><style>
/* a comment */
.a { color: red; }
.gone, .a b { color: blue; }
.gone { color: green; }
.a:hover { color: pink; }
[data-ogsc] .a { color: #000 !important; }
[data-ogsc] .gone { color: #000 !important; }
u + .body .a { color: inherit; }
a[x-apple-data-detectors] { color: inherit !important; }
@media screen and (max-width: 600px) {
  .gone { display: none !important; }
}
@media (prefers-color-scheme: dark) {
  .a { color: white !important; }
  .gone { color: white !important; }
}
@font-face { font-family: X; src: url(https://example.org/x.woff2); }
</style></head><body class="body"><p class="a">x <b>y</b></p></body></html>
"""


def test_unused_selectors_rules_and_media_blocks_are_dropped() -> None:
    css = style_text(drop_unused_css(PAGE))
    assert css.split("\n")[1:] == [
        ".a { color: red; }",
        ".a b { color: blue; }",
        ".a:hover { color: pink; }",
        "[data-ogsc] .a { color: #000 !important; }",
        "u + .body .a { color: inherit; }",
        "a[x-apple-data-detectors] { color: inherit !important; }",
        "@media (prefers-color-scheme: dark) {",
        "  .a { color: white !important; }",
        "}",
        "@font-face { font-family: X; src: url(https://example.org/x.woff2); }",
        "",
    ]
