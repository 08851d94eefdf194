"""Where a draft's content comes from: one entry per feed or calendar."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from newsletter.models.fields import Name
from newsletter.models.routing import EditionId


def _check_location(value: str) -> str:
    """Accept an http(s) URL with a host, a file:// URL, or a local file path."""
    value = value.strip()
    if not value:
        raise ValueError("must be a feed URL or a file path")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    # One letter before the colon is a Windows drive (C:\feeds\news.xml), not a scheme.
    if len(scheme) > 1 and scheme not in ("http", "https", "file"):
        raise ValueError("must be an http:// or https:// URL, or a file path")
    if scheme in ("http", "https") and not parts.hostname:
        raise ValueError("must name a host, e.g. https://www.example.org/feed.xml")
    if scheme in ("http", "https") and "\\" in value:
        raise ValueError("must not contain a backslash; use / or encode it as %5C")
    if scheme in ("http", "https"):
        try:
            parts.port  # noqa: B018 - reading the port is what checks it
        except ValueError:
            raise ValueError("has a port that is not a number from 0 to 65535") from None
    return value


class FeedSource(BaseModel):
    """A news feed (RSS, Atom or JSON Feed) or an iCalendar file that fills a draft issue."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    url: Annotated[str, AfterValidator(_check_location)] = Field(
        description="Address of the feed: an http:// or https:// URL, or a path to a file "
        "(relative paths start from the newsletter folder)."
    )
    fills: Literal["stories", "jobs", "events"] = Field(
        default="stories",
        description="What the feed becomes: story blocks, one jobs block, or one events "
        "block (for an iCalendar .ics file).",
    )
    label: Name | None = Field(
        default=None,
        description="Label for items that have no category, e.g. 'Sport'; for jobs, the "
        "employer when an advert names none.",
    )
    max: int | None = Field(
        default=None,
        ge=1,
        description="Most items to take from this feed, newest first (default 30; a draft "
        "takes at most 300 items from all its feeds together).",
    )
    section: Name | None = Field(
        default=None,
        description="Heading put before this feed's stories, e.g. 'Around the Vale'; for "
        "events and jobs, the title of their block.",
    )
    include_tags: tuple[Name, ...] = Field(
        default=(),
        description="Take only items with at least one of these categories "
        "(upper and lower case count as the same).",
    )
    exclude_tags: tuple[Name, ...] = Field(
        default=(),
        description="Leave out items with any of these categories; this wins over include_tags.",
    )
    editions: tuple[EditionId, ...] | None = Field(
        default=None,
        max_length=50,
        description="Editions this feed's stories, events or jobs go to, by id, e.g. [cy]; "
        "without it a story goes where its categories (as tags) route it.",
    )
