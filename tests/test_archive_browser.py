"""The web archive in real headless Chromium: layout at phone and desktop width, live reload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsletter.preview.server import PreviewServer
from tests.browser import POLL_MS, open_page
from tests.support import EXAMPLE_SLUG, issue_data, write_issue
from tests.test_archive import DRAFT_SUBJECT, OLDER_SUBJECT, enable_archive, make_site
from tests.test_preview import edit_until, subject_is

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTHS = (375, 1024)

BOX_JS = """(element) => {
    const box = element.getBoundingClientRect();
    return {left: box.left, right: box.right, width: box.width, height: box.height};
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """Preview a newsletter with the archive on: two ready issues and a draft."""
    root = make_site(tmp_path_factory.mktemp("archive-browser") / "site")
    with PreviewServer(root, port=0) as server:
        yield server


def no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_page_fits_and_shows_the_lead_image_and_title(
    browser: Browser, served: PreviewServer, width: int, tmp_path: Path
) -> None:
    data, _ = issue_data(served.preview.root)
    page = open_page(browser, width=width)
    try:
        page.goto(f"{served.origin}/archive/{EXAMPLE_SLUG}/")
        page.wait_for_load_state("load")
        page.wait_for_function(
            "Array.from(document.images).every((image) => image.complete)", polling=POLL_MS
        )
        no_sideways_scroll(page, width)
        title = page.locator("h1.issue-subject")
        assert title.is_visible() and title.inner_text() == data["subject"]
        lead = page.locator(".block-lead img")
        assert lead.is_visible()
        assert lead.evaluate("(image) => image.naturalWidth") > 0
        box = lead.evaluate(BOX_JS)
        assert box["left"] >= 0 and box["right"] <= width and box["height"] > 0
        assert box["width"] >= min(width - 2 * 24, 552) - 1, "the lead image spans the column"
        columns = [column.evaluate(BOX_JS) for column in page.locator(".column:not(.gutter)").all()]
        assert len(columns) == 2 and all(column["right"] <= width for column in columns)
        page.screenshot(path=tmp_path / f"issue-{width}.png", full_page=True)
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_index_lists_the_ready_issues_and_not_the_draft(
    browser: Browser, served: PreviewServer, width: int
) -> None:
    data, _ = issue_data(served.preview.root)
    page = open_page(browser, width=width)
    try:
        page.goto(f"{served.origin}/archive/")
        page.wait_for_load_state("load")
        no_sideways_scroll(page, width)
        subjects = page.locator(".archive-item h2").all_inner_texts()
        assert subjects == [data["subject"], OLDER_SUBJECT]
        assert DRAFT_SUBJECT not in page.inner_text("body")
        page.click(f"text={OLDER_SUBJECT}")
        page.locator("h1.issue-subject").filter(has_text=OLDER_SUBJECT).wait_for()
        page.click("text=All issues >> nth=0")
        page.locator(".archive-item").first.wait_for()
        assert page.url == f"{served.origin}/archive/"
    finally:
        page.context.close()


def test_latest_opens_the_newest_issue(browser: Browser, served: PreviewServer) -> None:
    page = open_page(browser, width=1024)
    try:
        page.goto(f"{served.origin}/archive/latest/")
        page.wait_for_url(f"**/archive/{EXAMPLE_SLUG}/")
        page.locator("h1.issue-subject").wait_for()
    finally:
        page.context.close()


def test_archive_page_reloads_after_an_edit(browser: Browser, site: Path) -> None:
    enable_archive(site)
    data, body = issue_data(site)
    with PreviewServer(site, port=0) as server:
        page = open_page(browser, width=1024)
        try:
            page.goto(f"{server.origin}/archive/{EXAMPLE_SLUG}/")
            page.locator("h1.issue-subject").filter(has_text=data["subject"]).wait_for()
            page.evaluate("window.beforeEdit = true")
            data["subject"] = "Edited while the archive page was open"
            edit_until(server, lambda: write_issue(site, data, body), subject_is(data["subject"]))
            page.locator("h1.issue-subject").filter(has_text=data["subject"]).wait_for()
            assert page.evaluate("window.beforeEdit") is None, "the page reloaded itself"
        finally:
            page.context.close()
