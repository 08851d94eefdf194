"""iCalendar files to events: recurrence, time zones, all-day events, prompts."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsletter.ingest.calendar import (
    MAX_OCCURRENCES,
    PLACE_PROMPT,
    CalendarEvent,
    parse_calendar,
    select_events,
)
from newsletter.ingest.errors import FeedError

FEEDS = Path(__file__).parent / "feeds"
LONDON = ZoneInfo("Europe/London")
BODY = (FEEDS / "events.ics").read_bytes()
QUIZ = "https://www.millbrookweekly.example/whats-on/quiz"


def events(since: dt.datetime, until: dt.datetime, tz: ZoneInfo = LONDON) -> list[CalendarEvent]:
    return parse_calendar(BODY, url="https://x.example/events.ics", since=since, until=until, tz=tz)


def window(first: int, last: int, tz: ZoneInfo = LONDON) -> list[CalendarEvent]:
    return events(dt.datetime(2026, 6, first, tzinfo=tz), dt.datetime(2026, 6, last, tzinfo=tz), tz)


def test_three_weeks_of_events_in_order() -> None:
    found = sorted(window(1, 22), key=lambda event: event.sort_key)
    assert [(e.date.day, e.time, e.title) for e in found] == [
        (2, "19:30", "Quiz night"),
        (6, None, "Vale Show"),
        (9, "19:30", "By-election hustings: meet the candidates"),
        (9, "19:30", "Quiz night"),
        (11, "10:00", "Library storytime for under-fives"),
    ]


def test_a_weekly_event_repeats_and_skips_its_excluded_date() -> None:
    quiz = [e for e in window(1, 30) if e.title == "Quiz night"]
    assert [e.date for e in quiz] == [dt.date(2026, 6, d) for d in (2, 9, 23)]
    assert {e.place for e in quiz} == {"The Mill Inn, Mill Lane"}
    assert {e.url for e in quiz} == {QUIZ}
    assert quiz[0].tags == ("Pubs", "Quiz")


def test_an_all_day_event_has_no_time() -> None:
    (show,) = [e for e in window(1, 8) if e.title == "Vale Show"]
    assert (show.date, show.time, show.place) == (
        dt.date(2026, 6, 6),
        None,
        "Showground, Beacon Road",
    )
    assert show.url == "https://www.valeshow.example/"


def test_times_are_shown_in_the_newsletter_time_zone() -> None:
    new_york = ZoneInfo("America/New_York")
    (hustings,) = [e for e in window(9, 10, new_york) if e.title.startswith("By-election")]
    assert hustings.time == "14:30"
    (in_london,) = [e for e in window(9, 10) if e.title.startswith("By-election")]
    assert in_london.time == "19:30"


def test_a_floating_time_is_taken_in_the_newsletter_time_zone() -> None:
    (storytime,) = window(11, 12, ZoneInfo("Asia/Tokyo"))
    assert storytime.time == "10:00"


def test_missing_places_get_a_prompt_and_only_http_urls_are_kept() -> None:
    found = {e.title: e for e in window(9, 12)}
    assert found["Library storytime for under-fives"].place == PLACE_PROMPT
    assert found["Library storytime for under-fives"].url is None
    assert found["By-election hustings: meet the candidates"].url is None


def test_cancelled_past_and_running_events_are_left_out() -> None:
    titles = {e.title for e in window(1, 30)}
    assert "Cancelled lunch talk" not in titles
    assert "Last month's fair" not in titles
    running = events(
        dt.datetime(2026, 6, 6, 12, tzinfo=LONDON), dt.datetime(2026, 6, 8, tzinfo=LONDON)
    )
    assert running == []


def test_the_window_includes_its_start_and_excludes_its_end() -> None:
    start = dt.datetime(2026, 6, 2, 19, 30, tzinfo=LONDON)
    assert [e.title for e in events(start, start + dt.timedelta(minutes=1))] == ["Quiz night"]
    assert events(start - dt.timedelta(hours=1), start) == []


def test_tag_filters_repeats_and_max() -> None:
    found = window(1, 30)
    assert {e.title for e in select_events(found, include_tags=["QUIZ"])} == {"Quiz night"}
    assert "Vale Show" not in {e.title for e in select_events(found, exclude_tags=["shows"])}
    assert select_events([found[0], found[0]]) == [found[0]]
    assert select_events(found, limit=2) == found[:2]


def test_a_rule_that_never_stops_is_capped() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:m\r\n"
        b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260601T000000Z\r\nRRULE:FREQ=MINUTELY\r\n"
        b"SUMMARY:Every minute\r\nLOCATION:Here\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    started = time.perf_counter()
    found = parse_calendar(
        body,
        url="https://x.example/m.ics",
        since=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc),
        until=dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc),
        tz=LONDON,
    )
    assert len(found) == MAX_OCCURRENCES
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html></html>", "is not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nnot a content line\r\nEND:VCALENDAR\r\n", "is not a valid iCalendar"),
    ],
)
def test_other_documents_are_refused(body: bytes, message: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_calendar(
            body,
            url="https://x.example/e.ics",
            since=dt.datetime(2026, 6, 1, tzinfo=LONDON),
            until=dt.datetime(2026, 6, 8, tzinfo=LONDON),
            tz=LONDON,
        )
    assert caught.value.exit_code == 2
    assert message in caught.value.message
    assert caught.value.message.startswith("feed https://x.example/e.ics: ")
