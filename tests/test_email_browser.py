"""The built email in headless Chromium: phone and desktop widths, no <style>, images off."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newsletter.commands.build import build
from tests.browser import WAIT_MS, offline
from tests.support import EXAMPLE_SLUG, copy_example

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WIDTHS = (320, 375, 414, 600, 700)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S | re.I)

# For each content image: its box and the content box of the column it sits in (the
# nearest grid column, card or block cell), padding and borders taken off.
IMAGE_COLUMNS_JS = """() => Array.from(document.querySelectorAll('img.image')).map((img) => {
    const column = img.closest('.column-gap, .column, .promo, td.block');
    const box = column.getBoundingClientRect();
    const style = getComputedStyle(column);
    const px = (name) => parseFloat(style.getPropertyValue(name)) || 0;
    const image = img.getBoundingClientRect();
    return {
        src: img.getAttribute('src').split('/').pop(),
        left: image.left, right: image.right,
        columnLeft: box.left + px('padding-left') + px('border-left-width'),
        columnRight: box.right - px('padding-right') - px('border-right-width'),
    };
})"""
BOXES_JS = """(selector) => Array.from(document.querySelectorAll(selector)).map((element) => {
    const box = element.getBoundingClientRect();
    return {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


@pytest.fixture(scope="module")
def email_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    site = copy_example(tmp_path_factory.mktemp("browser"))
    build(site)
    return (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")


def load(browser: Browser, html: str, *, width: int, dark: bool = False) -> Page:
    """Open the email at a window width, its remote images replaced by a placeholder."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light"
    )
    offline(context)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.set_content(html, wait_until="load")
    return page


def without_style(html: str) -> str:
    """Remove every <style>, as Gmail apps do for non-Google accounts."""
    return _STYLE.sub("", html)


def scroll_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_images_fill_their_column_at_every_width(
    browser: Browser, email_html: str, width: int
) -> None:
    page = load(browser, email_html, width=width)
    try:
        images = page.evaluate(IMAGE_COLUMNS_JS)
        assert len(images) == 6  # every image but the logo
        off = [
            (
                image["src"],
                round(image["left"] - image["columnLeft"], 1),
                round(image["right"] - image["columnRight"], 1),
            )
            for image in images
            if abs(image["left"] - image["columnLeft"]) > 1
            or abs(image["right"] - image["columnRight"]) > 1
        ]
        assert off == []
        assert scroll_width(page) <= width
    finally:
        page.context.close()


def test_without_style_stacked_columns_line_up_with_the_content(
    browser: Browser, email_html: str
) -> None:
    page = load(browser, without_style(email_html), width=375)
    try:
        first, second = page.evaluate(BOXES_JS, ".column:not(.gutter)")
        content = page.evaluate(BOXES_JS, "td.block-story")[0]
        story = page.evaluate(BOXES_JS, "td.block-story h2")[0]
        assert second["top"] >= first["bottom"] - 1  # stacked
        assert abs(first["left"] - story["left"]) <= 1
        assert abs(second["left"] - story["left"]) <= 1
        assert content["left"] < first["left"]
        assert scroll_width(page) <= 375
    finally:
        page.context.close()


def test_without_style_columns_sit_side_by_side_on_desktop(
    browser: Browser, email_html: str
) -> None:
    page = load(browser, without_style(email_html), width=700)
    try:
        first, second = page.evaluate(BOXES_JS, ".column:not(.gutter)")
        assert abs(first["top"] - second["top"]) < 1
        assert second["left"] >= first["right"]
    finally:
        page.context.close()


IMAGES_OFF_JS = """() => Array.from(document.querySelectorAll('img.image')).map((img) => {
    const box = img.getBoundingClientRect();
    const style = getComputedStyle(img);
    return {
        width: box.width, height: box.height,
        ratio: img.getAttribute('height') / img.getAttribute('width'),
        cell: getComputedStyle(img.closest('td.image-cell')).backgroundColor,
        font: style.fontSize, colour: style.color,
    };
})"""


@pytest.mark.parametrize("width", (375, 700))
def test_with_images_off_boxes_keep_their_shape_and_colour(
    browser: Browser, email_html: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda route: route.abort())  # every image blocked
    try:
        page = context.new_page()
        page.set_content(email_html, wait_until="load")
        images = page.evaluate(IMAGES_OFF_JS)
        assert len(images) == 6
        for image in images:
            assert abs(image["height"] - image["width"] * image["ratio"]) <= 2, image
            assert image["cell"] == "rgb(242, 240, 235)"  # theme.light.background
            assert (image["font"], image["colour"]) == ("14px", "rgb(92, 99, 112)")
    finally:
        context.close()


@pytest.mark.parametrize("dark", (False, True))
def test_dark_logo_shows_in_dark_mode_only(browser: Browser, email_html: str, dark: bool) -> None:
    page = load(browser, email_html, width=700, dark=dark)
    try:
        assert page.locator("img.logo-light").is_visible() is not dark
        assert page.locator(".logo-dark img").is_visible() is dark
        background = page.eval_on_selector(
            ".container", "(e) => getComputedStyle(e).backgroundColor"
        )
        assert background == ("rgb(27, 31, 36)" if dark else "rgb(255, 255, 255)")
    finally:
        page.context.close()


DESIGN_JS = """() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    const size = (selector) => parseFloat(style(selector).fontSize);
    const rows = Array.from(document.querySelectorAll('.container > tbody > tr > td'));
    const container = document.querySelector('.container').getBoundingClientRect();
    const listings = Array.from(document.querySelectorAll('.block-events .listing-title'));
    const linked = listings.find((p) => p.querySelector('a'));
    const plain = listings.find((p) => !p.querySelector('a'));
    return {
        leadTitle: size('.lead-title'), storyTitle: size('.block-story .story-title'),
        leadText: size('.block-lead .prose p'), storyText: size('.block-story .prose p'),
        order: rows.map((td) => td.className),
        primary: style('.block-button .button').backgroundColor,
        primaryBorder: style('.block-button .button').borderTopWidth,
        promo: style('.block-promo .button').backgroundColor,
        promoBorder: style('.block-promo .button').borderTopWidth,
        linked: [getComputedStyle(linked.querySelector('a')).color,
                 getComputedStyle(linked.querySelector('a')).fontWeight],
        plain: [getComputedStyle(plain).color, getComputedStyle(plain).fontWeight],
        above: container.top, below: document.documentElement.scrollHeight - container.bottom,
    };
}"""


@pytest.mark.parametrize("width", (375, 700))
def test_design_gives_the_lead_weight_and_keeps_kinds_of_content_apart(
    browser: Browser, email_html: str, width: int
) -> None:
    page = load(browser, email_html, width=width)
    try:
        design = page.evaluate(DESIGN_JS)
    finally:
        page.context.close()
    assert design["leadTitle"] > design["storyTitle"] + 4
    assert design["leadText"] > design["storyText"]
    # A rule separates each story from the story before it.
    order = [name.split()[-1] for name in design["order"] if name.startswith("block")]
    for before, after in (("block-lead", "block-story"), ("block-grid", "block-story")):
        at = order.index(after, order.index(before))
        assert order[at - 1] == "separator", order
    # The sponsor's button is outlined on the surface colour, the newsroom's is filled.
    assert design["primary"] == "rgb(179, 38, 30)" and design["primaryBorder"] == "0px"
    assert design["promo"] == "rgb(255, 255, 255)" and design["promoBorder"] == "2px"
    assert design["linked"] == design["plain"]
    if width == 700:  # the card floats on the background on wide screens
        assert design["above"] >= 23 and design["below"] >= 23  # 24 px, give or take rounding
    else:
        assert design["above"] == 0


def screenshot(browser: Browser, html: str, path: Path, *, width: int, dark: bool = False) -> None:
    page = load(browser, html, width=width, dark=dark)
    try:
        page.screenshot(path=path, full_page=True)
    finally:
        page.context.close()
