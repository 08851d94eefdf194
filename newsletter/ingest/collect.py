"""Fetch every source of a draft and pick its items: the whole ingestion in one call.

Stories and jobs come from [since, until); events from a window of their own if one is
given, since an issue reports on the past week but lists what is coming up. A story URL
chosen from one feed is skipped in the feeds after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from newsletter.ingest.calendar import CalendarEvent, parse_calendar, select_events
from newsletter.ingest.errors import FeedError, content_error
from newsletter.ingest.feeds import COLUMN_WIDTH, Item, parse_feed, select
from newsletter.ingest.fetch import TIMEOUT, Fetched, fetch
from newsletter.models.feeds import FeedSource

Entries = list[Item] | list[CalendarEvent]
# Items taken from a feed whose max is not set: a digest, not the feed's whole history.
DEFAULT_MAX = 30
# Items in one draft, all feeds together, whatever their max: the draft stays well
# inside the bound on values a content file may hold, so it always builds.
DRAFT_MAX = 300


def collect(
    sources: Sequence[FeedSource],
    *,
    base: Path,
    cache: Path | None,
    since: dt.datetime,
    until: dt.datetime,
    tz: ZoneInfo,
    events_window: tuple[dt.datetime, dt.datetime] | None = None,
    used: Collection[str] = (),
    width: int = COLUMN_WIDTH,
    timeout: float = TIMEOUT,
    notes: list[str] | None = None,
) -> list[tuple[FeedSource, Entries]]:
    """Return each source with its chosen items, skipping stories already in ``used``.

    Each item skipped because it cannot be used gets a one-line note in ``notes``.
    """
    seen = set(used)
    first, last = events_window or (since, until)
    result: list[tuple[FeedSource, Entries]] = []
    room = DRAFT_MAX
    for source in sources:
        fetched = fetch(source.url, base=base, cache=cache, timeout=timeout)
        entries: Entries
        if source.fills == "events":
            events = read_events(fetched, source, since=first, until=last, tz=tz)
            entries = events[:room]
            _left_out(fetched.url, len(events) - room, notes=notes)
        else:
            items = read_items(
                fetched, source, since=since, until=until, seen=seen, width=width, notes=notes
            )
            entries = items[:room]
            seen.update(item.url for item in entries)
            _left_out(fetched.url, len(items) - room, notes=notes)
        room -= len(entries)
        result.append((source, entries))
    return result


def _left_out(url: str, count: int, *, notes: list[str] | None) -> None:
    """Note the items of a feed that did not fit in the draft."""
    if count > 0 and notes is not None:
        notes.append(
            f"feed {url}: {count} items left out: "
            f"a draft takes at most {DRAFT_MAX} items from all its feeds"
        )


def read_items(
    fetched: Fetched,
    source: FeedSource,
    *,
    since: dt.datetime,
    until: dt.datetime,
    seen: Collection[str] = (),
    width: int = COLUMN_WIDTH,
    notes: list[str] | None = None,
) -> list[Item]:
    """Parse a fetched feed and choose its items for the window, or raise FeedError."""
    items = parse_feed(
        fetched.body,
        url=fetched.url,
        content_type=fetched.content_type,
        label=source.label,
        width=width,
        notes=notes,
    )
    dated = select(items, since=since, until=until)
    if not dated:
        raise _empty_window(fetched.url, since=since, until=until, what="items")
    return select(
        dated,
        include_tags=source.include_tags,
        exclude_tags=source.exclude_tags,
        seen=seen,
        limit=source.max or DEFAULT_MAX,
    )


def read_events(
    fetched: Fetched, source: FeedSource, *, since: dt.datetime, until: dt.datetime, tz: ZoneInfo
) -> list[CalendarEvent]:
    """Parse a fetched calendar and choose its events for the window, or raise FeedError."""
    events = parse_calendar(fetched.body, url=fetched.url, since=since, until=until, tz=tz)
    if not events:
        raise _empty_window(fetched.url, since=since, until=until, what="events")
    return select_events(
        events,
        include_tags=source.include_tags,
        exclude_tags=source.exclude_tags,
        limit=source.max or DEFAULT_MAX,
    )


def _empty_window(url: str, *, since: dt.datetime, until: dt.datetime, what: str) -> FeedError:
    return content_error(
        url,
        f"has no {what} from {since:%Y-%m-%d %H:%M} to before {until:%Y-%m-%d %H:%M}",
        fix="widen the date window, or remove the feed if it is no longer updated",
    )
