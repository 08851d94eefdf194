"""Inline the stylesheet into style attributes with premailer, working around its traps."""

from __future__ import annotations

import logging
import os
import re

from newsletter.errors import ContentError, Problem
from newsletter.render.css import nested_at_rules

STYLESHEET = "templates/style.css"
# premailer's parse cache holds 128 entries shared by the stylesheet and every style
# attribute; one email has more than that, so the stylesheet was evicted and parsed
# again for each issue. premailer reads the size once, when it is first imported,
# which is later than this (it is imported lazily, below).
os.environ.setdefault("PREMAILER_CACHE_MAXSIZE", "4096")

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
_ENTITIES = {"\u00a0": "&nbsp;", "\u200c": "&zwnj;", "\u034f": "&#847;"}


def inline(html: str) -> str:
    """Return the HTML with CSS inlined and every non-inlinable rule kept in <head>."""
    _refuse_nested_at_rules(html)
    from premailer import Premailer  # imported here: it is slow to import

    # Keep the doctype in uppercase: premailer's check for it is case-sensitive.
    html = _DOCTYPE.sub("<!DOCTYPE html>", html, count=1)
    result = Premailer(
        html,
        # Keep <style>: media queries, dark mode and client fixes such as [data-ogsc]
        # only work from there, and premailer would otherwise drop the latter.
        keep_style_tags=True,
        # The default strips !important from the kept media queries, so they could
        # no longer override the inline styles.
        strip_important=False,
        allow_network=False,
        base_url=None,  # a base URL would rewrite merge tags such as *|UNSUB|*
        disable_link_rewrites=True,
        align_floating_images=False,  # costly, and the templates set alignment themselves
        remove_classes=False,
        # It would copy CSS widths such as 100% over the pixel width attributes that
        # Outlook needs, and add an invalid height="auto" to images.
        disable_basic_attributes=["width", "height"],
        disable_validation=True,
        cssutils_logging_level=logging.CRITICAL,
    ).transform()
    return _tidy(_drop_cell_attributes(result))


def _drop_cell_attributes(html: str) -> str:
    """Remove the valign, bgcolor and align that premailer copies onto non-table elements.

    premailer turns vertical-align, background-color and text-align into attributes on
    every element; they are only valid (and only needed by Outlook) on tables and cells.
    """

    def clean(tag: re.Match[str]) -> str:
        return _CELL_ATTRIBUTE.sub("", tag.group())

    return _NON_CELL_TAG.sub(clean, html)


def _tidy(html: str) -> str:
    """Undo premailer's side effects that email clients trip over."""
    for char, entity in _ENTITIES.items():
        html = html.replace(char, entity)
    if not html.startswith("<!DOCTYPE html>"):
        html = "<!DOCTYPE html>\n" + html
    return html if html.endswith("\n") else html + "\n"


def _refuse_nested_at_rules(html: str) -> None:
    """Raise for an @-rule inside another one: premailer crashes on it and Gmail drops it."""
    for style in _STYLE.findall(html):
        for keyword, _line in nested_at_rules(style):
            raise ContentError(
                [
                    Problem(
                        STYLESHEET,
                        f"{keyword} is nested inside another @-rule; "
                        "Gmail drops the whole <style> for that: un-nest it",
                    )
                ]
            )
