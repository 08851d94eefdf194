"""check --render on the example: no findings, even stretched by what broke it before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lxml import html as lxml_html

from newsletter import checks
from newsletter.errors import CommandFailed
from newsletter.pipeline import open_newsletter, render_slug
from tests.browser import unavailable
from tests.support import EXAMPLE_SLUG, copy_example, issue_data, run_cli, write_issue

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


def test_check_render_shots_writes_a_shot_per_mode_and_a_contact_sheet(tmp_path: Path) -> None:
    from newsletter.checks.render.look import find_browser
    from newsletter.checks.render.modes import modes

    try:
        find_browser()
    except CommandFailed as error:
        unavailable(str(error))
    site = copy_example(tmp_path / "site")
    shots = tmp_path / "shots"
    result = run_cli("check", "--render", "--shots", str(shots), root=site)
    assert result.returncode == 0, result.stderr
    assert f"{EXAMPLE_SLUG}: no problems found" in result.stdout
    pngs = sorted(path.name for path in shots.glob("*.png"))
    assert len(pngs) == sum(len(mode.widths) for mode in modes())
    sheet = lxml_html.fromstring((shots / f"{EXAMPLE_SLUG}.html").read_bytes())
    assert sorted(img.get("src") for img in sheet.iter("img")) == pngs
    assert [path.name for path in shots.iterdir() if path.name.startswith(".")] == []


def test_check_render_without_a_browser_says_so_in_one_line(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    missing = str(tmp_path / "no-such-browser")
    result = run_cli("check", "--render", root=site, env={"NEWSLETTER_BROWSER": missing})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "NEWSLETTER_BROWSER" in result.stderr and "Traceback" not in result.stderr
