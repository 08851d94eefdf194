"""The rules engine: the built email as rules see it, the registry, findings and locations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from newsletter.project import EML_FILE, HTML_FILE, SETTINGS_FILE, TEXT_FILE
from newsletter.render.css import CssRule, declarations, parse_rules

if TYPE_CHECKING:
    from email.message import EmailMessage

    from lxml.html import HtmlElement

    from newsletter.checks.imagefetch import Pixels
    from newsletter.checks.linkcheck import LinkResult
    from newsletter.checks.render.look import Looked
    from newsletter.content.editions import Note
    from newsletter.images.resolve import Placed
    from newsletter.models import Issue, Settings
    from newsletter.pipeline import Rendered
    from newsletter.render.tracking import TrackedLink

Severity = Literal["error", "warning"]

# Cells of the default templates outside the blocks, named in locations.
_REGIONS = ("masthead", "footer", "top-links", "intro", "preheader")


class Where(NamedTuple):
    """Where a finding is: a readable place plus the file, line and block when known."""

    text: str
    file: str = HTML_FILE
    line: int | None = None
    block: int | None = None


class Hit(NamedTuple):
    """One problem a rule found: where, and what to do about it."""

    where: Where
    message: str


@dataclass(frozen=True)
class Finding:
    """A hit with the issue, the rule and its severity: what check and build report."""

    issue: str
    rule: str
    severity: Severity
    where: str
    message: str
    file: str | None = None
    line: int | None = None
    block: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data."""
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.severity}: {self.rule} at {self.where}: {self.message}"


Check = Callable[["Email"], Iterable[Hit]]


class Rule(NamedTuple):
    """A check with a stable id, a severity, why it matters and where that is documented."""

    id: str
    severity: Severity
    rationale: str
    source: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(id: str, *, severity: Severity, rationale: str, source: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``id``."""

    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"rule {id} is registered twice")
        RULES[id] = Rule(id, severity, rationale, source, check)
        return check

    return register


@dataclass
class Email:
    """A built email as the rules read it; the HTML is parsed once and shared."""

    html: str
    text: str
    eml: bytes = b""
    slug: str = ""
    settings: Settings | None = None
    issue: Issue | None = None
    links: dict[str, LinkResult] | None = None
    """Results of ``--links``, by URL; None when links were not checked."""
    sizes: dict[str, int] = field(default_factory=dict)
    """Known byte sizes of images, by URL."""
    pixels: dict[str, Pixels] = field(default_factory=dict)
    """Pixel sizes of image files read with ``--links``, by URL."""
    ledger: tuple[TrackedLink, ...] = ()
    """The links the tracking pass saw, with their slots (none without ``tracking:``)."""
    images: tuple[Placed, ...] = ()
    """The picture files the build made for the email, with their hosted URLs."""
    looked: Looked | None = None
    """What the browser saw with ``--render``; None when the email was not rendered."""
    sent: dict[str, Issue] | None = None
    """The other issues marked sent, by slug; None when not looked at (a build)."""
    notes: tuple[Note, ...] = ()
    """What routing and translating the edition noted (none without editions)."""

    @classmethod
    def of(cls, rendered: Rendered) -> Email:
        """Return the rules' view of a rendered issue."""
        return cls(
            html=rendered.html,
            text=rendered.text,
            eml=rendered.eml,
            slug=rendered.slug,
            settings=rendered.settings,
            issue=rendered.issue,
            ledger=rendered.links,
            images=rendered.images,
            notes=rendered.notes,
        )

    @cached_property
    def tree(self) -> HtmlElement:
        """Return the parsed HTML document."""
        from lxml import html as lxml_html

        return lxml_html.document_fromstring(self.html)

    @cached_property
    def body(self) -> HtmlElement:
        """Return <body> (lxml adds one when the HTML has none)."""
        return self.tree.body

    @cached_property
    def elements(self) -> list[HtmlElement]:
        """Return every element of the document in order, comments excluded."""
        return [el for el in self.tree.iter() if isinstance(el.tag, str)]

    def find(self, tag: str) -> list[HtmlElement]:
        """Return the elements with this tag name, in document order."""
        return self._by_tag.get(tag, [])

    @cached_property
    def _by_tag(self) -> dict[str, list[HtmlElement]]:
        index: dict[str, list[HtmlElement]] = {}
        for el in self.elements:
            index.setdefault(el.tag, []).append(el)
        return index

    def style(self, el: HtmlElement) -> dict[str, str]:
        """Return the element's inline declarations as {property: value}; do not modify it.

        Parsed once per distinct style attribute: most elements share theirs with others.
        """
        return style_declarations(el.get("style") or "")

    def link_text(self, el: HtmlElement) -> str:
        """Return what a screen reader announces for a link: aria-label, else text and alt."""
        found = self._link_texts.get(el)
        if found is None:
            label = (el.get("aria-label") or "").strip()
            found = self._link_texts[el] = label or visible_text(el)
        return found

    @cached_property
    def _link_texts(self) -> dict[HtmlElement, str]:
        return {}

    @cached_property
    def blocks(self) -> dict[HtmlElement, tuple[int, str]]:
        """Map each block's cell (class ``block-<type>``) to its index and type."""
        found: dict[HtmlElement, tuple[int, str]] = {}
        pattern = _block_class()
        for el in self.find("td"):
            match = pattern.search(el.get("class") or "")
            if match:
                found[el] = (len(found), match.group(1))
        return found

    @cached_property
    def stylesheets(self) -> list[HtmlElement]:
        """Return the <style> elements (those in conditional comments are not elements)."""
        return self.find("style")

    @cached_property
    def css_rules(self) -> list[tuple[int, CssRule]]:
        """Return (line offset of its <style>, rule) for every rule in every <style>."""
        return [
            ((style.sourceline or 1) - 1, css_rule)
            for style in self.stylesheets
            for css_rule in stylesheet_rules(style.text or "")
        ]

    @cached_property
    def headers(self) -> EmailMessage | None:
        """Return the MIME message's headers (bodies unparsed), or None without a message."""
        if not self.eml:
            return None
        from email import policy
        from email.message import EmailMessage
        from email.parser import BytesHeaderParser

        # Only the header section: the parser would otherwise read the whole body.
        parsed = BytesHeaderParser(policy=policy.default).parsebytes(_header_section(self.eml))
        assert isinstance(parsed, EmailMessage)
        return parsed

    def locate(self, el: HtmlElement) -> Where:
        """Describe where an element is: its block (or region), tag and source line."""
        region = None
        block = None
        for node in (el, *el.iterancestors()):
            if node in self.blocks:
                block, kind = self.blocks[node]
                region = f"blocks[{block}] ({kind})"
                break
            classes = (node.get("class") or "").split()
            named = next((name for name in _REGIONS if name in classes), None)
            if named:
                region = named
                break
        parts = [region] if region else []
        parts.append(f"<{el.tag}>")
        if el.sourceline:
            parts.append(f"line {el.sourceline}")
        return Where(", ".join(parts), HTML_FILE, el.sourceline, block)


@lru_cache(maxsize=1)
def _block_class() -> re.Pattern[str]:
    """Match the class that marks a block's cell; the models are imported only for it."""
    from newsletter.models import BLOCK_TYPES

    return re.compile(r"(?:^|\s)block-(" + "|".join(BLOCK_TYPES) + r")(?:\s|$)")


@lru_cache(maxsize=64)
def stylesheet_rules(css: str) -> tuple[CssRule, ...]:
    """Return the rules of a stylesheet, parsed once: every issue shares its stylesheet."""
    return tuple(parse_rules(css))


@lru_cache(maxsize=4096)
def style_declarations(style: str) -> dict[str, str]:
    """Return the declarations of a style attribute, shared by every element and rule."""
    return declarations(style)


def _header_section(eml: bytes) -> bytes:
    """Return a message's header lines, up to and including the blank line after them."""
    ends = [i for i in (eml.find(b"\r\n\r\n"), eml.find(b"\n\n")) if i >= 0]
    if not ends:
        return eml
    end = min(ends)
    return eml[: end + (4 if eml.startswith(b"\r\n\r\n", end) else 2)]


def text_line(number: int) -> Where:
    """Return the place of a line of the plain-text version."""
    return Where(f"{TEXT_FILE} line {number}", TEXT_FILE, number)


def html_line(number: int) -> Where:
    """Return the place of a line of the HTML version."""
    return Where(f"{HTML_FILE} line {number}", HTML_FILE, number)


def header(name: str) -> Where:
    """Return the place of a header of the MIME message."""
    return Where(f"{name} header", EML_FILE)


def setting(path: str) -> Where:
    """Return the place of a field of newsletter.yaml."""
    return Where(f"newsletter.yaml {path}", SETTINGS_FILE)


def run(email: Email, *, disabled: Iterable[str] = ()) -> list[Finding]:
    """Run every enabled rule on the email and return its findings, errors first."""
    off = set(disabled)
    findings = [
        Finding(
            email.slug,
            r.id,
            r.severity,
            hit.where.text,
            hit.message,
            hit.where.file,
            hit.where.line,
            hit.where.block,
        )
        for r in RULES.values()
        if r.id not in off
        for hit in r.check(email)
    ]
    return sorted(findings, key=lambda f: f.severity != "error")


def normalise(text: str) -> str:
    """Collapse whitespace (including no-break and zero-width fillers) to single spaces."""
    return " ".join(re.sub(r"[\u00a0\u200b\u200c\u200d\u034f\ufeff]", " ", text).split())


def visible_text(el: HtmlElement) -> str:
    """Return the element's text with images replaced by their alt, whitespace collapsed."""
    parts: list[str] = []
    _collect_text(el, parts)
    return normalise("".join(parts))


def _collect_text(el: HtmlElement, parts: list[str]) -> None:
    if el.tag == "img":
        parts.append(f" {el.get('alt') or ''} ")
    elif isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) pairs, numbered from 1."""
    return enumerate(text.splitlines(), start=1)
