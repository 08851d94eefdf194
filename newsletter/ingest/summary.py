"""Turn a feed item's HTML into the short, plain Markdown summary a story block takes.

Only three things survive from the HTML: the text, links to absolute http(s) URLs, and
emphasis (``em``/``i`` as ``*x*``, ``strong``/``b`` as ``**x**``). Every other element
becomes its text, or is dropped with its text when it is boilerplate: scripts, forms,
embeds, figures and captions, share and "read more" trailers, WordPress's "The post ...
appeared first on ..." line, sign-up promotions. Characters that Markdown would read as
markup are escaped, and each paragraph is parsed back with the content format's Markdown
settings: if it does not come out as exactly the intended text, it is written again
without emphasis, then without links, so a feed can never create markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt

from newsletter.ingest.text import clean_text, collapse, looks_like_markup, web_url

WORDS = 60
_UNESCAPE_ROUNDS = 2

# fmt: off
_DROP = frozenset((
    "script", "style", "noscript", "template", "form", "iframe", "frame", "frameset",
    "object", "embed", "applet", "video", "audio", "canvas", "svg", "math", "button",
    "input", "select", "option", "textarea", "label", "figure", "figcaption", "picture",
    "img", "map", "area", "source", "track", "head", "title", "meta", "link", "base",
    "nav", "aside", "footer", "header", "dialog", "h1", "h2", "h3", "h4", "h5", "h6",
))
_BLOCK = frozenset((
    "p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt",
    "dd", "pre", "table", "thead", "tbody", "tfoot", "tr", "caption", "address", "center",
    "hr", "details", "summary", "body", "html",
))
# fmt: on
_SPACED = frozenset(("td", "th"))
_EMPHASIS = frozenset(("em", "i", "cite", "dfn"))
_STRONG = frozenset(("strong", "b"))
# fmt: off
# Words in a class or id that mark sharing widgets, captions, adverts and sign-up boxes.
_BOILERPLATE_CLASSES = frozenset((
    "share", "sharing", "sharedaddy", "social", "caption", "related", "promo", "promotion",
    "advert", "advertisement", "ad", "ads", "sponsor", "sponsored", "subscribe",
    "subscription", "newsletter", "signup", "feedflare", "byline", "jp-relatedposts",
))
# fmt: on
_TRAILER_LINK = re.compile(
    r"^(?:continue reading|read more|read the (?:full|rest|whole)|keep reading)\b"
    r"|^(?:more|full story|view (?:the )?(?:full|original) \w+|\(more…?\)|\[(?:…|\.\.\.)\])"
    r"[\s…»→>.]*$",
    re.IGNORECASE,
)
_UNLINK = re.compile(r"^click here\b", re.IGNORECASE)
_BOILERPLATE_LINE = re.compile(
    r"^(?:share (?:this|on|via)\b|share:|click here|read more|continue reading|keep reading"
    r"|read the (?:full|rest)|follow us\b|subscribe (?:to|for|now|here|today)\b"
    r"|sign up (?:for|to|here|now|today)\b|support (?:us|our)\b|become a (?:member|subscriber)"
    r"|advertisement$|sponsored (?:by|content)\b|related(?: stories| articles)?:|see also:"
    r"|(?:photo|image|pictured|caption|credit):"
    r"|this (?:article|story|post) (?:was )?(?:originally|first) (?:appeared|published)"
    r"|the post .+ appeared first on )"
    r"|^(?:\[?(?:…|\.\.\.)\]?|\(more…?\))$",
    re.IGNORECASE,
)
_APPEARED_FIRST = re.compile(r"\s*\bThe post .+ appeared first on .+$", re.DOTALL)
_TRAILING_ELLIPSIS = re.compile(r"\s*\[(?:…|\.\.\.)\]$")
_SENTENCE_END = re.compile(r"[.!?…][\"'\u201d\u2019\u00bb)\]]*(?=\s|$)")
# fmt: off
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "mx", "dr", "st", "prof", "sr", "jr", "mt", "no", "vs", "etc", "e.g",
    "i.e", "inc", "ltd", "co", "cllr", "rev", "gen", "col", "capt", "lt", "sgt", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
))
# fmt: on
_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ALWAYS = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(?:([-+#>])|(\d{1,9})([.)])(?=\s|$))")
_URL_IN_MARKDOWN = re.compile(r"[()\\]")

# Parsed the way newsletter.markdown parses summaries: CommonMark, raw HTML off.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable(
    ["heading", "lheading", "image", "code", "fence", "html_block", "html_inline", "table"],
    ignoreInvalid=True,
)


@dataclass(frozen=True)
class Run:
    """A stretch of text with the same emphasis and link."""

    text: str
    em: bool = False
    strong: bool = False
    href: str | None = None


Paragraph = list[Run]


def summarize(source: str, *, html: bool = True, base: str = "", words: int = WORDS) -> str:
    """Return the first paragraph or two of ``source``, up to about ``words`` words, as Markdown."""
    paragraphs = html_paragraphs(source, base=base) if html else text_paragraphs(source)
    kept = [p for p in (_without_trailer(p) for p in paragraphs) if not _is_boilerplate(p)]
    return "\n\n".join(to_markdown(p) for p in shorten(kept, words=words))


def html_to_text(source: str) -> str:
    """Return the text of an HTML fragment on one line, without any markup."""
    return " ".join(plain(p) for p in html_paragraphs(source))


def html_paragraphs(source: str, *, base: str = "") -> list[Paragraph]:
    """Split HTML into paragraphs of runs, dropping boilerplate elements."""
    paragraphs = _html_paragraphs(source, base=base)
    # Escaped twice, HTML decodes to text full of tags: read that text as HTML again.
    for _ in range(_UNESCAPE_ROUNDS):
        text = "\n".join(plain(paragraph) for paragraph in paragraphs)
        if not looks_like_markup(text):
            break
        paragraphs = _html_paragraphs(text, base=base)
    return paragraphs


def _html_paragraphs(source: str, *, base: str) -> list[Paragraph]:
    root = parse_html(source)
    if root is None:
        return []
    builder = _Builder()
    try:
        _walk(root, builder, mark=Run(""), base=base)
    except RecursionError:
        return []
    builder.flush()
    return builder.paragraphs


def text_paragraphs(source: str) -> list[Paragraph]:
    """Split plain text into paragraphs at blank lines."""
    paragraphs = (clean_text(part) for part in re.split(r"\n\s*\n", source))
    return [[Run(text)] for text in paragraphs if text]


def parse_html(source: str) -> etree._Element | None:
    """Parse an HTML fragment into its body element, or None if it holds nothing."""
    if not source.strip():
        return None
    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
        )
        document = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    body = document.find("body")
    return body if body is not None else document


def first_image(source: str, *, base: str) -> tuple[str, str, int | None, int | None] | None:
    """Return src, alt, width and height of the first real image in HTML, or None."""
    root = parse_html(source)
    if root is None:
        return None
    for img in root.iter("img"):
        src = web_url(img.get("src") or img.get("data-src"), base=base)
        width, height = _dimension(img.get("width")), _dimension(img.get("height"))
        # One-pixel trackers and emoji are not pictures of the story.
        if src is None or (width or 99) < 16 or (height or 99) < 16:
            continue
        return src, clean_text(img.get("alt") or ""), width, height
    return None


def _dimension(value: str | None) -> int | None:
    match = re.match(r"\s*(\d{1,5})\s*(?:px)?\s*$", value or "")
    return int(match.group(1)) if match else None


# -- HTML to runs -------------------------------------------------------------


class _Builder:
    """Collect runs into paragraphs; two line breaks in a row also end a paragraph."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.current: Paragraph = []
        self.breaks = 0

    def add(self, text: str | None, mark: Run) -> None:
        if not text:
            return
        self.current.append(replace(mark, text=text))
        if text.strip():
            self.breaks = 0

    def line_break(self, mark: Run) -> None:
        self.breaks += 1
        if self.breaks >= 2:
            self.flush()
        else:
            self.add(" ", mark)

    def flush(self) -> None:
        paragraph = _normalize(self.current)
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []
        self.breaks = 0


def _walk(element: etree._Element, builder: _Builder, *, mark: Run, base: str) -> None:
    """Add an element's text to the builder; the caller adds its tail."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in _DROP or _is_hidden(element):
        return
    if tag == "br":
        builder.line_break(mark)
        return
    inner = _inner_mark(element, tag, mark, base=base)
    if inner is None:
        return
    if tag in _BLOCK:
        builder.flush()
    elif tag in _SPACED:
        builder.add(" ", mark)
    builder.add(element.text, inner)
    for child in element:
        _walk(child, builder, mark=inner, base=base)
        builder.add(child.tail, inner)
    if tag in _BLOCK:
        builder.flush()
    elif tag in _SPACED:
        builder.add(" ", mark)


def _inner_mark(element: etree._Element, tag: str, mark: Run, *, base: str) -> Run | None:
    """Return the emphasis and link inside an element, or None to drop it."""
    if tag in _EMPHASIS:
        return replace(mark, em=True)
    if tag in _STRONG:
        return replace(mark, strong=True)
    if tag != "a" or mark.href is not None:
        return mark
    label = clean_text(element.text_content())
    if _TRAILER_LINK.match(label):
        return None
    if _UNLINK.match(label):
        return mark
    return replace(mark, href=web_url(element.get("href"), base=base))


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = re.sub(r"\s", "", element.get("style", "")).lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return any(
        word in _BOILERPLATE_CLASSES
        for token in names.split()
        for word in (token, *re.split(r"[-_]", token))
    )


def _normalize(runs: Paragraph) -> Paragraph:
    """Collapse whitespace across runs and trim the paragraph."""
    result: Paragraph = []
    previous_space = True
    for run in runs:
        text = collapse(run.text)
        if previous_space:
            text = text.lstrip()
        if text:
            result.append(replace(run, text=text))
            previous_space = text.endswith(" ")
    if result:
        last = result[-1]
        result[-1] = replace(last, text=last.text.rstrip())
    return [run for run in result if run.text]


# -- boilerplate and length -----------------------------------------------------


def plain(paragraph: Paragraph) -> str:
    """Return the text of a paragraph."""
    return "".join(run.text for run in paragraph)


def _is_boilerplate(paragraph: Paragraph) -> bool:
    return not paragraph or bool(_BOILERPLATE_LINE.match(plain(paragraph)))


def _without_trailer(paragraph: Paragraph) -> Paragraph:
    """Cut "The post ... appeared first on ..." and a trailing "[…]" off a paragraph."""
    text = plain(paragraph)
    for pattern in (_APPEARED_FIRST, _TRAILING_ELLIPSIS):
        match = pattern.search(text)
        if match and match.start() > 0:
            paragraph = _slice(paragraph, match.start())
            text = plain(paragraph)
            if pattern is _TRAILING_ELLIPSIS:
                paragraph = [*paragraph, Run("…")]
    return paragraph


def shorten(paragraphs: list[Paragraph], *, words: int) -> list[Paragraph]:
    """Keep the first paragraph or two, up to about ``words`` words, ending at a sentence."""
    kept: list[Paragraph] = []
    budget = words
    for paragraph in paragraphs[:2]:
        text = plain(paragraph)
        count = len(text.split())
        if count <= budget:
            kept.append(paragraph)
            budget -= count
            continue
        end = _sentence_cut(text, budget)
        if end is not None:
            kept.append(_slice(paragraph, end))
        elif not kept:
            kept.append(_first_sentence_or_words(paragraph, words=words))
        break
    return kept


def _sentence_ends(text: str) -> list[int]:
    """Return the offsets just after each sentence end in ``text``."""
    ends = []
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        after = text[match.end() :].lstrip()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if after and after[0].islower():
            continue
        ends.append(match.end())
    return ends


def _sentence_cut(text: str, budget: int) -> int | None:
    """Return the last sentence end within ``budget`` words, or None."""
    fitting = [end for end in _sentence_ends(text) if len(text[:end].split()) <= budget]
    return fitting[-1] if fitting else None


def _first_sentence_or_words(paragraph: Paragraph, *, words: int) -> Paragraph:
    """Cut one over-long paragraph at its first sentence, or after ``words`` words with …."""
    text = plain(paragraph)
    ends = _sentence_ends(text)
    if ends and len(text[: ends[0]].split()) <= 2 * words:
        return _slice(paragraph, ends[0])
    end = sum(len(word) + 1 for word in text.split(" ")[:words]) - 1
    return [*_slice(paragraph, end), Run("…")]


def _slice(paragraph: Paragraph, end: int) -> Paragraph:
    """Return the runs of a paragraph up to character offset ``end``, right-trimmed."""
    result: Paragraph = []
    for run in paragraph:
        if end <= 0:
            break
        result.append(replace(run, text=run.text[:end]))
        end -= len(run.text)
    return _normalize(result)


# -- runs to Markdown -----------------------------------------------------------


def to_markdown(paragraph: Paragraph) -> str:
    """Write a paragraph as Markdown that reads back as exactly its text."""
    expected = plain(paragraph)
    for emphasis, links in ((True, True), (False, True), (False, False)):
        source = _render(paragraph, emphasis=emphasis, links=links)
        if _reads_back(source, expected):
            return source
    return _escape(expected, start=True)


def _render(paragraph: Paragraph, *, emphasis: bool, links: bool) -> str:
    parts: list[str] = []
    for href, group in groupby(paragraph, key=lambda run: run.href if links else None):
        label = _marked(list(group), emphasis=emphasis, start=not parts)
        if href is None or not label.strip():
            parts.append(label)
            continue
        core = label.strip()
        lead, trail = label[: len(label) - len(label.lstrip())], label[len(label.rstrip()) :]
        url = _URL_IN_MARKDOWN.sub(lambda m: f"%{ord(m.group()):02X}", href)
        parts.append(f"{lead}[{core}]({url}){trail}")
    return "".join(parts)


def _marked(runs: Paragraph, *, emphasis: bool, start: bool) -> str:
    parts: list[str] = []
    key = (lambda run: (run.em, run.strong)) if emphasis else (lambda run: (False, False))
    for (em, strong), group in groupby(runs, key=key):
        text = "".join(run.text for run in group)
        escaped = _escape(text, start=start and not parts)
        core = escaped.strip()
        if not core or not (em or strong):
            parts.append(escaped)
            continue
        marker = ("*" if em else "") + ("**" if strong else "")
        lead = escaped[: len(escaped) - len(escaped.lstrip())]
        trail = escaped[len(escaped.rstrip()) :]
        parts.append(f"{lead}{marker}{core}{marker[::-1]}{trail}")
    return "".join(parts)


def _escape(text: str, *, start: bool) -> str:
    """Backslash-escape what Markdown would read as markup in running text."""
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if start:
        text = _LINE_START.sub(
            lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
        )
    return text


def _reads_back(source: str, expected: str) -> bool:
    """Tell whether Markdown parses to one paragraph of exactly ``expected`` text."""
    tokens = _MARKDOWN.parse(source)
    if [token.type for token in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return False
    allowed = {"text", "em_open", "em_close", "strong_open", "strong_close", "softbreak"}
    text: list[str] = []
    for child in tokens[1].children or ():
        if child.type == "link_open":
            if web_url(str(child.attrs.get("href", ""))) is None:
                return False
        elif child.type not in allowed and child.type != "link_close":
            return False
        text.append(child.content if child.type == "text" else "")
    return "".join(text) == expected
