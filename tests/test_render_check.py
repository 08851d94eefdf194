"""check --render: small emails with one known defect each, found in the mode that shows it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from newsletter import checks
from newsletter.checks.engine import Email
from newsletter.errors import CommandFailed
from tests.browser import unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Body, wrapper and block carry their own colours, as the email's templates do.
TINT = "background-color:#ffffff; color:#222222"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<style>{style}</style></head>
<body style="margin:0; {tint}">
<div class="wrapper" style="{tint}">
<table class="container" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px">
<tr><td class="block block-text" style="padding:24px 24px 0; font:16px/24px Arial">
{body}
</td></tr>
<tr><td class="footer" style="padding:24px; font:13px/20px Arial; color:#555555">
<p style="margin:0"><a href="https://example.org/u" style="color:#555555">Unsubscribe</a></p>
</td></tr>
</table></div></body></html>
"""
IMAGE = (
    '<img src="https://example.org/a.jpg" width="552" height="300" alt="A view" '
    'class="image" style="display:block; width:100%; max-width:552px; height:auto">'
)
LONG_URL = "https://www.example.org/" + "a_very_long_path_segment/" * 3 + "x" * 8
assert len(LONG_URL) >= 107


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    from newsletter.checks.render.look import browser_page

    try:
        with browser_page() as opened:
            yield opened
    except CommandFailed as error:
        unavailable(str(error))


def findings(page: Page, body: str, *, style: str = "", tint: str = TINT) -> list[checks.Finding]:
    """Look at a one-block email in every mode; return the render findings."""
    from newsletter.checks.render.look import look

    html = PAGE.format(style=style, body=body, tint=tint)
    email = Email(html=html, text="", slug="fixture")
    email.looked = look(email, page)
    return [f for f in checks.run(email) if f.rule.startswith("render.")]


def rules_of(found: list[checks.Finding]) -> set[str]:
    return {f.rule for f in found}


def test_a_clean_email_has_no_render_findings(page: Page) -> None:
    body = f'{IMAGE}<p style="margin:0; padding-top:14px">A short story.</p>'
    assert [str(f) for f in findings(page, body)] == []


def test_a_bare_long_url_overflows_phones_and_is_named(page: Page) -> None:
    found = findings(page, f'<p style="margin:0">See {LONG_URL} for more.</p>')
    (overflow,) = [f for f in found if f.rule == "render.overflow"]
    assert "phone at 320, 375, 390, 412, 414, 430 px" in overflow.message
    assert LONG_URL[:30] in overflow.message
    assert overflow.block == 0 and overflow.where.startswith("blocks[0] (text), <p>")


def test_what_a_mode_changes_never_carries_into_the_next(page: Page) -> None:
    # Only the <style> narrows the box on phones: without it (no-style), phones overflow.
    style = "@media (max-width: 600px) { .wide { width: 100% !important; } }"
    body = '<div class="wide" style="width:500px">Wide without its style</div>'
    (overflow,) = [f for f in findings(page, body, style=style) if f.rule == "render.overflow"]
    assert "(no-style at 320, 375, 390, 412, 414, 430 px)" in overflow.message


def test_only_the_modes_asked_for_are_looked_at(page: Page) -> None:
    from newsletter.checks.render.look import look
    from newsletter.checks.render.modes import mode_named

    html = PAGE.format(style="", body=f"<p>See {LONG_URL}</p>", tint=TINT)
    email = Email(html=html, text="", slug="fixture")
    seen = look(email, page, only=(mode_named("gmail"),)).seen
    assert {(item.rule, item.mode, item.width) for item in seen} == {
        ("render.overflow", "gmail", 375),
        ("render.overflow", "gmail", 600),
    }


def test_text_one_pixel_below_its_image_is_found(page: Page) -> None:
    found = findings(page, f'{IMAGE}<p style="margin:0; padding-top:1px">Caption</p>')
    (gap,) = [f for f in found if f.rule == "render.image-gap"]
    assert "is 1 px below its image" in gap.message or "is 2 px below its image" in gap.message


COLUMN = '<div class="column" style="display:inline-block; width:100%; max-width:176px">'
GUTTER = '<div class="column gutter" style="display:inline-block; width:100%; max-width:12px">'
GRID = (
    '<div class="grid" style="font-size:0; text-align:left">'
    + f"{GUTTER}&nbsp;</div>".join(
        f'{COLUMN}<p style="font-size:16px; margin:0">{n}</p></div>'
        for n in ("One", "Two", "Three")
    )
    + "</div>"
)


def test_a_grid_column_wrapping_after_its_gutter_is_misaligned(page: Page) -> None:
    found = findings(page, GRID)
    (align,) = [f for f in found if f.rule == "render.column-align"]
    assert "12 px from the text edge" in align.message
    assert "412" in align.message


def test_a_low_contrast_dark_mode_pair_is_found(page: Page) -> None:
    style = (
        "@media (prefers-color-scheme: dark) { .dim { color: #3a3a3a !important; }"
        " .wrapper, .block { background-color: #111111 !important; } }"
    )
    found = findings(page, '<p class="dim" style="margin:0">Dim in the dark</p>', style=style)
    (low,) = [f for f in found if f.rule == "render.contrast" and "Dim" in f.message]
    assert low.message.startswith('<p> "Dim in the dark" has contrast')
    assert "(dark at 375, 600 px)" in low.message


def test_an_outlook_button_wider_than_its_column_is_found(page: Page) -> None:
    body = (
        '<table><tr><td class="button-cell"><!--[if mso]><v:roundrect href="https://example.org" '
        'style="height:44px;v-text-anchor:middle;width:877px;" arcsize="9%"><center>Label</center>'
        '</v:roundrect><![endif]--><a class="button" href="https://example.org" '
        'style="display:inline-block; padding:12px 22px">Label</a></td></tr></table>'
    )
    (wide,) = [f for f in findings(page, body) if f.rule == "render.button-width"]
    assert "Outlook's button (VML) is 877 px wide in a 552 px column" in wide.message


def test_a_button_that_cannot_wrap_is_wider_than_its_column(page: Page) -> None:
    label = "A very long call to action that goes on and on past the edge"
    body = (
        '<a class="button" href="https://example.org" style="display:inline-block; '
        f'white-space:nowrap; padding:12px 22px">{label}</a>'
    )
    (wide,) = [f for f in findings(page, body) if f.rule == "render.button-width"]
    assert "phone at 320" in wide.message


def test_content_past_gmails_clip_point_is_named(page: Page) -> None:
    words = "words " * 30
    filler = "\n".join(f'<p style="margin:0">Paragraph {n} {words}</p>' for n in range(600))
    (clipped,) = [f for f in findings(page, filler) if f.rule == "render.clipped"]
    assert "past Gmail's clip point of 102 KB" in clipped.message


def test_an_image_wider_than_its_column_crosses_it(page: Page) -> None:
    body = (
        '<div class="column" style="display:inline-block; width:100%; max-width:176px">'
        '<img src="https://example.org/b.jpg" width="300" height="200" alt="Wide" '
        'style="display:block; width:300px"></div>'
    )
    found = findings(page, body)
    assert any(f.rule == "render.crossing" and '<img> "Wide"' in f.message for f in found)


def test_an_image_without_height_loses_its_box_with_images_off(page: Page) -> None:
    body = (
        '<img src="https://example.org/c.jpg" width="552" alt="No height"'
        ' style="display:block; width:100%; height:auto">'
    )
    (box,) = [f for f in findings(page, body) if f.rule == "render.image-box"]
    assert "(images-off at 375, 600 px)" in box.message


def test_outlook_dark_rules_without_a_marked_ancestor_are_found(page: Page) -> None:
    # No ancestor of the title has its own colour for Outlook.com to mark.
    style = "[data-ogsc] .title { color: #eeeeee !important; }"
    body = '<h2 class="title" style="margin:0; color:#123456">Title</h2>'
    (dark,) = [
        f for f in findings(page, body, style=style, tint="") if f.rule == "render.outlook-dark"
    ]
    assert "[data-ogsc] .title" in dark.message
