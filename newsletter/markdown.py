"""Markdown written by the editor, rendered to email-safe HTML and to plain text.

Raw HTML in Markdown is never passed through: markdown-it escapes it as text.
Only the constructs an email needs are on: paragraphs, links, emphasis, lists,
blockquotes and line breaks. Headings and images come from blocks instead, so
that heading order and image widths stay under the template's control.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

_OFF = ["heading", "lheading", "image", "code", "fence", "html_block", "html_inline", "table"]

_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable(
    _OFF, ignoreInvalid=True
)


# Parsed fields are shared by validation, the HTML and the text version, so each field
# is parsed once per build; enough entries for every field of a very large issue.
CACHE_SIZE = 1024


@lru_cache(maxsize=CACHE_SIZE)
def _tokens(source: str) -> tuple[Token, ...]:
    """Return the parsed tokens of the source, shared by every reader: never modify them."""
    return tuple(_md.parse(source))


@lru_cache(maxsize=CACHE_SIZE)
def _tree(source: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_tokens(source))


def clear_cache() -> None:
    """Forget every parsed field (the benchmarks time builds of content never seen)."""
    _tokens.cache_clear()
    _tree.cache_clear()
    to_html.cache_clear()


class Linked(str):
    """Markdown whose link targets are to be written as others (tracked links), by target."""

    hrefs: tuple[tuple[str, str], ...] = ()

    def __new__(cls, source: str, *, hrefs: Mapping[str, str]) -> Linked:
        made = super().__new__(cls, source)
        made.hrefs = tuple(sorted(hrefs.items()))
        return made


def hrefs_of(source: str) -> tuple[tuple[str, str], ...]:
    """Return the (target, written as) pairs a Linked source carries; none for plain text."""
    return source.hrefs if isinstance(source, Linked) else ()


@lru_cache(maxsize=CACHE_SIZE)
def to_html(source: str, hrefs: tuple[tuple[str, str], ...] = ()) -> str:
    """Render Markdown to HTML with raw HTML escaped; ``hrefs`` rewrites link targets."""
    return _md.renderer.render(list(_tokens(str(source))), _md.options, {"hrefs": dict(hrefs)})


def _link_open(
    renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]
) -> str:
    """Write a link's start tag, its target swapped when the render was given another."""
    token = tokens[idx]
    written = env.get("hrefs", {}).get(token.attrs.get("href"))
    if written is not None:
        # A copy: the parsed tokens are shared with every other reader.
        token = token.copy(attrs={**token.attrs, "href": written})
    return str(renderer.renderToken([token], 0, options, env))


_md.add_render_rule("link_open", _link_open)


def link_targets(source: str) -> Iterator[str]:
    """Yield the href of every link in the Markdown source."""
    for token in _tokens(source):
        for child in token.children or ():
            if child.type == "link_open":
                yield str(child.attrs.get("href", ""))


def refused_links(source: str) -> Iterator[str]:
    """Yield the href of every link markdown-it leaves as text (javascript:, data:, ...).

    Such a link is shown as its literal text, never as a link; the editor is told.
    """
    if not _SCRIPTED.search(source):
        return
    for token in _md_any_link.parse(source):
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href and not _md.validateLink(href):
                yield href


# Links markdown-it refuses to make: its validateLink turns these schemes down.
_SCRIPTED = re.compile(r"(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
# The same parser, making every link, to find the refused ones.
_md_any_link = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable(
    _OFF, ignoreInvalid=True
)
_md_any_link.validateLink = lambda url: True  # type: ignore[method-assign]


def to_text(
    source: str,
    *,
    width: int = 78,
    ref: Callable[[str], str] | None = None,
    hrefs: Mapping[str, str] | None = None,
) -> str:
    """Render Markdown to plain text wrapped at ``width``; ``ref`` names a link's reference.

    ``hrefs`` rewrites link targets, as for the HTML.
    """
    links = _Links(ref or _inline_url, dict(hrefs or {}))
    return "\n\n".join(_blocks(_tree(str(source)).children, width=width, links=links))


def _inline_url(url: str) -> str:
    return f"<{url}>"


@dataclass(frozen=True)
class _Links:
    """How the text shows links: a reference for a target, and targets written as others."""

    ref: Callable[[str], str]
    hrefs: dict[str, str]

    def written(self, href: str) -> str:
        """Return the target as the email writes it."""
        return self.hrefs.get(href, href)


def _blocks(nodes: list[SyntaxTreeNode], *, width: int, links: _Links) -> list[str]:
    return [text for node in nodes if (text := _block(node, width=width, links=links))]


def _block(node: SyntaxTreeNode, *, width: int, links: _Links) -> str:
    if node.type == "paragraph":
        return _wrap(_inline(node.children[0], links=links), width=width)
    if node.type == "bullet_list":
        return "\n".join(_item(item, "- ", width=width, links=links) for item in node.children)
    if node.type == "ordered_list":
        start = int(node.attrs.get("start", 1))
        return "\n".join(
            _item(item, f"{start + i}. ", width=width, links=links)
            for i, item in enumerate(node.children)
        )
    if node.type == "blockquote":
        inner = "\n\n".join(_blocks(node.children, width=width - 2, links=links))
        return "\n".join(("> " + line).rstrip() for line in inner.splitlines())
    if node.type == "hr":
        return "-" * min(width, 20)
    return "\n\n".join(_blocks(node.children, width=width, links=links))


def _item(node: SyntaxTreeNode, marker: str, *, width: int, links: _Links) -> str:
    pad = " " * len(marker)
    inner = "\n\n".join(_blocks(node.children, width=width - len(marker), links=links))
    lines = inner.splitlines() or [""]
    return "\n".join([marker + lines[0]] + [(pad + line).rstrip() for line in lines[1:]])


def _inline(node: SyntaxTreeNode, *, links: _Links) -> str:
    parts: list[str] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link":
            label = _inline(child, links=links)
            href = str(child.attrs.get("href", ""))
            written = links.written(href)
            if label == href.removeprefix("mailto:"):
                # A bare address shows itself, as the email writes it: one URL in both parts.
                parts.append(label if written == href else written)
            else:
                parts.append(f"{label} {links.ref(written)}")
        else:
            parts.append(_inline(child, links=links))
    return "".join(parts)


def _wrap(text: str, *, width: int) -> str:
    """Wrap each hard line at ``width``, never breaking URLs or words."""
    return "\n".join(
        textwrap.fill(line, width=width, break_long_words=False, break_on_hyphens=False)
        for line in text.split("\n")
    )


def wrap(text: str, *, width: int = 78, indent: str = "") -> str:
    """Wrap plain text at ``width``, prefixing continuation lines with ``indent``."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
