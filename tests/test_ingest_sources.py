"""FeedSource: the settings entry that names a feed and what it fills."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from newsletter.models.feeds import FeedSource


def test_defaults() -> None:
    source = FeedSource(url="https://www.millbrookweekly.example/feed.xml")
    assert source.fills == "stories"
    assert (source.label, source.max, source.section) == (None, None, None)
    assert source.include_tags == source.exclude_tags == ()


@pytest.mark.parametrize(
    "url",
    [
        "https://www.millbrookweekly.example/feed.xml",
        "http://localhost:8080/feed",
        "feeds/news.xml",
        "/srv/feeds/news.xml",
        "file:///srv/feeds/news.xml",
        r"C:\feeds\news.xml",
    ],
)
def test_urls_and_paths_are_accepted(url: str) -> None:
    assert FeedSource(url=url).url == url


@pytest.mark.parametrize(
    "url", ["", "   ", "ftp://x.example/feed", "javascript:alert(1)", "https:///feed.xml"]
)
def test_other_locations_are_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        FeedSource(url=url)


def test_tags_labels_and_sections_are_tidied() -> None:
    source = FeedSource(
        url="events.ics",
        fills="events",
        label="  What's  on ",
        section="Coming up",
        include_tags=["Music", " Theatre "],
        max=5,
    )
    assert source.label == "What's on"
    assert source.include_tags == ("Music", "Theatre")
    assert source.max == 5


@pytest.mark.parametrize(
    "fields",
    [
        {"max": 0},
        {"fills": "grid"},
        {"colour": "red"},
        {"label": "  "},
        {"exclude_tags": [""]},
    ],
)
def test_invalid_fields_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        FeedSource(url="feed.xml", **fields)  # type: ignore[arg-type]


def test_a_source_is_frozen_and_hashable() -> None:
    source = FeedSource(url="feed.xml", include_tags=["a"])
    with pytest.raises(ValidationError):
        source.max = 3  # type: ignore[misc]
    assert hash(source) == hash(FeedSource(url="feed.xml", include_tags=["a"]))
    assert FeedSource.model_json_schema()["properties"]["section"]["description"]
