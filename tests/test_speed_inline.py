"""premailer with its per-stylesheet work remembered gives exactly premailer's output."""

from __future__ import annotations

import re
from pathlib import Path

import premailer
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import write_issue
from newsletter.render import inline as inline_module
from newsletter.runtime.cache import Store, default_store
from tests.support import EXAMPLE_SLUG, own_template, page_before_inlining, stylesheet_parses


def page(root: Path, slug: str) -> str:
    """Return an issue's HTML before inlining, its doctype as premailer needs it."""
    html = page_before_inlining(root, slug)
    return inline_module._DOCTYPE.sub("<!DOCTYPE html>", html, count=1)


def plain(html: str) -> str:
    """Return what unmodified premailer makes of the HTML, with the build's options."""
    return premailer.Premailer(html, **inline_module.PREMAILER_OPTIONS).transform()


def remembered(html: str) -> str:
    return inline_module.memo_premailer(default_store())(
        html, **inline_module.PREMAILER_OPTIONS
    ).transform()


def test_example_is_byte_identical(site: Path) -> None:
    html = page(site, EXAMPLE_SLUG)
    first = remembered(html)  # fills the memo
    assert remembered(html) == first == plain(html)


@pytest.mark.parametrize(("blocks", "seed"), [(12, 1), (12, 2), (30, 3), (50, 4), (120, 5)])
def test_generated_issues_are_byte_identical(site: Path, blocks: int, seed: int) -> None:
    remembered(page(site, EXAMPLE_SLUG))  # the memo is warm from another issue
    write_issue(site, "generated", blocks, seed=seed)
    html = page(site, "generated")
    assert remembered(html) == plain(html)


def test_an_edited_stylesheet_is_parsed_afresh(site: Path) -> None:
    before = remembered(page(site, EXAMPLE_SLUG))
    css = own_template(site, "style.css")
    css.write_text(
        css.read_text(encoding="utf-8") + "\n.story-title { letter-spacing: 3px; }\n",
        encoding="utf-8",
    )
    html = page(site, EXAMPLE_SLUG)
    after = remembered(html)
    assert after != before and after == plain(html)
    assert re.search(r'class="story-title" style=[^>]*letter-spacing:3px', after)


def test_each_stylesheet_is_serialised_once(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second issue skips premailer's parsing and serialising of the stylesheet."""
    remembered(page(site, EXAMPLE_SLUG))
    calls = stylesheet_parses(monkeypatch)
    write_issue(site, "generated", 12, seed=9)
    remembered(page(site, "generated"))
    assert calls == []


TRICKY_CSS = """
/* a comment with { braces } and ; */
p { color: red; font-family: "A;B", 'C}D' }
@media screen and (max-width: 600px) { .a { color: blue !important } }
.b, td.c > a { color: green; margin: 0 !important }
@font-face { font-family: X; src: url("x;y.woff") }
h1:first-child { padding: 1px }
a:hover { color: pink }
"""


@pytest.mark.parametrize("css", ["EXAMPLE", TRICKY_CSS, ".a { color: red", "@namespace x; .a{}"])
def test_a_stylesheet_read_statement_by_statement_has_premailers_rules(
    site: Path, tmp_path: Path, css: str
) -> None:
    if css == "EXAMPLE":
        html = page(site, EXAMPLE_SLUG)
        css = re.search(r"<style[^>]*>(.*?)</style>", html, re.DOTALL).group(1)
    whole = premailer.Premailer("", **inline_module.PREMAILER_OPTIONS)
    store = Store(tmp_path / "store", "code", secret=b"k" * 32)
    for _ in range(2):  # parsed, then assembled from the statements remembered
        memo = inline_module.memo_premailer(store)("", **inline_module.PREMAILER_OPTIONS)
        assert memo._parse_style_rules(css, 3) == (whole._parse_style_rules(css, 3)[0], [])


def test_another_accent_colour_parses_only_the_statements_it_changes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = page(site, EXAMPLE_SLUG)
    remembered(html)
    css = re.search(r"<style[^>]*>(.*?)</style>", html, re.DOTALL).group(1)
    colours = re.findall(r"#[0-9a-fA-F]{6}\b", css)
    accent = min(colours, key=colours.count)  # a colour of a few rules, as an accent is
    changed = html.replace(accent, "#123456")
    expected = plain(changed)
    calls = stylesheet_parses(monkeypatch)
    assert remembered(changed) == expected
    assert calls and all(accent not in part and "#123456" in part for part in calls)
    assert sum(len(part) for part in calls) < len(css) / 4  # not the whole stylesheet


BODY = (
    '<body><div id="x" class="a b"><p class="c">one</p><p>two</p><a href="#" title="t">l</a>'
    '</div><ul><li>1</li><li class="c">2</li></ul></body>'
)


def with_styles(*sheets: str) -> str:
    """Return a document with a <style> element for each stylesheet."""
    styles = "".join(f"<style>{css}</style>" for css in sheets)
    return f"<!DOCTYPE html><html><head>{styles}</head>{BODY}</html>"


def remembered_in(tmp_path: Path, html: str) -> str:
    store = Store(tmp_path / "store", "code", secret=b"k" * 32)
    return inline_module.memo_premailer(store)(html, **inline_module.PREMAILER_OPTIONS).transform()


def test_an_empty_style_element_is_inlined_as_premailer_does(tmp_path: Path) -> None:
    html = with_styles("", "p { color: red }")
    assert remembered_in(tmp_path, html) == plain(html)


# Stylesheets whose statements do not end where a naive split of braces and semicolons
# would end them: a top-level ";" or an open bracket or parenthesis makes the rule after
# it part of an invalid one, which premailer (cssutils) drops.
MISLEADING_CSS = [
    "p { color: red };li { color: blue }",
    ";li { color: blue } p { color: red }",
    '@import "x.css"; ;li { color: blue } p { margin: 0 }',
    "a[ { margin: 0 } p { color: red }",
    "a[title { margin: 0 } p { color: red }] li { color: blue }",
    "p:not( { margin: 0 } li { color: blue }",
    "p { margin: (; } li { color: blue }",
    "p { margin: [; } li { color: blue }",
]


@pytest.mark.parametrize("css", MISLEADING_CSS)
def test_a_stylesheet_split_into_statements_keeps_premailers_rules(
    tmp_path: Path, css: str
) -> None:
    html = with_styles(css)
    assert remembered_in(tmp_path, html) == plain(html)


def test_attributes_left_out_by_one_premailer_are_added_by_another(tmp_path: Path) -> None:
    """What a style implies is remembered apart for each list of attributes left out."""
    html = with_styles("p { width: 10px; text-align: center }")
    store = Store(tmp_path / "store", "code", secret=b"k" * 32)
    memo_class = inline_module.memo_premailer(store)
    memo_class(html, **inline_module.PREMAILER_OPTIONS).transform()  # width left out
    options = {**inline_module.PREMAILER_OPTIONS, "disable_basic_attributes": []}
    assert (
        memo_class(html, **options).transform() == premailer.Premailer(html, **options).transform()
    )


# Generated documents and stylesheets: selectors of every kind premailer inlines or
# skips, declarations premailer turns into attributes, and text that misleads a reader
# of statements (comments, strings, brackets, stray semicolons, @-rules).
_COMPOUNDS = st.lists(
    st.sampled_from(["p", "td", "a", "DIV", ".a", ".b", "#i", "[title]", "[title=t]", "*"])
    | st.sampled_from([":first-child", ":last-child", ":hover", "::before", ":nth-child(2)"])
    | st.sampled_from([".a.b", "td#i.b"]),
    min_size=1,
    max_size=3,
).map("".join)
_SELECTORS = st.lists(
    st.tuples(st.sampled_from([" ", " > ", " + ", " ~ "]), _COMPOUNDS), max_size=2
).flatmap(lambda rest: _COMPOUNDS.map(lambda first: first + "".join(a + b for a, b in rest)))
_DECLARATIONS = st.lists(
    st.tuples(
        st.sampled_from(["color", "width", "text-align", "background-color", "margin"]),
        st.sampled_from(["red", "10px", "center", "#abc", "unset", '"a;b"', "'}{'"]),
        st.sampled_from(["", " !important"]),
    ).map(lambda part: f"{part[0]}:{part[1]}{part[2]}"),
    max_size=3,
).map("; ".join)
_RULES = st.tuples(st.lists(_SELECTORS, min_size=1, max_size=2), _DECLARATIONS).map(
    lambda rule: f"{', '.join(rule[0])} {{ {rule[1]} }}"
)
_ODDITIES = st.sampled_from(
    [
        *("/* { ; */", ";", "(", "[", "}", '"'),
        *("@media screen { p { color: red } }", '@import "x.css";', "@font-face { src: x }"),
    ]
)
_SHEETS = st.lists(st.one_of(_RULES, _ODDITIES), max_size=6).map("\n".join)
_ELEMENTS = st.lists(
    st.tuples(
        st.sampled_from(["p", "td", "a", "div"]),
        st.sampled_from(["", ' class="a"', ' class="a b"', ' id="i" title="t"']),
        st.sampled_from(["", ' style="color:blue"', ' style="margin:0; color:unset"']),
        st.sampled_from(["", "<!-- c -->"]),
    ).map(lambda el: f"<{el[0]}{el[1]}{el[2]}>x</{el[0]}>{el[3]}"),
    max_size=6,
).map(lambda elements: f"<table><tr><td>{''.join(elements)}</td></tr></table>")


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(sheets=st.lists(_SHEETS, min_size=1, max_size=2), body=_ELEMENTS)
def test_generated_stylesheets_are_inlined_as_premailer_does(sheets: list[str], body: str) -> None:
    styles = "".join(f"<style>{css}</style>" for css in sheets)
    html = f"<!DOCTYPE html><html><head>{styles}</head><body>{body}</body></html>"
    memo_class = inline_module.memo_premailer(default_store())
    try:
        expected = plain(html)
    except Exception as error:  # premailer's own failure (cssutils on broken text)
        with pytest.raises(type(error)):
            memo_class(html, **inline_module.PREMAILER_OPTIONS).transform()
        return
    for _ in range(2):  # rules parsed, then remembered
        assert memo_class(html, **inline_module.PREMAILER_OPTIONS).transform() == expected
