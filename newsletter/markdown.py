"""Markdown written by the editor, rendered to email-safe HTML and to plain text.

Raw HTML in Markdown is never passed through: markdown-it escapes it as text.
Only the constructs an email needs are on: paragraphs, links, emphasis, lists,
blockquotes and line breaks. Headings and images come from blocks instead, so
that heading order and image widths stay under the template's control.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from functools import lru_cache

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


@lru_cache(maxsize=CACHE_SIZE)
def to_html(source: str) -> str:
    """Render Markdown to HTML with raw HTML escaped."""
    return _md.renderer.render(list(_tokens(source)), _md.options, {})


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


def to_text(source: str, *, width: int = 78, ref: Callable[[str], str] | None = None) -> str:
    """Render Markdown to plain text wrapped at ``width``; ``ref`` names a link's reference."""
    return "\n\n".join(_blocks(_tree(source).children, width=width, ref=ref or _inline_url))


def _inline_url(url: str) -> str:
    return f"<{url}>"


def _blocks(nodes: list[SyntaxTreeNode], *, width: int, ref: Callable[[str], str]) -> list[str]:
    return [text for node in nodes if (text := _block(node, width=width, ref=ref))]


def _block(node: SyntaxTreeNode, *, width: int, ref: Callable[[str], str]) -> str:
    if node.type == "paragraph":
        return _wrap(_inline(node.children[0], ref=ref), width=width)
    if node.type == "bullet_list":
        return "\n".join(_item(item, "- ", width=width, ref=ref) for item in node.children)
    if node.type == "ordered_list":
        start = int(node.attrs.get("start", 1))
        return "\n".join(
            _item(item, f"{start + i}. ", width=width, ref=ref)
            for i, item in enumerate(node.children)
        )
    if node.type == "blockquote":
        inner = "\n\n".join(_blocks(node.children, width=width - 2, ref=ref))
        return "\n".join(("> " + line).rstrip() for line in inner.splitlines())
    if node.type == "hr":
        return "-" * min(width, 20)
    return "\n\n".join(_blocks(node.children, width=width, ref=ref))


def _item(node: SyntaxTreeNode, marker: str, *, width: int, ref: Callable[[str], str]) -> str:
    pad = " " * len(marker)
    inner = "\n\n".join(_blocks(node.children, width=width - len(marker), ref=ref))
    lines = inner.splitlines() or [""]
    return "\n".join([marker + lines[0]] + [(pad + line).rstrip() for line in lines[1:]])


def _inline(node: SyntaxTreeNode, *, ref: Callable[[str], str]) -> str:
    parts: list[str] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link":
            label = _inline(child, ref=ref)
            href = str(child.attrs.get("href", ""))
            url = href.removeprefix("mailto:")
            parts.append(label if label == url else f"{label} {ref(href)}")
        else:
            parts.append(_inline(child, ref=ref))
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
