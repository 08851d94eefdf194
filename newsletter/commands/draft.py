"""newsletter new SLUG --from-feed: draft an issue from the site's own feeds and calendars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from newsletter.content.loader import load_settings
from newsletter.content.scaffold import (
    INTRO_PROMPT,
    PREHEADER_PROMPT,
    SUBJECT_PROMPT,
    issue_date,
    latest_issue,
    new_issue_path,
    next_number,
    used_urls,
    write_new,
)
from newsletter.errors import CommandFailed, ContentError, Problem
from newsletter.ingest import FeedError, collect, draft_blocks, draft_text
from newsletter.ingest.collect import FeedReport
from newsletter.ingest.draft import translation_prompts
from newsletter.models.feeds import FeedSource
from newsletter.project import SETTINGS_FILE, Project

# How far ahead a draft lists events: until the next weekly issue.
EVENTS_AHEAD = dt.timedelta(days=7)
# The window of stories when there is no earlier issue and no --since.
FIRST_WINDOW = dt.timedelta(days=7)


def draft_from_feeds(
    project: Project,
    slug: str,
    *,
    feeds: list[str] | None,
    since: dt.date | None = None,
    max_items: int | None = None,
    date: dt.date | None = None,
    today: dt.date,
    echo: Callable[[str], None] = print,
) -> Path:
    """Write content/issues/<slug>.md as a draft made from feeds; write nothing on failure.

    ``feeds`` are the feed addresses given on the command line; None uses the settings'.
    What each feed gave and why each item was left out (unreadable, outside the window,
    already used, filtered, over a limit) goes to ``echo``. A story already in any issue
    file, whatever its status, is left out; when nothing is left, nothing is written.
    """
    target = new_issue_path(project, slug)
    settings = load_settings(project)
    sources = _sources(feeds, settings_feeds=settings.feeds, max_items=max_items)
    when = issue_date(slug, date=date, today=today)
    previous = latest_issue(project, before=when)
    start = since or _previous_date(previous) or when - FIRST_WINDOW
    zone = ZoneInfo(settings.timezone)
    reports: list[FeedReport] = []
    try:
        collected = collect(
            sources,
            base=project.root,
            cache=project.feed_cache_dir,
            since=_midnight(start, zone),
            until=_midnight(when + dt.timedelta(days=1), zone),
            events_window=(_midnight(when, zone), _midnight(when + EVENTS_AHEAD, zone)),
            tz=zone,
            used=used_urls(project),
            width=settings.theme.column_width,
            reports=reports,
        )
    except FeedError as error:
        if error.exit_code == 1:
            raise CommandFailed(f"{error.message}; nothing was written") from None
        raise ContentError(
            [Problem(project.issue_file(slug), f"{error.message}; nothing was written")]
        ) from None
    for report in reports:
        for line in report.lines():
            echo(line)
    if not any(entries for _, entries in collected):
        raise CommandFailed(
            f"nothing new in the feeds from {start} to {when}: every item was skipped "
            "(see above); nothing was written"
        )
    blocks = draft_blocks(collected, width=settings.theme.column_width, editions=settings.editions)
    blocks, translations = translation_prompts(blocks, settings=settings)
    text = draft_text(
        subject=SUBJECT_PROMPT,
        preheader=PREHEADER_PROMPT,
        date=when,
        number=next_number(previous),
        blocks=blocks,
        intro=INTRO_PROMPT,
        translations=translations,
    )
    write_new(target, text)
    return target


def _sources(
    feeds: list[str] | None, *, settings_feeds: list[FeedSource], max_items: int | None
) -> list[FeedSource]:
    """Return the feeds to read: those given (their kind guessed), else the settings'."""
    if feeds is None:
        if not settings_feeds:
            raise ContentError(
                [
                    Problem(
                        SETTINGS_FILE,
                        "has no feeds to draft from; add them under feeds: or pass --from-feed URL",
                        field="feeds",
                    )
                ]
            )
        chosen = settings_feeds
    else:
        chosen = [_given(url) for url in feeds]
    if max_items is None:
        return list(chosen)
    return [source.model_copy(update={"max": max_items}) for source in chosen]


def _given(url: str) -> FeedSource:
    calendar = url.lower().split("?")[0].endswith((".ics", ".ical"))
    fills: Literal["events", "stories"] = "events" if calendar else "stories"
    try:
        return FeedSource(url=url, fills=fills)
    except ValidationError as error:
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise ContentError([Problem(url, f"--from-feed {message}")]) from None


def _previous_date(previous: dict | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str((previous or {}).get("date", "")))
    except ValueError:
        return None


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)
