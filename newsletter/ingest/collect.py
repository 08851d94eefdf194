"""Fetch every source of a draft and pick its items: the whole ingestion in one call.

Stories and jobs come from [since, until); events from a window of their own if one is
given, since an issue reports on the past week but lists what is coming up. A story URL
chosen from one feed is skipped in the feeds after it. What is taken and what is left
out, with the reason for each, goes in a report per feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from newsletter.ingest.calendar import CalendarEvent, parse_calendar
from newsletter.ingest.errors import FeedError, content_error
from newsletter.ingest.feeds import COLUMN_WIDTH, Item, Skipped, parse_feed, select, url_key
from newsletter.ingest.fetch import TIMEOUT, Fetched, fetch
from newsletter.models.feeds import FeedSource

Entries = list[Item] | list[CalendarEvent]
E = TypeVar("E", Item, CalendarEvent)
# Items taken from a feed whose max is not set: a digest, not the feed's whole history.
DEFAULT_MAX = 30
# Items in one draft, all feeds together, whatever their max: the draft stays well
# inside the bound on values a content file may hold, so it always builds.
DRAFT_MAX = 300
# Skipped items listed one by one in a feed's report; the rest are only counted.
LISTED = 50
# Where a story was used before, by URL: e.g. "issue 2026-06-05".
Used = Mapping[str, str]


@dataclass
class FeedReport:
    """What one feed gave the draft: the titles taken and the items skipped, with reasons."""

    url: str
    taken: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report as lines: counts by reason, then each item (the first few skips)."""
        reasons: dict[str, int] = {}
        for skip in self.skipped:
            kind = skip.reason.split(" (")[0]
            reasons[kind] = reasons.get(kind, 0) + 1
        counts = ", ".join(f"{count} {reason}" for reason, count in reasons.items())
        head = f"feed {self.url}: {len(self.taken)} taken, {len(self.skipped)} skipped"
        lines = [head + (f" ({counts})" if counts else "")]
        lines += [f"  took: {title}" for title in self.taken]
        lines += [f"  skipped: {skip.title}: {skip.reason}" for skip in self.skipped[:LISTED]]
        if len(self.skipped) > LISTED:
            lines.append(f"  ... and {len(self.skipped) - LISTED} more skipped (counted above)")
        return lines

    def trim(self, entries: list[E], *, room: int) -> list[E]:
        """Return the entries that fit in the draft's ``room``, reporting the rest skipped."""
        over = entries[room:]
        if over:
            self.taken = self.taken[: len(self.taken) - len(over)]
            reason = f"over the draft's limit of {DRAFT_MAX} items"
            self.skipped += [Skipped(entry.title, reason) for entry in over]
        return entries[:room]


def collect(
    sources: Sequence[FeedSource],
    *,
    base: Path,
    cache: Path | None,
    since: dt.datetime,
    until: dt.datetime,
    tz: ZoneInfo,
    events_window: tuple[dt.datetime, dt.datetime] | None = None,
    used: Used | Collection[str] = (),
    width: int = COLUMN_WIDTH,
    timeout: float = TIMEOUT,
    reports: list[FeedReport] | None = None,
) -> list[tuple[FeedSource, Entries]]:
    """Return each source with its chosen items, skipping stories already in ``used``.

    ``used`` maps the URL of each story already in an issue to where (or is a set of
    URLs); a report per feed, with every item left out and why (unreadable, outside the
    window, used, filtered, over a limit), is appended to ``reports`` when given.
    """
    seen = _where(used)
    first, last = events_window or (since, until)
    result: list[tuple[FeedSource, Entries]] = []
    room = DRAFT_MAX
    for source in sources:
        fetched = fetch(source.url, base=base, cache=cache, timeout=timeout)
        report = FeedReport(source.url)
        if reports is not None:
            reports.append(report)
        entries: Entries
        if source.fills == "events":
            events = read_events(fetched, source, since=first, until=last, tz=tz, report=report)
            entries = report.trim(events, room=room)
        else:
            items = read_items(
                fetched, source, since=since, until=until, seen=seen, width=width, report=report
            )
            entries = report.trim(items, room=room)
            seen.update({url_key(item.url): "an earlier feed of this draft" for item in entries})
        room -= len(entries)
        result.append((source, entries))
    return result


def _where(used: Used | Collection[str]) -> dict[str, str]:
    """Return where each used story appeared, by the URL's comparable form."""
    if isinstance(used, Mapping):
        return {url_key(url): where for url, where in used.items()}
    return {url_key(url): "an earlier issue" for url in used}


def read_items(
    fetched: Fetched,
    source: FeedSource,
    *,
    since: dt.datetime,
    until: dt.datetime,
    seen: Used | Collection[str] = (),
    width: int = COLUMN_WIDTH,
    report: FeedReport | None = None,
) -> list[Item]:
    """Parse a fetched feed and choose its items for the window, or raise FeedError."""
    report = report if report is not None else FeedReport(fetched.url)
    items = parse_feed(
        fetched.body,
        url=fetched.url,
        content_type=fetched.content_type,
        label=source.label,
        width=width,
        skipped=report.skipped,
    )
    dated = select(items, since=since, until=until)
    if not dated:
        raise _empty_window(fetched.url, since=since, until=until, what="items")
    window = f"outside the window ({_window(since, until)})"
    # Each item on its own: select() would also drop a second copy of a story, which
    # the report should call a repeat, not a date outside the window.
    inside: list[Item] = []
    for item in items:
        if select([item], since=since, until=until):
            inside.append(item)
        else:
            report.skipped.append(Skipped(item.title, window))
    return _choose(inside, source, seen=_where(seen), report=report)


def _choose(
    items: list[Item], source: FeedSource, *, seen: dict[str, str], report: FeedReport
) -> list[Item]:
    """Return the items not used before and passing the tag filters, newest first, up to max.

    Of two copies of a story, the first in the feed is kept, as feeds list the original
    first.
    """
    used = dict(seen)
    chosen: list[Item] = []
    for item in items:
        key = url_key(item.url)
        reason = _tag_reason(item.tags, source) or (
            f"already in {used[key]}" if key in used else None
        )
        if reason:
            report.skipped.append(Skipped(item.title, reason))
            continue
        used[key] = "another item of this feed"
        chosen.append(item)
    chosen.sort(key=lambda item: -item.date.timestamp() if item.date else 0.0)
    chosen = _up_to_max(chosen, source, report=report)
    report.taken += [item.title for item in chosen]
    return chosen


def _up_to_max(chosen: list[E], source: FeedSource, *, report: FeedReport) -> list[E]:
    """Return the first max entries of the feed (DEFAULT_MAX if unset), reporting the rest."""
    limit = source.max if source.max is not None else DEFAULT_MAX
    why = f"over max ({limit} taken{'' if source.max is not None else ' by default'})"
    report.skipped += [Skipped(entry.title, why) for entry in chosen[limit:]]
    return chosen[:limit]


def _tag_reason(tags: Sequence[str], source: FeedSource) -> str | None:
    """Return why the tag filters leave an item out, or None if they keep it."""
    have = {tag.casefold(): tag for tag in tags}
    excluded = [have[tag.casefold()] for tag in source.exclude_tags if tag.casefold() in have]
    if excluded:
        return f"excluded tag ({excluded[0]})"
    include = {tag.casefold() for tag in source.include_tags}
    if include and not include & set(have):
        return f"excluded tag (none of {', '.join(source.include_tags)})"
    return None


def read_events(
    fetched: Fetched,
    source: FeedSource,
    *,
    since: dt.datetime,
    until: dt.datetime,
    tz: ZoneInfo,
    report: FeedReport | None = None,
) -> list[CalendarEvent]:
    """Parse a fetched calendar and choose its events for the window, or raise FeedError."""
    events = parse_calendar(fetched.body, url=fetched.url, since=since, until=until, tz=tz)
    if not events:
        raise _empty_window(fetched.url, since=since, until=until, what="events")
    report = report if report is not None else FeedReport(fetched.url)
    chosen: list[CalendarEvent] = []
    for event in events:
        reason = _tag_reason(event.tags, source)
        if reason:
            report.skipped.append(Skipped(event.title, reason))
        elif event not in chosen:
            chosen.append(event)
    chosen = _up_to_max(chosen, source, report=report)
    report.taken += [event.title for event in chosen]
    return chosen


def _window(since: dt.datetime, until: dt.datetime) -> str:
    return f"{since:%Y-%m-%d %H:%M} to before {until:%Y-%m-%d %H:%M}"


def _empty_window(url: str, *, since: dt.datetime, until: dt.datetime, what: str) -> FeedError:
    return content_error(
        url,
        f"has no {what} from {since:%Y-%m-%d %H:%M} to before {until:%Y-%m-%d %H:%M}",
        fix="widen the date window, or remove the feed if it is no longer updated",
    )
