"""Read an iCalendar (.ics) file into the events that start within a date window.

Recurring events are expanded with recurring-ical-events. Times are shown in the
newsletter's time zone; events with a floating time (no zone) are taken to be in it.
An event that started before the window and is still running is left out: the list
says what is coming up. Cancelled events are left out too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr

from newsletter.ingest.errors import FeedError, content_error
from newsletter.ingest.summary import html_to_text
from newsletter.ingest.text import clean_text, looks_like_markup, web_url
from newsletter.models.fields import prompt

PLACE_PROMPT = prompt("Add where this event happens")
TITLE_PROMPT = prompt("Name this event")
# A rule such as FREQ=MINUTELY would otherwise fill the list with thousands of entries.
MAX_OCCURRENCES = 1000
# Occurrences a rule may make before the list is full, counted from the event's first
# one (FREQ=SECONDLY from 1970 makes billions before the window), and for all events.
MAX_GENERATED = 50_000
MAX_GENERATED_ALL = 200_000
# Seconds the whole calendar's rules may take to expand.
MAX_SECONDS = 10.0


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
    _check_expansion(calendar, url=url, since=since, until=until)
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


def _check_expansion(
    calendar: icalendar.Calendar, *, url: str, since: dt.datetime, until: dt.datetime
) -> None:
    """Refuse a calendar whose recurring events would take unbounded work to expand.

    Each rule is run as the expansion will run it, from the event's start to the end of
    the window (or until the list is full), counting every occurrence it makes, not
    only those in the window; the count and the time taken are bounded.
    """
    deadline = time.monotonic() + MAX_SECONDS
    budget = MAX_GENERATED_ALL
    for component in calendar.walk("VEVENT"):
        uid = " ".join(str(component.get("UID", "")).split())[:100] or "without a UID"
        for rule in _rules(component):
            made = _count(component, rule, since=since, until=until, deadline=deadline)
            budget -= made or 0
            if made is None or budget < 0:
                raise _runaway(url, uid, timed_out=made is None and time.monotonic() > deadline)


def _rules(component: Any) -> list[str]:
    """Return the event's RRULE values as text (an event may have several)."""
    value = component.get("RRULE")
    values = value if isinstance(value, list) else [value] if value is not None else []
    return [item.to_ical().decode("utf-8", "replace") for item in values]


def _count(
    component: Any, rule: str, *, since: dt.datetime, until: dt.datetime, deadline: float
) -> int | None:
    """Return how many occurrences the rule makes before the list is full, or None if too many.

    Wall-clock times are compared without zones: an hour either way changes nothing here.
    """
    start = component.get("DTSTART")
    if start is None:
        return 0
    first = _naive(start.dt, since.tzinfo)
    since_at, until_at = _naive(since, since.tzinfo), _naive(until, since.tzinfo)
    # Stop at the end of the window, as the expansion does: UNTIL is dropped, so that a
    # rule that never matches is not searched to the year 9999.
    text = ";".join(part for part in rule.split(";") if not part.upper().startswith("UNTIL="))
    try:
        occurrences = rrulestr(text, dtstart=first, cache=False)
    except (ValueError, TypeError, OverflowError):
        return 0  # a rule the expansion cannot read is skipped there too
    made = inside = 0
    try:
        for made, moment in enumerate(occurrences.xafter(first, inc=True), 1):
            if moment >= until_at or made > MAX_GENERATED or time.monotonic() > deadline:
                break
            inside += moment >= since_at
            if inside >= MAX_OCCURRENCES and moment >= since_at + _FIRST_SPAN:
                break
    except (ValueError, OverflowError):
        pass  # ran past the last date Python knows
    return None if made > MAX_GENERATED or time.monotonic() > deadline else made


# The first span of time the expansion fills at once, whatever the list needs.
_FIRST_SPAN = dt.timedelta(days=1)


def _naive(value: dt.date | dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """Return a start as a wall-clock time without a zone."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0))
    if value.tzinfo is not None and zone is not None:
        value = value.astimezone(zone)
    return value.replace(tzinfo=None)


def _runaway(url: str, uid: str, *, timed_out: bool) -> FeedError:
    bound = f"{MAX_SECONDS:g} s" if timed_out else f"{MAX_GENERATED:,} occurrences"
    return content_error(
        url,
        f"the event {uid!r} repeats too often to expand (over {bound} before the draft's "
        "dates); its RRULE needs a COUNT or UNTIL, or a later DTSTART",
        fix="ask the calendar's owner to fix the event, or leave the calendar out",
    )


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
