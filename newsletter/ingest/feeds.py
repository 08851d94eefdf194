"""Read RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed 1.x into typed items, and pick the ones to use.

XML feeds go through feedparser with its HTML sanitizer and URI rewriting off: the
summary module turns HTML into text itself. An item's relative link is resolved against
the feed's xml:base if it has one, else the site's home page named in the feed (feeds
are often served from another host), else the feed's URL; links and images inside an
item are resolved against the item's own link.

The installed feedparser (6.0) has no JSON Feed support, so JSON Feed is read with the
json module into the same entry structure. A document type that declares entities is
refused before any parser sees it (billion laughs), and so is XML that is not
well-formed: feedparser would otherwise guess with its loose parser.

Images must end up absolute https: an http image is rewritten to https, since mail
clients block or flag plain-http images and news sites serve their images over https.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import xml.sax
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from lxml import etree

from newsletter.ingest.errors import content_error
from newsletter.ingest.summary import first_image, html_to_text, parse_html, summarize
from newsletter.ingest.text import clean_text, https_url, looks_like_markup, web_url
from newsletter.models.fields import prompt

COLUMN_WIDTH = 552
ALT_PROMPT = prompt("Describe the image for readers who cannot see it")
TITLE_PROMPT = prompt("Write a headline for this story")
SUMMARY_PROMPT = prompt("Write a one- or two-sentence summary of this story")

_MEDIA_NS = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
_ITEM_TAGS = frozenset(
    (
        "item",
        "{http://purl.org/rss/1.0/}item",
        "{http://my.netscape.com/rdf/simple/0.9/}item",
        "{http://www.w3.org/2005/Atom}entry",
    )
)
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_TYPES = ("rss", "atom", "feed+json")


@dataclass(frozen=True)
class Skipped:
    """An item left out of a draft, and why."""

    title: str
    reason: str


@dataclass(frozen=True)
class ItemImage:
    """An item's picture, ready for the content format's image fields."""

    src: str
    alt: str
    width: int
    height: int | None = None


@dataclass(frozen=True)
class Item:
    """One story or advert from a feed, as plain text fields and a Markdown summary."""

    title: str
    url: str
    date: dt.datetime | None
    summary: str
    image: ItemImage | None = None
    label: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def byline(self) -> str | None:
        """Return the author line, e.g. 'By Sam Patel'."""
        if not self.author:
            return None
        return self.author if self.author.lower().startswith("by ") else f"By {self.author}"


@dataclass
class _Candidate:
    src: str
    alt: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class _Entry:
    """What one feed item says, before cleaning; XML and JSON feeds both fill this."""

    title: str = ""
    title_html: bool = False
    link: str = ""
    summary: str = ""
    summary_html: bool = True
    content: str = ""
    content_html: bool = True
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    author: str = ""
    categories: list[str] = field(default_factory=list)
    images: list[_Candidate] = field(default_factory=list)


@dataclass
class _Parsed:
    entries: list[_Entry]
    home: str = ""
    date: dt.datetime | None = None


# -- parsing ----------------------------------------------------------------


def parse_feed(
    body: bytes,
    *,
    url: str,
    content_type: str = "",
    label: str | None = None,
    width: int = COLUMN_WIDTH,
    skipped: list[Skipped] | None = None,
) -> list[Item]:
    """Parse a feed document into items in feed order, or raise FeedError.

    An item that cannot be used is left out, with the reason added to ``skipped``;
    the feed is refused only when no item is usable.
    """
    probe = _probe(body)
    refuse_entities(probe, url=url)
    if probe.lstrip().startswith(b"{"):
        parsed = _parse_json(body, url=url)
    else:
        _refuse_non_feed(body, probe, url=url, content_type=content_type)
        parsed = _parse_xml(body, url=url, content_type=content_type)
    if not parsed.entries:
        raise content_error(url, "has no items", fix="check that the site still updates it")
    base = web_url(parsed.home, base=url) or url
    items: list[Item] = []
    unusable: list[Skipped] = []
    for number, entry in enumerate(parsed.entries, 1):
        try:
            item = _item(entry, base=base, fallback=parsed.date, label=label, width=width)
        except (ValueError, OverflowError) as error:
            item, why = None, f"{type(error).__name__} reading it"
        else:
            why = "its link is not a usable http(s) address"
        if item is None:
            unusable.append(Skipped(f"item {number}{_named(entry)}", f"unreadable ({why})"))
            continue
        items.append(item)
    if not items:
        raise content_error(
            url,
            f"has no usable items: {unusable[0].title} is {unusable[0].reason}",
            fix="ask the site to fix its feed, or use another feed",
        )
    if skipped is not None:
        skipped.extend(unusable)
    return items


def _named(entry: _Entry) -> str:
    """Return an item's title for a report, e.g. " ('Flood warning')", or nothing."""
    try:
        title = _title(entry)
    except (ValueError, OverflowError):
        return ""
    if not title:
        return ""
    return f" ({title[:60] + '…' if len(title) > 60 else title!r})"


def _probe(body: bytes) -> bytes:
    """Return the body with a BOM and NUL bytes removed, so UTF-16 text reads as ASCII."""
    probe = body.replace(b"\x00", b"")
    for mark in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        probe = probe.removeprefix(mark)
    return probe


def refuse_entities(probe: bytes, *, url: str) -> None:
    """Raise FeedError if the document declares entities (a billion-laughs risk)."""
    doctype = re.search(rb"<!DOCTYPE", probe, re.I)
    if doctype and re.search(rb"<!ENTITY", probe[doctype.start() :], re.I):
        raise content_error(
            url,
            "declares XML entities in a DOCTYPE, which can expand without limit; refused",
            fix="ask the site for a feed without a DOCTYPE",
        )


def _root(probe: bytes) -> tuple[str, bytes]:
    """Return the local name of the root element and the prolog before it."""
    position = 0
    while match := _PROLOG.match(probe, position):
        position = match.end()
    root = _ROOT.match(probe, position)
    name = root.group(2).decode("ascii").lower() if root else ""
    return name, probe[:position]


def _refuse_non_feed(body: bytes, probe: bytes, *, url: str, content_type: str) -> None:
    """Raise FeedError for web pages, calendars and anything else that is not a feed."""
    name, prolog = _root(probe[:65536])
    media = content_type.split(";")[0].strip().lower()
    if probe.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise content_error(url, "is an iCalendar file", fix="set fills: events for it")
    is_page = name == "html" or re.search(rb"<!DOCTYPE\s+html", prolog, re.I)
    if is_page or (media == "text/html" and name not in ("rss", "feed", "rdf")):
        raise content_error(url, "is a web page, not a feed", fix=_feed_hint(body, url=url))
    if not name:
        raise content_error(url, "is not an RSS, Atom or JSON feed", fix="check the feed's address")


def _feed_hint(body: bytes, *, url: str) -> str:
    """Say which feed a web page names, if it names one."""
    root = parse_html(body.decode("utf-8", "replace"))
    if root is not None:
        for link in root.getroottree().iter("link"):
            kind = (link.get("type") or "").lower()
            rel = (link.get("rel") or "").lower().split()
            if "alternate" in rel and any(t in kind for t in _FEED_TYPES):
                address = web_url(link.get("href"), base=url)
                if address:
                    return f"the page names its feed: use {address}"
    return "use the address of the site's RSS, Atom or JSON feed"


def _parse_xml(body: bytes, *, url: str, content_type: str) -> _Parsed:
    # No content-location: relative links are resolved later, against the site's home page.
    headers = {"content-type": content_type or "application/xml"}
    result = feedparser.parse(
        io.BytesIO(body),  # a bytes argument could be opened as a file path
        response_headers=headers,
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    error = result.get("bozo_exception")
    if result.get("bozo") and not isinstance(error, _HARMLESS):
        raise _malformed(url, error)
    if not result.get("version"):
        raise content_error(
            url, "is XML but not an RSS or Atom feed", fix="check the feed's address"
        )
    descriptions = _media_descriptions(body, count=len(result.entries))
    # Plain dicts: feedparser's own lookups warn about and remap some missing keys.
    entries = [
        _xml_entry(dict(entry), descriptions[index] if descriptions else [])
        for index, entry in enumerate(result.entries)
    ]
    feed = dict(result.feed)
    date = _struct_date(feed.get("published_parsed")) or _struct_date(feed.get("updated_parsed"))
    return _Parsed(entries, home=str(feed.get("link", "")), date=date)


def _malformed(url: str, error: Exception | None) -> Exception:
    if isinstance(error, xml.sax.SAXParseException):
        message = error.getMessage()
        what = f"is not well-formed XML (line {error.getLineNumber()}: {message})"
        if "entity" in message.lower():
            what = f"uses an XML entity that is not defined (line {error.getLineNumber()})"
    else:
        what = f"cannot be read as a feed ({error})"
    return content_error(url, what, fix="ask the site to fix its feed, or use another feed")


def _xml_entry(entry: Any, descriptions: list[str]) -> _Entry:
    summary_type = entry.get("summary_detail", {}).get("type", "text/html")
    summary = str(entry.get("summary", ""))
    # feedparser stores <media:description> as the summary when the item has none.
    if summary and clean_text(html_to_text(summary)) in descriptions:
        summary = ""
    content = (entry.get("content") or [{}])[0]
    return _Entry(
        title=str(entry.get("title", "")),
        title_html="html" in entry.get("title_detail", {}).get("type", ""),
        link=str(entry.get("link", "")) or _guid_link(entry),
        summary=summary,
        summary_html="html" in summary_type,
        content=str(content.get("value", "")),
        content_html="html" in str(content.get("type", "text/html")),
        published=_struct_date(entry.get("published_parsed")),
        updated=_struct_date(entry.get("updated_parsed")),
        author=_xml_author(entry),
        categories=[
            str(tag.get("label") or tag.get("term") or "") for tag in entry.get("tags", [])
        ],
        images=_xml_images(entry, descriptions),
    )


def _guid_link(entry: Any) -> str:
    guid = str(entry.get("id", ""))
    return guid if web_url(guid) else ""


def _xml_author(entry: Any) -> str:
    """Return the author's name; RSS gives an address with the name in brackets, if any."""
    author = str(entry.get("author") or "")
    if "@" not in author:
        return author
    named = re.search(r"\(([^()@]+)\)|^([^<>@]+)<", author)
    return (named.group(1) or named.group(2)).strip() if named else ""


def _xml_images(entry: Any, descriptions: list[str]) -> list[_Candidate]:
    alt = descriptions[0] if descriptions else ""
    candidates = [
        _Candidate(
            str(media["url"]), alt, _number(media.get("width")), _number(media.get("height"))
        )
        for media in entry.get("media_content", [])
        if media.get("url") and _is_image(media.get("medium"), media.get("type"), media["url"])
    ]
    candidates += [
        _Candidate(
            str(thumb["url"]), alt, _number(thumb.get("width")), _number(thumb.get("height"))
        )
        for thumb in entry.get("media_thumbnail", [])
        if thumb.get("url")
    ]
    candidates += [
        _Candidate(str(link["href"]))
        for link in entry.get("links", [])
        if link.get("rel") == "enclosure"
        and link.get("href")
        and str(link.get("type", "")).startswith("image/")
    ]
    return candidates


def _is_image(medium: str | None, media_type: str | None, url: str) -> bool:
    if medium or media_type:
        return medium == "image" or str(media_type).startswith("image/")
    return bool(re.search(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|\?)", url, re.I))


def _media_descriptions(body: bytes, *, count: int) -> list[list[str]] | None:
    """Return the media:description texts of each item, or None if items cannot be matched."""
    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        root = etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    items = [element for element in root.iter() if element.tag in _ITEM_TAGS]
    if len(items) != count:
        return None
    names = {f"{{{ns}}}description" for ns in _MEDIA_NS}
    return [
        [
            text
            for element in item.iter()
            if element.tag in names and (text := html_to_text(element.text or ""))
        ]
        for item in items
    ]


def _struct_date(value: time.struct_time | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return None


def _number(value: Any) -> int | None:
    try:
        number = int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= 100_000 else None


# -- JSON Feed ----------------------------------------------------------------


def _parse_json(body: bytes, *, url: str) -> _Parsed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise content_error(
            url,
            f"is not valid JSON ({type(error).__name__})",
            fix="ask the site to fix its feed, or use another feed",
        ) from None
    version = data.get("version") if isinstance(data, dict) else None
    if not (isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")):
        raise content_error(url, "is JSON but not a JSON Feed", fix="check the feed's address")
    items = data.get("items")
    entries = (
        [_json_entry(item) for item in items if isinstance(item, dict)]
        if isinstance(items, list)
        else []
    )
    return _Parsed(entries, home=_string(data.get("home_page_url")))


def _json_entry(item: dict[str, Any]) -> _Entry:
    summary, content_html, content_text = (
        _string(item.get(key)) for key in ("summary", "content_html", "content_text")
    )
    tags = item.get("tags")
    return _Entry(
        title=_string(item.get("title")),
        link=_string(item.get("url")) or _string(item.get("external_url")) or _guid_link(item),
        summary=summary,
        summary_html=False,
        content=content_html or content_text,
        content_html=bool(content_html),
        published=_iso_date(item.get("date_published")),
        updated=_iso_date(item.get("date_modified")),
        author=_json_author(item),
        categories=[tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else [],
        images=_json_images(item),
    )


def _json_author(item: dict[str, Any]) -> str:
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item.get("author")]
    names = [_string(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(name for name in names if name)


def _json_images(item: dict[str, Any]) -> list[_Candidate]:
    candidates = [
        _Candidate(src) for key in ("image", "banner_image") if (src := _string(item.get(key)))
    ]
    attachments = item.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict):
            continue
        src = _string(attachment.get("url"))
        if src and _string(attachment.get("mime_type")).startswith("image/"):
            candidates.append(_Candidate(src, _string(attachment.get("title"))))
    return candidates


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _iso_date(value: Any) -> dt.datetime | None:
    try:
        date = dt.datetime.fromisoformat(_string(value).strip())
        return (
            date.astimezone(dt.timezone.utc)
            if date.tzinfo
            else date.replace(tzinfo=dt.timezone.utc)
        )
    except (ValueError, OverflowError):  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        return None


# -- entries to items -----------------------------------------------------------


def _item(
    entry: _Entry, *, base: str, fallback: dt.datetime | None, label: str | None, width: int
) -> Item | None:
    """Clean one entry into an Item, or None if it has no usable link."""
    url = web_url(entry.link, base=base)
    if url is None:
        return None
    tags = _unique(
        clean_text(html_to_text(name) if looks_like_markup(name) else name)
        for name in entry.categories
    )
    author = _text(entry.author)
    return Item(
        title=_title(entry) or TITLE_PROMPT,
        url=url,
        date=entry.published or entry.updated or fallback,
        summary=_summary(entry, base=url) or SUMMARY_PROMPT,
        image=_image(entry, base=url, width=width),
        label=tags[0] if tags else label,
        author=author if author and "@" not in author else None,
        tags=tuple(tags),
    )


def _text(value: str) -> str:
    """Return feed text as plain text, reading it as HTML when it holds tags."""
    return html_to_text(value) if looks_like_markup(value) else clean_text(value)


def _title(entry: _Entry) -> str:
    return html_to_text(entry.title) if entry.title_html else _text(entry.title)


def _summary(entry: _Entry, *, base: str) -> str:
    for source, is_html in (
        (entry.summary, entry.summary_html),
        (entry.content, entry.content_html),
    ):
        if text := summarize(source, html=is_html or looks_like_markup(source), base=base):
            return text
    return ""


def _image(entry: _Entry, *, base: str, width: int) -> ItemImage | None:
    candidates = list(entry.images)
    for source in (entry.content, entry.summary):
        if found := first_image(source, base=base):
            candidates.append(_Candidate(*found))
    for candidate in candidates:
        src = https_url(web_url(candidate.src, base=base))
        # Under 16 px either way is a spacer or tracking pixel, not a picture of the story.
        if src is None or min(candidate.width or 16, candidate.height or 16) < 16:
            continue
        shown = min(candidate.width or width, width)
        height = None
        if candidate.width and candidate.height:
            height = max(1, min(4000, round(candidate.height * shown / candidate.width)))
        return ItemImage(src, _text(candidate.alt) or ALT_PROMPT, shown, height)
    return None


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


# -- choosing items -----------------------------------------------------------


def url_key(url: str) -> str:
    """Return the form of a URL used to spot the same story twice."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_")
    ]
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and (parts.scheme.lower(), port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    return urlunsplit(
        (parts.scheme.lower(), host, parts.path.rstrip("/") or "/", urlencode(query), "")
    )


def select(
    items: Sequence[Item],
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    include_tags: Collection[str] = (),
    exclude_tags: Collection[str] = (),
    seen: Collection[str] = frozenset(),
    limit: int | None = None,
) -> list[Item]:
    """Return new items dated in [since, until) that pass the tag filters, newest first."""
    include = {tag.casefold() for tag in include_tags}
    exclude = {tag.casefold() for tag in exclude_tags}
    used = {url_key(url) for url in seen}
    chosen: list[Item] = []
    for item in items:
        key = url_key(item.url)
        tags = {tag.casefold() for tag in item.tags}
        if not _in_window(item.date, since=since, until=until) or key in used:
            continue
        if (include and not tags & include) or tags & exclude:
            continue
        used.add(key)
        chosen.append(item)
    chosen.sort(key=_newest_first)
    return chosen[:limit] if limit is not None else chosen


def _in_window(
    date: dt.datetime | None, *, since: dt.datetime | None, until: dt.datetime | None
) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    return (since is None or date >= since) and (until is None or date < until)


def _newest_first(item: Item) -> float:
    return -item.date.timestamp() if item.date else float("inf")
