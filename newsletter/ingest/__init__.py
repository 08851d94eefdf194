"""Turn a news site's own feeds and calendars into draft content blocks.

fetch -> parse (feeds, calendar) -> choose (window, tags, repeats, max) -> draft blocks.
"""

from __future__ import annotations

from newsletter.ingest.calendar import CalendarEvent, parse_calendar, select_events
from newsletter.ingest.collect import collect, read_events, read_items
from newsletter.ingest.draft import draft_blocks, draft_text
from newsletter.ingest.errors import FeedError
from newsletter.ingest.feeds import Item, ItemImage, parse_feed, select, url_key
from newsletter.ingest.fetch import Fetched, fetch
from newsletter.ingest.summary import summarize
from newsletter.models.feeds import FeedSource
from newsletter.models.fields import prompt

__all__ = [
    "CalendarEvent",
    "FeedError",
    "FeedSource",
    "Fetched",
    "Item",
    "ItemImage",
    "collect",
    "draft_blocks",
    "draft_text",
    "fetch",
    "parse_calendar",
    "parse_feed",
    "prompt",
    "read_events",
    "read_items",
    "select",
    "select_events",
    "summarize",
    "url_key",
]
