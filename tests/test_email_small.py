"""Small defects a review in the browser found: each pinned by a test on the real output."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest

from tests.browser import open_page
from tests.support import EXAMPLE_SLUG, example_lead_url, run_cli
from tests.test_archive import make_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example with the archive on (and an older issue); return its root."""
    root = make_site(tmp_path_factory.mktemp("small") / "site")
    run_cli("build", root=root, check=True)
    return root


def test_images_with_an_empty_alt_have_no_role(built: Path) -> None:
    doc = lxml.html.fromstring((built / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    empty = [img for img in doc.iter("img") if img.get("alt") == ""]
    assert len(empty) == 2  # the logo and its dark version
    assert [img.get("role") for img in empty] == [None, None]


def test_archive_pages_carry_no_outlook_only_css(built: Path) -> None:
    page = (built / "out" / "archive" / EXAMPLE_SLUG / "index.html").read_text(encoding="utf-8")
    assert "masthead" in page
    assert re.findall(r"mso-[a-z-]+", page) == []


def test_the_archive_index_shares_the_newest_lead_image(built: Path) -> None:
    doc = lxml.html.fromstring((built / "out" / "archive" / "index.html").read_bytes())
    images = doc.xpath("//meta[@property='og:image']/@content")
    assert images == [example_lead_url()]


def test_grid_titles_sit_one_level_under_the_heading_before_them(built: Path) -> None:
    doc = lxml.html.fromstring((built / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    heading = doc.find_class("block-heading")[0]
    grid = doc.find_class("block-grid")[0]
    assert [el.tag for el in heading.iter("h2", "h3")] == ["h2"]
    assert {el.tag for el in grid.find_class("grid-title")} == {"h3"}


def test_every_read_more_puts_its_url_on_the_next_line(built: Path) -> None:
    text = (built / "out" / EXAMPLE_SLUG / "email.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    found = [i for i, line in enumerate(lines) if line.startswith("Read more")]
    assert len(found) == 5
    assert all(lines[i] == "Read more:" and lines[i + 1].startswith("https://") for i in found)


@pytest.mark.parametrize("width", [320, 375])
def test_the_archive_header_stays_on_one_row_on_phones(
    browser: Browser, built: Path, width: int
) -> None:
    html = (built / "out" / "archive" / EXAMPLE_SLUG / "index.html").read_text(encoding="utf-8")
    page = open_page(browser, width=width)
    try:
        page.set_content(html, wait_until="load")
        title, signup = (
            page.locator(selector).bounding_box() for selector in (".site-title", ".site-signup")
        )
        assert title is not None and signup is not None
        assert signup["y"] < title["y"] + title["height"], "the button is beside the title"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.context.close()
