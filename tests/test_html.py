"""The built HTML email: structure, inlined styles, images, links, Outlook and dark mode."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from newsletter.commands.build import build
from tests.support import EXAMPLE_SLUG, edit_settings


@pytest.fixture
def built(site: Path) -> Path:
    build(site)
    return site / "out" / EXAMPLE_SLUG


@pytest.fixture
def page(built: Path) -> str:
    return (built / "email.html").read_text(encoding="utf-8")


@pytest.fixture
def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def head_css(tree: lxml_html.HtmlElement) -> str:
    return "\n".join(style.text or "" for style in tree.xpath("//head/style"))


def test_document_head_has_the_email_meta_tags(page: str, tree: lxml_html.HtmlElement) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    root = tree.getroottree().getroot()
    assert root.get("lang") == "en-GB"
    assert root.get("dir") == "ltr"
    metas = {m.get("name") or m.get("http-equiv") or "charset": m for m in tree.xpath("//meta")}
    assert tree.xpath("//meta[@charset='utf-8']")
    assert "width=device-width" in metas["viewport"].get("content")
    assert "x-apple-disable-message-reformatting" in metas
    assert metas["color-scheme"].get("content") == "light dark"
    assert metas["supported-color-schemes"].get("content") == "light dark"
    assert "<o:PixelsPerInch>96</o:PixelsPerInch>" in page


def test_language_and_direction_are_repeated_inside_body(site: Path) -> None:
    edit_settings(site, language="ar", direction="rtl")
    build(site)
    tree = lxml_html.parse(str(site / "out" / EXAMPLE_SLUG / "email.html")).getroot()
    wrapper = tree.xpath("//body/div[contains(@class, 'wrapper')]")[0]
    assert (wrapper.get("lang"), wrapper.get("dir")) == ("ar", "rtl")
    assert (tree.get("lang"), tree.get("dir")) == ("ar", "rtl")


def test_right_to_left_languages_mirror_the_layout(site: Path) -> None:
    edit_settings(site, language="he", direction="rtl")
    build(site)
    tree = lxml_html.parse(str(site / "out" / EXAMPLE_SLUG / "email.html")).getroot()
    quote = tree.xpath("//td[@class='quote']")[0].get("style").replace(" ", "")
    assert "border-right:4px" in quote and "border-left" not in quote
    column = tree.xpath("//div[@class='column']")[0].get("style").replace(" ", "")
    assert "text-align:right" in column


def test_layout_tables_are_presentational(tree: lxml_html.HtmlElement) -> None:
    tables = tree.xpath("//table")
    assert len(tables) > 10
    assert all(table.get("role") == "presentation" for table in tables)
    container = tree.xpath("//table[contains(@class, 'container')]")[0]
    assert "max-width:600px" in container.get("style").replace(" ", "")


def test_stylesheet_is_inlined(tree: lxml_html.HtmlElement) -> None:
    title = tree.xpath("//h2[contains(@class, 'lead-title')]")[0]
    style = title.get("style")
    assert "font-size:30px" in style and "color:#13315c" in style
    for paragraph in tree.xpath("//div[contains(@class, 'prose')]/p"):
        assert "margin" in (paragraph.get("style") or "")
    body_links = tree.xpath("//body//a")
    assert all(a.get("style") for a in body_links)


def test_head_keeps_rules_that_cannot_be_inlined(tree: lxml_html.HtmlElement) -> None:
    css = head_css(tree)
    assert "@media screen and (max-width: 620px)" in css
    assert "@media (prefers-color-scheme: dark)" in css
    assert "[data-ogsc] .lead-title" in css and "[data-ogsb] .container" in css
    # premailer's default would strip these, letting the inline styles win on phones.
    phone = css.split("@media screen and (max-width: 620px)")[1].split("@media")[0]
    assert "display: block !important" in phone
    dark = css.split("@media (prefers-color-scheme: dark)")[1]
    assert "#111418 !important" in dark  # the theme's dark background


def test_every_class_targeted_by_kept_rules_is_still_in_the_body(
    tree: lxml_html.HtmlElement,
) -> None:
    css = head_css(tree)
    kept = re.sub(r"/\*.*?\*/", "", css[css.index("@media") :], flags=re.S)
    targeted = set(re.findall(r"\.([a-z][a-z0-9-]*)", kept)) - {"body"}
    present = set()
    for element in tree.xpath("//body//*[@class]") + tree.xpath("//body"):
        present.update(element.get("class").split())
    assert targeted <= present, targeted - present


def test_grid_has_fluid_columns_and_an_outlook_ghost_table(
    page: str, tree: lxml_html.HtmlElement
) -> None:
    columns = tree.xpath("//div[contains(@class, 'grid')]/div[@class='column']")
    assert len(columns) == 2
    # The gap (16 px) is padding at the end of the first column, inside its width.
    widths = []
    for column in columns:
        style = column.get("style").replace(" ", "")
        assert "display:inline-block" in style
        widths.append(re.search(r"max-width:(\d+)px", style).group(1))
    assert widths == ["284", "268"]
    gaps = columns[0].find_class("column-gap")
    assert gaps and all("padding-right:16px" in cell.get("style") for cell in gaps)
    assert not columns[1].find_class("column-gap")
    assert re.search(r"<!--\[if mso\]><table role=\"presentation\" width=\"552\"", page)
    assert page.count('<td width="284" valign="top">') == 1
    assert page.count('<td width="268" valign="top">') == 1


def test_three_story_grid_gets_three_columns(site: Path) -> None:
    from tests.support import issue_data, write_issue

    data, body = issue_data(site)
    grid = next(b for b in data["blocks"] if b["type"] == "grid")
    grid["stories"].append({**grid["stories"][0], "title": "A third story"})
    write_issue(site, data, body)
    build(site)
    tree = lxml_html.parse(str(site / "out" / EXAMPLE_SLUG / "email.html")).getroot()
    columns = tree.xpath("//div[contains(@class, 'grid')]/div[@class='column']")
    assert len(columns) == 3
    widths = [re.search(r"max-width:(\d+)px", c.get("style")).group(1) for c in columns]
    assert widths == ["189", "189", "173"]


def test_buttons_are_bulletproof(tree: lxml_html.HtmlElement) -> None:
    # Outlook for Windows gets a VML twin of each (tests/test_email_outlook.py).
    cells = tree.xpath("//td[contains(@class, 'button-cell')]")
    assert len(cells) >= 3
    for cell in cells:
        link = cell.xpath("./a[contains(@class, 'button')]")[0]
        style = link.get("style")
        assert "display:inline-block" in style and "background-color:#" in style
        assert re.search(r"padding:(12px 22px|10px 20px)", style)  # 2 px less for outlines


def test_images_have_alt_width_absolute_src_and_display_block(
    tree: lxml_html.HtmlElement,
) -> None:
    images = tree.xpath("//img")
    assert len(images) == 8  # seven and the logo's dark version
    for image in images:
        if "logo" in image.get("class"):  # the name follows as text
            assert (image.get("alt"), image.get("role")) == ("", None)
        else:
            assert image.get("alt"), image.get("src")
        assert int(image.get("width")) <= 552
        assert urlsplit(image.get("src")).scheme == "https"
        assert "display:block" in image.get("style")
        assert image.get("height") != "auto"


def test_links_are_absolute_and_descriptive(tree: lxml_html.HtmlElement) -> None:
    links = tree.xpath("//a[@href]")
    assert len(links) > 20
    for link in links:
        href = link.get("href")
        if href.startswith("*|"):
            continue
        assert urlsplit(href).scheme in ("http", "https", "mailto"), href
        alts = " ".join(img.get("alt", "") for img in link.xpath(".//img"))
        text = (link.text_content().strip() or alts).lower()
        assert text and text not in {"click here", "here", "read more"}, href


def test_headings_are_in_order(tree: lxml_html.HtmlElement) -> None:
    levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_preheader_is_hidden_and_padded(page: str, tree: lxml_html.HtmlElement) -> None:
    preheader = tree.xpath("//body/div[contains(@class, 'preheader')]")[0]
    assert preheader.getprevious() is None  # first thing in the body
    style = preheader.get("style").replace(" ", "")
    assert "display:none" in style and "mso-hide:all" in style
    assert preheader.text_content().startswith("The footbridge is back after eight months")
    # premailer would leave the filler as raw characters; it is written back as entities.
    assert page.count("&#847;&zwnj;&nbsp;") == 80
    assert "\u00a0" not in page


def test_html_is_small_and_lines_are_short(page: str) -> None:
    size = len(page.encode())
    assert size < 60_000  # far below Gmail's ~102 KB clipping
    assert max(len(line) for line in page.splitlines()) < 998


def test_markdown_html_is_escaped_not_passed_through(site: Path) -> None:
    from tests.support import issue_data, write_issue

    data, _ = issue_data(site)
    data["blocks"][1]["summary"] = 'Hello <script>alert("x")</script> <b onclick="y">bold</b>'
    write_issue(site, data, "Intro with <img src=x onerror=alert(1)>")
    build(site)
    page = (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
    tree = lxml_html.document_fromstring(page)
    assert not tree.xpath("//script") and not tree.xpath("//b") and len(tree.xpath("//img")) == 8
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page


def test_content_values_are_autoescaped(site: Path) -> None:
    from tests.support import issue_data, write_issue

    data, body = issue_data(site)
    data["blocks"][0]["title"] = 'Fish & chips <em>"tonight"</em>'
    write_issue(site, data, body)
    build(site)
    tree = lxml_html.parse(str(site / "out" / EXAMPLE_SLUG / "email.html")).getroot()
    title = tree.xpath("//h2[contains(@class, 'lead-title')]")[0]
    assert title.text_content() == 'Fish & chips <em>"tonight"</em>'
    assert not title.xpath(".//em")


def test_build_is_deterministic_across_processes(site: Path, tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        root = tmp_path / f"seed{seed}"
        shutil.copytree(site / "content", root / "content")
        shutil.copytree(site / "templates", root / "templates")
        subprocess.run(
            [sys.executable, "-m", "newsletter", "build", "--root", str(root)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        out = root / "out" / EXAMPLE_SLUG
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    build(site)
    first = {p.name: p.read_bytes() for p in (site / "out" / EXAMPLE_SLUG).iterdir()}
    other = tmp_path / "again"
    import shutil

    shutil.copytree(site / "content", other / "content")
    shutil.copytree(site / "templates", other / "templates")
    build(other)
    second = {p.name: p.read_bytes() for p in (other / "out" / EXAMPLE_SLUG).iterdir()}
    assert first == second
    assert set(first) == {"email.html", "email.txt", "email.eml", "manifest.json"}
