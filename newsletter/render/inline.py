"""Inline the stylesheet into style attributes with premailer, working around its traps."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from newsletter.errors import ContentError, Problem
from newsletter.render.css import nested_at_rules
from newsletter.render.memo import memo_premailer
from newsletter.render.selectors import compile_selector
from newsletter.runtime.cache import Store

STYLESHEET = "templates/style.css"
# The cache store's kind for each email's last inlined HTML, kept by its slot.
INLINED = "inlined"

# How premailer is called; the benchmarks time plain premailer with the same options.
PREMAILER_OPTIONS: dict[str, object] = {
    # Keep <style>: media queries, dark mode and client fixes such as [data-ogsc]
    # only work from there, and premailer would otherwise drop the latter.
    "keep_style_tags": True,
    # The default strips !important from the kept media queries, so they could
    # no longer override the inline styles.
    "strip_important": False,
    "allow_network": False,
    "base_url": None,  # a base URL would rewrite merge tags such as *|UNSUB|*
    "disable_link_rewrites": True,
    "align_floating_images": False,  # costly, and the templates set alignment themselves
    "remove_classes": False,
    # It would copy CSS widths such as 100% over the pixel width attributes that
    # Outlook needs, and add an invalid height="auto" to images.
    "disable_basic_attributes": ["width", "height"],
    "disable_validation": True,
    "cssutils_logging_level": logging.CRITICAL,
}

_DOCTYPE = re.compile(r"^\s*<!doctype html>", re.IGNORECASE)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
# Characters premailer writes raw that the template wrote as entities; written back
# as entities so that invisible preheader filler stays visible to whoever edits it.
# Start tags of elements other than tables, rows, cells and body, and the attributes
# premailer copies onto them from CSS.
_NON_CELL_TAG = re.compile(
    r"<(?!(?:table|tr|td|th|tbody|thead|tfoot|body)\b)[a-z][a-z0-9]*\b[^<>]*?"
    r"\s(?:valign|bgcolor|align)=[^<>]*>",
    re.IGNORECASE,
)
_CELL_ATTRIBUTE = re.compile(r'\s(?:valign|bgcolor|align)="[^"]*"', re.IGNORECASE)
_STYLE_PARTS = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# @-rules whose block holds rules rather than declarations.
_GROUPING = re.compile(r"@(?:media|supports)\b", re.IGNORECASE)
_BRACES = re.compile(r"[{}]")
# Parts of selectors for marks that clients add themselves: Outlook.com's dark-mode
# attributes and Gmail's <u> before the body; the rest of the selector must match.
_CLIENT_PREFIX = re.compile(r"\[data-og[sb][cb]?\]\s*|^\s*u\s*\+\s*", re.IGNORECASE)
# Elements that only the client creates: always kept.
_CLIENT_MARKED = re.compile(r"x-apple-data-detectors|#MessageViewBody|\.ExternalClass", re.I)
_PSEUDO = re.compile(r"::?[a-zA-Z-]+(?:\([^)]*\))?")
_ENTITIES = {"\u00a0": "&nbsp;", "\u200c": "&zwnj;", "\u034f": "&#847;"}


def inline(html: str, *, store: Store, slot: str | None = None) -> str:
    """Return the HTML with CSS inlined and every non-inlinable rule kept in <head>.

    With a ``slot`` (one per email: its folder, issue and edition), the result is kept
    in the store there, and given back while the HTML is the same: a rebuild of an
    unchanged email, or one whose output folder was removed, does not inline again.
    """
    _refuse_nested_at_rules(html)
    digest = hashlib.sha256(html.encode()).hexdigest()
    kept = store.get_json(INLINED, slot) if slot is not None else None
    if isinstance(kept, dict) and kept.get("input") == digest:
        result = kept.get("html")
        if isinstance(result, str):
            return result
    result = _inline(html, store=store)
    if slot is not None:
        store.put_json(INLINED, slot, {"input": digest, "html": result})
    return result


def _inline(html: str, *, store: Store) -> str:
    """Inline with premailer, then tidy what it leaves."""
    from lxml import html as lxml_html

    rendered = lxml_html.document_fromstring(html)

    # Keep the doctype in uppercase: premailer's check for it is case-sensitive.
    html = _DOCTYPE.sub("<!DOCTYPE html>", html, count=1)
    result = memo_premailer(store)(html, **PREMAILER_OPTIONS).transform()
    return _tidy(drop_unused_css(_drop_cell_attributes(result), rendered))


def _drop_cell_attributes(html: str) -> str:
    """Remove the valign, bgcolor and align that premailer copies onto non-table elements.

    premailer turns vertical-align, background-color and text-align into attributes on
    every element; they are only valid (and only needed by Outlook) on tables and cells.
    """

    def clean(tag: re.Match[str]) -> str:
        return _CELL_ATTRIBUTE.sub("", tag.group())

    return _NON_CELL_TAG.sub(clean, html)


def drop_unused_css(html: str, rendered: object | None = None) -> str:
    """Remove from <style> the selectors, rules and @media blocks that match nothing.

    Selectors are matched against ``rendered``, the document as the templates made it
    (by default ``html`` itself), so a class that inlining lost keeps its rules and
    rule inline.unused-class reports it. Selectors for elements that clients add or
    mark themselves (Outlook.com's [data-ogsc], Gmail's u + .body, Apple's
    x-apple-data-detectors) are judged by the rest of the selector. CSS comments go
    too: they are for the readers of style.css.
    """
    from lxml import html as lxml_html

    tree = rendered if rendered is not None else lxml_html.document_fromstring(html)

    @cache
    def used(selector: str) -> bool:
        return _matches(tree, selector)

    def prune(match: re.Match[str]) -> str:
        css = _prune_rules(_COMMENT.sub("", match.group(2)), used)
        return f"{match.group(1)}\n{css}{match.group(3)}"

    return _STYLE_PARTS.sub(prune, html)


def _matches(tree: object, selector: str) -> bool:
    """Tell whether a selector matches an element of the tree (True when unsure)."""
    if _CLIENT_MARKED.search(selector):
        return True
    selector = _CLIENT_PREFIX.sub("", selector).strip()
    if not selector:
        return True
    # Pseudo-classes are left out: cssselect matches :hover never, and a rule for a
    # state is used when the element is there.
    selector = _PSEUDO.sub("", selector) or "*"
    fast = compile_selector(selector)  # the same elements as CSSSelector, from one index
    if fast is not None:
        return fast.matches_any(tree)
    from cssselect import SelectorError

    try:
        return bool(_css_selector(selector)(tree))
    except (SelectorError, ValueError, NotImplementedError):
        return True


@lru_cache(maxsize=1024)
def _css_selector(selector: str) -> Callable[[object], list[object]]:
    from lxml.cssselect import CSSSelector

    return CSSSelector(selector)


def _prune_rules(css: str, used: Callable[[str], bool], indent: str = "") -> str:
    """Return the CSS with unused selectors removed, one rule or @-block a line."""
    return _pruned(_parsed(css), used, indent)


# A stylesheet read once (every issue of a newsletter has the same): statements and
# @-blocks kept whole ("text"), @media and @supports with what they hold ("group"),
# and rules ("rule": the body, then the selectors).
_Item = tuple[str, str, Any]


@lru_cache(maxsize=64)
def _parsed(css: str) -> tuple[_Item, ...]:
    items: list[_Item] = []
    position = 0
    while True:
        start = _next_token(css, position)
        if start is None:
            break
        brace = _find_open(css, start)
        if brace is None:  # a statement such as @import, or trailing text
            end = css.find(";", start)
            end = len(css) if end < 0 else end + 1
            items.append(("text", css[start:end].strip(), None))
            position = end
            continue
        close = _find_close(css, brace)
        prelude, body = css[start:brace].strip(), css[brace + 1 : close]
        position = close + 1
        if not prelude.startswith("@"):
            items.append(("rule", body, tuple(part.strip() for part in prelude.split(","))))
        elif _GROUPING.match(prelude):
            items.append(("group", prelude, _parsed(body)))
        else:
            items.append(("text", css[start : close + 1].strip(), None))
    return tuple(items)


def _pruned(items: tuple[_Item, ...], used: Callable[[str], bool], indent: str) -> str:
    kept: list[str] = []
    for kind, text, more in items:
        if kind == "text":
            kept.append(indent + text)
        elif kind == "group":
            inner = _pruned(more, used, indent + "  ")
            if inner:
                kept.append(f"{indent}{text} {{\n{inner}{indent}}}")
        else:
            live = [part for part in more if used(part)]
            if live:
                kept.append(f"{indent}{', '.join(live)} {{{text}}}")
    return "".join(line + "\n" for line in kept)


def _next_token(css: str, position: int) -> int | None:
    while position < len(css) and css[position].isspace():
        position += 1
    return position if position < len(css) else None


def _find_open(css: str, start: int) -> int | None:
    brace, semicolon = css.find("{", start), css.find(";", start)
    if brace < 0 or (0 <= semicolon < brace and css[start] == "@"):
        return None
    return brace


def _find_close(css: str, brace: int) -> int:
    depth = 0
    for found in _BRACES.finditer(css, brace):
        if found.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return found.start()
    return len(css) - 1


def _tidy(html: str) -> str:
    """Undo premailer's side effects that email clients trip over."""
    for char, entity in _ENTITIES.items():
        html = html.replace(char, entity)
    if not html.startswith("<!DOCTYPE html>"):
        html = "<!DOCTYPE html>\n" + html
    return html if html.endswith("\n") else html + "\n"


@lru_cache(maxsize=64)
def _nested_keywords(css: str) -> tuple[str, ...]:
    """Return the @-rules nested in others, looked for once per distinct stylesheet."""
    return tuple(keyword for keyword, _line in nested_at_rules(css))


def _refuse_nested_at_rules(html: str) -> None:
    """Raise for an @-rule inside another one: premailer crashes on it and Gmail drops it."""
    for style in _STYLE.findall(html):
        for keyword in _nested_keywords(style):
            raise ContentError(
                [
                    Problem(
                        STYLESHEET,
                        f"{keyword} is nested inside another @-rule; "
                        "Gmail drops the whole <style> for that: un-nest it",
                    )
                ]
            )
