"""premailer's known traps, each checked against the real library."""

from __future__ import annotations

import pytest

from newsletter.errors import ContentError
from newsletter.render.inline import INLINED, inline
from newsletter.runtime.cache import Store, default_store
from tests.support import page_before_inlining

PAGE = """<!doctype html>
<html lang="en"><head><style>
.title { color: #123456; }
img { height: auto; }
@media screen and (max-width: 600px) { .col { display: block !important; } }
[data-ogsc] .title { color: #abcdef !important; }
.title:hover { color: #ff0000; }
</style></head>
<body><h1 class="title col">Hi&nbsp;there</h1>
<a href="{{ UnsubscribeURL }}">u</a> <a href="*|UNSUB|*">m</a>
<img src="https://example.org/a.png" width="100" alt="A" style="width: 100%">
<!--[if mso]><table><tr><td><![endif]--></body></html>
"""


@pytest.fixture(scope="module")
def out() -> str:
    return inline(PAGE, store=default_store())


def test_styles_are_inlined(out: str) -> None:
    assert 'class="title col" style="color:#123456"' in out


def test_important_survives_in_kept_media_queries(out: str) -> None:
    assert "display: block !important" in out


def test_client_fix_selectors_are_kept(out: str) -> None:
    assert "[data-ogsc] .title { color: #abcdef !important; }" in out
    assert ".title:hover" in out


def test_merge_tags_in_href_are_untouched(out: str) -> None:
    # Spaces in href are URL-encoded by premailer; the build never puts a tag with
    # spaces through it (see mergetags), but plain *|TAGS|* must stay as they are.
    assert 'href="*|UNSUB|*"' in out
    assert "https://" not in out.split('href="*|UNSUB|*"')[0].split("<a ")[-1]


def test_lowercase_doctype_is_kept(out: str) -> None:
    assert out.startswith("<!DOCTYPE html>\n")


def test_no_invalid_height_and_width_attributes_stay_pixels(out: str) -> None:
    assert 'height="auto"' not in out
    assert 'width="100"' in out


def test_nbsp_stays_an_entity(out: str) -> None:
    assert "Hi&nbsp;there" in out and "\u00a0" not in out


def test_conditional_comments_survive(out: str) -> None:
    assert "<!--[if mso]><table><tr><td><![endif]-->" in out


def test_nested_at_rule_is_a_clear_error() -> None:
    page = PAGE.replace(
        "@media screen and (max-width: 600px) {",
        "@media screen { @media (max-width: 600px) { .x { color: red; } } } @media print {",
    )
    with pytest.raises(ContentError) as error:
        inline(page, store=default_store())
    assert "templates/style.css" in str(error.value) and "nested" in str(error.value)


def test_sibling_at_rules_are_fine() -> None:
    page = PAGE.replace("</style>", "@media print { .title { color: red; } }\n</style>")
    assert "@media print" in inline(page, store=default_store())


def test_stylesheet_is_parsed_once_per_process(site, monkeypatch) -> None:
    """A second issue reuses the parsed stylesheet (premailer's cache must be big enough)."""
    page = page_before_inlining(site)
    inline(page, store=default_store())

    import premailer.premailer as pm

    calls: list[str] = []
    real = pm.cssutils.parseString

    def counting(css: str, **options: object) -> object:
        calls.append(css)
        return real(css, **options)

    monkeypatch.setattr(pm.cssutils, "parseString", counting)
    inline(page.replace("Mill Lane", "Mill Road"), store=default_store())
    assert calls == []


def test_turning_off_floating_image_alignment_changes_nothing(site, monkeypatch) -> None:
    """align_floating_images is off for speed; on the real email it would add nothing."""
    from newsletter.render import inline as inline_module

    page = page_before_inlining(site)
    assert inline_module.PREMAILER_OPTIONS["align_floating_images"] is False
    monkeypatch.setitem(inline_module.PREMAILER_OPTIONS, "align_floating_images", True)
    with_alignment = inline_module.inline(page, store=default_store())
    monkeypatch.undo()
    assert with_alignment == inline_module.inline(page, store=default_store())


def _signed_store(tmp_path) -> Store:
    return Store(tmp_path / "store", "code", secret=b"k" * 32)


def test_an_emails_inlined_html_is_kept_in_its_slot_while_its_html_is_the_same(tmp_path) -> None:
    store = _signed_store(tmp_path)
    html = (
        "<!DOCTYPE html><html><head><style>p { color: red }</style></head>"
        "<body><p>x</p></body></html>"
    )
    first = inline(html, store=store, slot="site\0issue\0")
    assert 'style="color:red"' in first
    # What the slot holds is what is served (a second call reads it, not premailer).
    kept = store.get_json(INLINED, "site\0issue\0")
    store.put_json(INLINED, "site\0issue\0", {**kept, "html": "kept"})
    assert inline(html, store=store, slot="site\0issue\0") == "kept"
    # Other HTML in the same slot is inlined afresh, and replaces what the slot held.
    changed = html.replace("<p>x</p>", "<p>y</p>")
    assert ">y</p>" in inline(changed, store=store, slot="site\0issue\0")
    assert store.get_json(INLINED, "site\0issue\0")["input"] != kept["input"]
    # Reading is off under --force: the slot is not read, and is kept afresh.
    assert inline(html, store=store.bypassed(), slot="site\0issue\0") == first
