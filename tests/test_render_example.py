"""check --render on the example: no findings, even stretched by what broke it before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsletter import checks
from newsletter.errors import CommandFailed
from newsletter.pipeline import open_newsletter, render_slug
from tests.browser import unavailable
from tests.support import EXAMPLE_SLUG, copy_example, issue_data, write_issue

if TYPE_CHECKING:
    from playwright.sync_api import Page

# A bare 107-character URL, which nothing breaks but overflow-wrap.
LONG_URL = "https://www.millbrookweekly.example/news/2026/06/" + "x" * 58
LONG_LABEL = "Send us your photos of the Vale Show from any year before 1990, with names and dates"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    from newsletter.checks.render.look import browser_page

    try:
        with browser_page() as opened:
            yield opened
    except CommandFailed as error:
        unavailable(str(error))


def render_findings(page: Page, site: Path) -> list[str]:
    from newsletter.checks.render.look import look

    rendered = render_slug(open_newsletter(site), EXAMPLE_SLUG)
    email = checks.Email.of(rendered)
    email.looked = look(email, page)
    return [str(f) for f in checks.run(email) if f.rule.startswith("render.")]


def stretched(site: Path) -> Path:
    """Add a bare long URL, a three-column grid and a long button label to the example."""
    data, body = issue_data(site)
    grid = next(block for block in data["blocks"] if block["type"] == "grid")
    third = dict(grid["stories"][0], title="A third column of news")
    data["blocks"].append({"type": "grid", "stories": [*grid["stories"], third]})
    button = next(block for block in data["blocks"] if block["type"] == "button")
    button["text"] = LONG_LABEL
    write_issue(site, data, f"{body}\nThe full report: {LONG_URL}\n")
    return site


def test_the_example_passes_in_every_mode(page: Page, tmp_path: Path) -> None:
    assert render_findings(page, copy_example(tmp_path)) == []


def test_a_long_url_a_three_column_grid_and_a_long_label_pass(page: Page, tmp_path: Path) -> None:
    assert len(LONG_URL) == 107
    assert render_findings(page, stretched(copy_example(tmp_path))) == []


# Each grid column that starts a row: its distance from the grid's text edge.
ROW_STARTS_JS = """() => Array.from(document.querySelectorAll('.grid')).flatMap((grid) => {
    const edge = grid.getBoundingClientRect().left;
    const boxes = Array.from(grid.querySelectorAll(':scope > .column'))
        .map((c) => c.getBoundingClientRect());
    return boxes.filter((b) => !boxes.some((o) => Math.abs(o.top - b.top) < 2 && o.left < b.left))
        .map((b) => Math.round(b.left - edge));
})"""


def test_grid_columns_start_at_the_text_edge_at_every_width_without_style(
    page: Page, tmp_path: Path
) -> None:
    from newsletter.checks.render.look import annotated
    from newsletter.checks.render.modes import script

    rendered = render_slug(open_newsletter(stretched(copy_example(tmp_path))), EXAMPLE_SLUG)
    page.set_content(annotated(checks.Email.of(rendered)))
    page.evaluate(script("no_style"))
    off = {}
    # Every 16 px, and every pixel where 412- and 414-px phones sit.
    for width in sorted({*range(320, 801, 16), *range(404, 432)}):
        page.set_viewport_size({"width": width, "height": 600})
        starts = page.evaluate(ROW_STARTS_JS)
        if any(starts):
            off[width] = starts
    assert off == {}
