"""Outlook for Windows: cells carry spacing and rules, VML buttons, font fallbacks, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from newsletter.checks import Email, run
from newsletter.commands.build import build
from newsletter.render.outlook import outlook_fallback, prose_cells
from tests.support import EXAMPLE_SLUG, copy_example, edit_settings

CELLS = {"td", "th"}
_ZERO = re.compile(r"^\s*(?:0(?:px)?\s*)+$")


def built_page(site: Path) -> str:
    build(site)
    return (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return built_page(copy_example(tmp_path_factory.mktemp("outlook")))


def shown_to_outlook(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Return the elements outside <!--[if !mso]> regions and mso-hide."""
    hidden: set[object] = set()
    for comment in tree.iter(etree.Comment):
        if (comment.text or "").startswith("[if !mso]"):
            node = comment.getnext()
            while node is not None and "<![endif]" not in str(node.text or ""):
                hidden.update(node.iter())
                node = node.getnext()
    return [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and el not in hidden
        and not any("mso-hide" in (a.get("style") or "") for a in (el, *el.iterancestors()))
    ]


def test_spacing_and_rules_outside_cells_do_not_depend_on_padding_or_border(page: str) -> None:
    tree = lxml_html.document_fromstring(page)
    leaning = []
    for el in shown_to_outlook(tree):
        if el.tag in CELLS | {"table", "img"}:
            continue
        style = dict(
            (name.strip(), value.strip())
            for name, _, value in (
                part.partition(":") for part in (el.get("style") or "").split(";")
            )
        )
        for name, value in style.items():
            if name.startswith(("padding", "border")) and not _ZERO.match(value) and value != "0":
                leaning.append((el.tag, el.get("class"), name, value))
    assert leaning == []
    # The rule under section headings and the bar of quotes are cells' borders now.
    rules = tree.xpath("//td[@class='section-rule']")
    assert rules and all("border-bottom:1px solid" in r.get("style") for r in rules)
    quote = tree.xpath("//td[@class='prose-quote']")[0]
    assert "border-left:3px solid" in quote.get("style")
    assert quote.xpath("./blockquote")


def test_lists_and_quotes_in_markdown_get_cells() -> None:
    html = (
        "<p>a</p>\n<ol>\n<li>one<ul>\n<li>x</li>\n</ul></li>\n</ol>\n"
        "<blockquote>\n<p>q</p>\n</blockquote>\n"
    )
    out = lxml_html.fragment_fromstring(prose_cells(html), create_parent="div")
    (ol,) = out.xpath("./table/tr/td[@class='prose-block']/ol")
    assert ol.xpath("./li/ul") and not out.xpath("//li//table")  # nested lists stay put
    assert out.xpath(
        "./table/tr/td[@class='prose-block']/table/tr/td[@class='prose-quote']/blockquote/p"
    )
    assert prose_cells("<p>plain</p>\n") == "<p>plain</p>\n"


def vml_buttons(page: str) -> list[dict[str, str]]:
    """Return href, text and fill of each VML button in the conditional comments."""
    found = []
    for comment in re.findall(r"<!--\[if mso\]>(.*?)<!\[endif\]-->", page, re.S):
        for match in re.finditer(r"<v:roundrect\b([^>]*)>(.*?)</v:roundrect>", comment, re.S):
            attrs = dict(re.findall(r'([\w:-]+)="([^"]*)"', match.group(1)))
            text = lxml_html.fragment_fromstring(match.group(2), create_parent="div").text_content()
            found.append({**attrs, "text": text.strip()})
    return found


def test_buttons_have_a_vml_twin_for_outlook(page: str) -> None:
    tree = lxml_html.document_fromstring(page)
    links = tree.xpath("//a[contains(concat(' ', @class, ' '), ' button ')]")
    vml = vml_buttons(page)
    assert len(links) == len(vml) == 3
    for link, shape in zip(links, vml, strict=True):
        assert shape["href"] == link.get("href")
        assert shape["text"] == link.text_content().strip()
        assert shape["arcsize"] == "9%"  # a 4 px radius on a 44 px high button
        assert "height:44px" in shape["style"]
    assert [shape["fillcolor"] for shape in vml] == ["#b3261e", "#b3261e", "#ffffff"]
    assert vml[2]["strokecolor"] == "#1f2328"  # the sponsor's outlined button


def mso_css(page: str) -> str:
    comments = re.findall(r"<!--\[if mso\]>(.*?)<!\[endif\]-->", page, re.S)
    return "".join(
        css for text in comments for css in re.findall(r"<style>(.*?)</style>", text, re.S)
    )


def test_outlook_font_fallback_only_for_stacks_starting_with_a_web_font(
    page: str, site: Path
) -> None:
    assert "!important" not in mso_css(page)  # Helvetica and Georgia: Outlook has both
    edit_settings(
        site,
        theme={
            "fonts": {"body": "Inter, Helvetica, Arial, sans-serif", "heading": "Georgia, serif"}
        },
    )
    css = mso_css(built_page(site))
    assert ".prose { font-family: Helvetica, Arial, sans-serif !important; }" in css
    assert ".lead-title" not in css and "h1" not in css.split("{")[0]
    assert outlook_fallback("'Playfair Display', Georgia, serif") == "Georgia, serif"
    assert outlook_fallback("Lato") == "Arial, sans-serif"
    assert outlook_fallback("Georgia, serif") is None


def findings(body: str, head: str = "") -> list[str]:
    html = (
        f'<!DOCTYPE html><html lang="en"><head>{head}</head>'
        f'<body><div lang="en">{body}</div></body></html>'
    )
    return [f.message for f in run(Email(html=html, text="Plain.\n")) if f.rule == "support.css"]


def test_padding_border_and_margin_outside_cells_are_reported() -> None:
    found = findings(
        '<h2 style="padding:0 0 8px; border-bottom:1px solid #ccc">H</h2>'
        '<div style="margin:10px 0">D</div><p style="margin:0 0 14px; padding:0">P</p>'
        '<table role="presentation"><tr>'
        '<td style="padding:8px; border:1px solid #ccc">C</td></tr></table>'
        '<!--[if !mso]><!--><a href="https://x.example" style="padding:12px">B</a><!--<![endif]-->'
    )
    assert sorted(message.split(" is not")[0] for message in found) == [
        "border outside table cells",
        "margin on div, span or a",
        "padding outside table cells",
    ]
    assert any("https://www.caniemail.com/features/css-padding/" in m for m in found)


def test_an_outlook_font_override_of_a_font_outlook_has_is_reported() -> None:
    head = (
        "<!--[if mso]><style>h1, p { font-family: Arial, sans-serif !important; }</style>"
        "<![endif]-->"
    )
    body = (
        "<h1 style=\"font-family: Georgia, 'Times New Roman', serif\">Title</h1>"
        '<p style="font-family: Inter, Arial, sans-serif">Body in a web font</p>'
    )
    (found,) = findings(body, head)
    assert found.startswith("an Outlook-only font-family !important replaces a font")


def test_background_images_need_a_vml_fallback() -> None:
    hero = (
        '<div style="background-image:url(https://x.example/bg.jpg); '
        'background-color:#123456">H</div>'
    )
    (found,) = findings(hero)
    assert found.startswith("background-image without a VML fallback")
    vml = (
        '<!--[if mso]><v:rect xmlns:v="urn:schemas-microsoft-com:vml" fill="true" stroke="false" '
        'style="width:600px"><v:fill type="frame" src="https://x.example/bg.jpg" /><![endif]-->'
    )
    assert findings(vml + hero) == []


def test_a_long_button_label_wraps_in_outlook_instead_of_widening_the_email() -> None:
    from newsletter.render.environment import _button_box, layout

    inner = layout(600)["inner"]
    short_width, short_height = _button_box("Send us your photos", inner)
    long_width, long_height = _button_box("Send us your photos " * 5, inner)
    assert short_width < inner
    assert long_width == inner and long_height > short_height
