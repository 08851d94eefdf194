"""Read an iCalendar (.ics) file into the events that start within a date window.

Recurring events are expanded with recurring-ical-events. Times are shown in the
newsletter's time zone; events with a floating time (no zone) are taken to be in it.
An event that started before the window and is still running is left out: the list
says what is coming up. Cancelled events are left out too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from newsletter.ingest.errors import content_error
from newsletter.ingest.summary import html_to_text
from newsletter.ingest.text import clean_text, looks_like_markup, web_url
from newsletter.models.fields import prompt

PLACE_PROMPT = prompt("Add where this event happens")
TITLE_PROMPT = prompt("Name this event")
# A rule such as FREQ=MINUTELY would otherwise fill the list with thousands of entries.
MAX_OCCURRENCES = 1000


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence of an event, ready for an events block."""

    date: dt.date
    time: str | None
    title: str
    place: str
    url: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[dt.date, bool, str, str]:
        """Order by day, all-day events first, then by time and title."""
        return (self.date, self.time is not None, self.time or "", self.title)


def parse_calendar(
    body: bytes, *, url: str, since: dt.datetime, until: dt.datetime, tz: ZoneInfo
) -> list[CalendarEvent]:
    """Return the events starting in [since, until), in order, or raise FeedError."""
    calendar = _load(body, url=url)
    events: list[CalendarEvent] = []
    occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).after(since)
    for count, component in enumerate(occurrences):
        start = _local(component.get("DTSTART").dt, tz)
        if start >= until or count >= MAX_OCCURRENCES:
            break
        if start < since or str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        events.append(_event(component, start=start, all_day=_is_all_day(component)))
    return events


def select_events(
    events: Sequence[CalendarEvent],
    *,
    include_tags: Collection[str] = (),
    exclude_tags: Collection[str] = (),
    limit: int | None = None,
) -> list[CalendarEvent]:
    """Return the events that pass the tag filters, without repeats, first ``limit`` of them."""
    include = {tag.casefold() for tag in include_tags}
    exclude = {tag.casefold() for tag in exclude_tags}
    chosen: list[CalendarEvent] = []
    for event in events:
        tags = {tag.casefold() for tag in event.tags}
        if (include and not tags & include) or tags & exclude or event in chosen:
            continue
        chosen.append(event)
    return chosen[:limit] if limit is not None else chosen


def _load(body: bytes, *, url: str) -> icalendar.Calendar:
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise content_error(
            url,
            "is not an iCalendar file (it does not start with BEGIN:VCALENDAR)",
            fix="use the calendar's .ics address",
        )
    try:
        return icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as error:
        message = " ".join(str(error).split())[:120]
        raise content_error(
            url,
            f"is not a valid iCalendar file ({message})",
            fix="ask the calendar's owner to fix it, or export it again",
        ) from None


def _local(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Return an event start as an aware datetime in the newsletter's time zone."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _is_all_day(component: Any) -> bool:
    return not isinstance(component.get("DTSTART").dt, dt.datetime)


def _event(component: Any, *, start: dt.datetime, all_day: bool) -> CalendarEvent:
    return CalendarEvent(
        date=start.date(),
        time=None if all_day else start.strftime("%H:%M"),
        title=_text(component.get("SUMMARY")) or TITLE_PROMPT,
        place=_text(component.get("LOCATION")) or PLACE_PROMPT,
        url=web_url(str(component.get("URL") or "")),
        tags=_categories(component.get("CATEGORIES")),
    )


def _text(value: Any) -> str:
    text = str(value or "")
    return html_to_text(text) if looks_like_markup(text) else clean_text(text)


def _categories(value: Any) -> tuple[str, ...]:
    """Return the names in one or more CATEGORIES properties."""
    properties = value if isinstance(value, list) else [value] if value is not None else []
    names = (_text(name) for prop in properties for name in getattr(prop, "cats", []))
    return tuple(name for name in names if name)
