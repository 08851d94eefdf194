"""The archive's feeds: Atom 1.0 (RFC 4287, made with feedgen) and JSON Feed 1.1.

Every time in them comes from an issue date, never from the clock, so the same
issues give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

if TYPE_CHECKING:
    from newsletter.archive.pages import Entry, Site
    from newsletter.models import Settings

ATOM_FILE = "feed.xml"
JSON_FILE = "feed.json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# How many of the newest issues the feeds carry, each with its full content.
FEED_ENTRIES = 20
# The feeds' updated time while no issue is ready: fixed, as the clock must not be read.
EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
GENERATOR = "newsletter"


def atom(settings: Settings, site: Site, entries: list[Entry], contents: list[str]) -> bytes:
    """Return the Atom feed of the newest entries, with each issue's full HTML."""
    feed = FeedGenerator()
    feed.id(site.base_url)
    feed.title(site.title)
    feed.subtitle(site.description)
    feed.link(href=site.base_url, rel="alternate", type="text/html")
    feed.link(href=site.feed_url, rel="self", type="application/atom+xml")
    feed.author(name=settings.name, uri=settings.website)
    feed.language(settings.language)
    feed.generator(GENERATOR)
    feed.updated(updated(entries))
    if settings.logo is not None:
        feed.icon(settings.logo.src)
    for entry, content in zip(entries[:FEED_ENTRIES], contents, strict=False):
        item = feed.add_entry(order="append")
        item.id(entry.url)
        item.title(entry.issue.subject)
        item.link(href=entry.url, rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.published)
        item.summary(entry.issue.preheader)
        item.content(content, type="html")
    return feed.atom_str(pretty=True, encoding="UTF-8")


def json_feed(settings: Settings, site: Site, entries: list[Entry], contents: list[str]) -> bytes:
    """Return the JSON Feed of the same entries."""
    data = {
        "version": JSON_FEED_VERSION,
        "title": site.title,
        "home_page_url": site.base_url,
        "feed_url": site.json_feed_url,
        "description": site.description,
        "language": settings.language,
        "authors": [{"name": settings.name, "url": settings.website}],
        **({"favicon": settings.logo.src} if settings.logo else {}),
        "items": [
            {
                "id": entry.url,
                "url": entry.url,
                "title": entry.issue.subject,
                "summary": entry.issue.preheader,
                "content_html": content,
                "date_published": entry.published.isoformat(),
                **({"image": entry.image.src} if entry.image else {}),
            }
            for entry, content in zip(entries[:FEED_ENTRIES], contents, strict=False)
        ],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def updated(entries: list[Entry]) -> dt.datetime:
    """Return when the feed last changed: the newest issue's time."""
    return max((entry.published for entry in entries), default=EMPTY_UPDATED)
