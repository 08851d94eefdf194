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
