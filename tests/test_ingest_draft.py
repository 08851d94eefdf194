"""Drafts end to end: feeds served over HTTP, collected, composed and written as issue files.

The expected drafts live in tests/feeds/expected/. After a deliberate change, rewrite
them with NEWSLETTER_UPDATE_EXPECTED=1 and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from markdown_it import MarkdownIt

from newsletter.ingest import (
    FeedError,
    FeedSource,
    Item,
    ItemImage,
    collect,
    draft_blocks,
    draft_text,
    prompt,
)
from newsletter.models import Issue
from newsletter.models.fields import PROMPT
from newsletter.models.settings import Edition
from tests.test_ingest_fetch import FeedServer

FEEDS = Path(__file__).parent / "feeds"
EXPECTED = FEEDS / "expected"
LONDON = ZoneInfo("Europe/London")
SINCE = dt.datetime(2026, 5, 29, tzinfo=LONDON)
UNTIL = dt.datetime(2026, 6, 5, tzinfo=LONDON)
EVENTS = (UNTIL, dt.datetime(2026, 6, 12, tzinfo=LONDON))
MARKDOWN = MarkdownIt("commonmark", {"html": False})

SOURCES = {
    "rss2": {"url": "/feeds/rss2.xml", "section": "News", "exclude_tags": ["sponsored"]},
    "atom": {"url": "/feeds/atom.xml", "section": "Around the Vale", "label": "Council"},
    "jsonfeed": {"url": "/feeds/jsonfeed.json", "section": "Sport", "max": 2},
    "events": {"url": "/feeds/events.ics", "fills": "events", "section": "What's on"},
    "jobs": {"url": "/feeds/jobs.xml", "fills": "jobs", "label": "Millbrook Jobs"},
}


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture(scope="module")
def combined(server: FeedServer) -> str:
    """Return the draft made from all the sample feeds together."""
    return draft(server, *SOURCES)


def source(server: FeedServer, name: str) -> FeedSource:
    fields = dict(SOURCES[name])
    return FeedSource(**{**fields, "url": server.url(str(fields["url"]))})


def draft(server: FeedServer, *names: str, **options: Any) -> str:
    feeds = collect(
        [source(server, name) for name in names],
        base=FEEDS,
        cache=None,
        since=SINCE,
        until=UNTIL,
        tz=LONDON,
        events_window=EVENTS,
        **options,
    )
    return draft_text(
        subject=prompt("Write the subject line"),
        preheader=prompt("Write the preview text"),
        date=dt.date(2026, 6, 5),
        number=143,
        blocks=draft_blocks(feeds),
        intro=prompt("Write the introduction"),
    )


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split an issue file the way the content loader does."""
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def validate(text: str) -> Issue:
    data, body = front_matter(text)
    return Issue.model_validate({**data, "intro": body.strip()})


def matches_expected(text: str, name: str) -> None:
    path = EXPECTED / f"{name}.md"
    if os.environ.get("NEWSLETTER_UPDATE_EXPECTED"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# -- golden drafts ------------------------------------------------------------------


@pytest.mark.parametrize("name", [*SOURCES, "combined"])
def test_draft_matches_the_expected_file_and_validates(
    server: FeedServer, combined: str, name: str
) -> None:
    text = combined if name == "combined" else draft(server, name)
    matches_expected(text, name)
    issue = validate(text)
    assert issue.number == 143
    assert issue.intro == "[[Write the introduction]]"


def test_drafts_are_deterministic_and_round_trip(server: FeedServer, combined: str) -> None:
    text = combined
    assert draft(server, *SOURCES) == text
    data, _ = front_matter(text)
    again = draft_text(
        subject=data["subject"],
        preheader=data["preheader"],
        date=data["date"],
        number=data["number"],
        blocks=data["blocks"],
        intro="[[Write the introduction]]",
    )
    assert again == text


def test_the_combined_draft_leads_with_the_newest_pictured_story(combined: str) -> None:
    issue = validate(combined)
    kinds = [block.type for block in issue.blocks]
    assert kinds[0] == "lead"
    # The lido story is newer, but its picture is a 240 px thumbnail.
    assert issue.blocks[0].title.startswith("Mill Lane footbridge")  # type: ignore[union-attr]
    headings = [block.text for block in issue.blocks if block.type == "heading"]  # type: ignore[union-attr]
    assert headings == ["News", "Around the Vale", "Sport"]
    assert kinds[-2:] == ["events", "jobs"]


def test_prompts_stay_out_of_url_fields(combined: str) -> None:
    data, _ = front_matter(combined)
    for key, value in strings(data):
        if key in ("url", "src", "link"):
            assert not PROMPT.search(value), (key, value)
            assert value.startswith("https://"), (key, value)


# -- composing blocks ---------------------------------------------------------------


def story(title: str, day: int, *, image: bool = False) -> Item:
    picture = ItemImage("https://x.example/i.jpg", "A picture", 552) if image else None
    return Item(
        title=title,
        url=f"https://x.example/{title}",
        date=dt.datetime(2026, 6, day, tzinfo=dt.timezone.utc),
        summary="Text.",
        image=picture,
    )


def test_without_any_image_there_is_no_lead_block() -> None:
    blocks = draft_blocks([(FeedSource(url="a.xml", section="News"), [story("a", 2)])])
    assert [block["type"] for block in blocks] == ["heading", "story"]
    assert "image" not in blocks[1]


def test_a_section_whose_only_story_became_the_lead_keeps_its_heading_above_it() -> None:
    blocks = draft_blocks(
        [
            (FeedSource(url="a.xml", section="A"), [story("a1", 3, image=True)]),
            (FeedSource(url="b.xml", section="B"), [story("b1", 4), story("b2", 2, image=True)]),
            (FeedSource(url="c.xml", section="C"), []),
        ]
    )
    assert [(block["type"], block.get("title", block.get("text"))) for block in blocks] == [
        ("heading", "A"),
        ("lead", "a1"),
        ("heading", "B"),
        ("story", "b1"),
        ("story", "b2"),
    ]


def test_a_column_wide_image_wins_the_lead_over_a_newer_thumbnail() -> None:
    thumbnail = story("thumb", 4, image=True)
    thumbnail = replace(thumbnail, image=ItemImage("https://x.example/t.jpg", "T", 150))
    blocks = draft_blocks([(FeedSource(url="a.xml"), [thumbnail, story("wide", 2, image=True)])])
    assert [block["title"] for block in blocks] == ["wide", "thumb"]
    assert blocks[1]["image"]["width"] == 150
    only_thumbnail = draft_blocks([(FeedSource(url="a.xml"), [thumbnail])])
    assert only_thumbnail[0]["type"] == "lead"


def test_an_earlier_feed_wins_a_tie_for_the_lead() -> None:
    blocks = draft_blocks(
        [
            (FeedSource(url="a.xml"), [story("a", 3, image=True)]),
            (FeedSource(url="b.xml"), [story("b", 3, image=True)]),
        ]
    )
    assert blocks[0]["title"] == "a"


EDITIONS = [
    Edition(id="en", name="English", exclude=("cymraeg",)),
    Edition(id="cy", name="Cymraeg", include=("cymraeg",)),
]


def test_with_editions_stories_carry_their_tags_and_their_feed_s_editions() -> None:
    tagged = replace(story("a", 3, image=True), tags=("Cymraeg", "Vale"))
    plain = story("b", 2)
    welsh = replace(story("c", 4), tags=("Sport",))
    feeds = [
        (FeedSource(url="a.xml", section="A"), [tagged, plain]),
        (FeedSource(url="c.xml", section="C", editions=("cy",)), [welsh]),
    ]
    blocks = draft_blocks(feeds, editions=EDITIONS)
    assert [
        (block.get("title", block.get("text")), block.get("tags"), block.get("editions"))
        for block in blocks
    ] == [
        ("a", ["Cymraeg", "Vale"], None),
        ("A", None, None),  # its story b (no tags) goes everywhere
        ("b", None, None),
        ("C", None, ["cy"]),
        ("c", ["Sport"], ["cy"]),
    ]
    Issue.model_validate({"subject": "S", "preheader": "P", "date": "2026-06-05", "blocks": blocks})
    # Without editions in the settings, a draft is as it always was: no tags.
    assert all("tags" not in block for block in draft_blocks(feeds[:1]))


def test_a_heading_goes_only_to_the_editions_its_stories_reach() -> None:
    welsh = replace(story("w", 2), tags=("cymraeg",))
    blocks = draft_blocks(
        [(FeedSource(url="a.xml", section="Newyddion"), [welsh])], editions=EDITIONS
    )
    assert blocks[0] == {"type": "heading", "text": "Newyddion", "editions": ["cy"]}


def test_listings_of_feeds_that_name_editions_are_blocks_of_their_own() -> None:
    job = replace(story("Reporter", 2), author="Vale Courier", tags=("Llanvale",))
    swydd = replace(story("Gohebydd", 3), author="Y Fro", tags=("Llanfro",))
    blocks = draft_blocks(
        [
            (FeedSource(url="a.xml", fills="jobs", section="Jobs"), [job]),
            (FeedSource(url="b.xml", fills="jobs", section="Swyddi", editions=("cy",)), [swydd]),
        ],
        editions=EDITIONS,
    )
    assert [(b["title"], b.get("editions"), len(b["items"])) for b in blocks] == [
        ("Jobs", None, 1),
        ("Swyddi", ["cy"], 1),
    ]


def test_draft_text_without_number_or_intro() -> None:
    text = draft_text(
        subject="S", preheader="P", date=dt.date(2026, 6, 5), blocks=[{"type": "divider"}]
    )
    assert text == (
        "---\nsubject: S\npreheader: P\ndate: 2026-06-05\nstatus: draft\nblocks:\n"
        "- type: divider\n---\n"
    )


def test_multi_line_text_is_written_as_a_literal_block() -> None:
    text = draft_text(
        subject="S",
        preheader="P",
        date=dt.date(2026, 6, 5),
        blocks=[{"type": "text", "body": "One.\n\nTwo: three."}],
    )
    assert "  body: |-\n    One.\n\n    Two: three.\n" in text
    assert front_matter(text)[0]["blocks"][0]["body"] == "One.\n\nTwo: three."


def test_prompt_marks_editor_instructions() -> None:
    assert prompt("Describe the image") == "[[Describe the image]]"
    assert PROMPT.findall("a [[one]] b [[two]]") == ["[[one]]", "[[two]]"]


# -- collecting ---------------------------------------------------------------------


def test_a_feed_with_nothing_in_the_window_is_a_content_error(server: FeedServer) -> None:
    with pytest.raises(FeedError) as caught:
        collect(
            [source(server, "rss2")],
            base=FEEDS,
            cache=None,
            since=dt.datetime(2027, 1, 1, tzinfo=LONDON),
            until=dt.datetime(2027, 1, 8, tzinfo=LONDON),
            tz=LONDON,
        )
    assert caught.value.exit_code == 2
    assert "has no items from 2027-01-01 00:00 to before 2027-01-08 00:00" in caught.value.message


def test_a_calendar_with_nothing_in_the_window_is_a_content_error(server: FeedServer) -> None:
    with pytest.raises(FeedError, match="has no events from 2026-01-01"):
        collect(
            [source(server, "events")],
            base=FEEDS,
            cache=None,
            since=dt.datetime(2026, 1, 1, tzinfo=LONDON),
            until=dt.datetime(2026, 1, 8, tzinfo=LONDON),
            tz=LONDON,
        )


def test_a_failed_fetch_stops_the_collection(server: FeedServer) -> None:
    missing = FeedSource(url=server.url("/status/404"))
    with pytest.raises(FeedError) as caught:
        collect([missing], base=FEEDS, cache=None, since=SINCE, until=UNTIL, tz=LONDON)
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.xml", "is not well-formed XML (line 6"),
        ("bomb.xml", "declares XML entities in a DOCTYPE"),
        ("page.html", "is a web page, not a feed; the page names its feed: use http://127.0.0.1:"),
        ("events.ics", "is an iCalendar file; set fills: events"),
    ],
)
def test_served_documents_that_are_not_feeds_are_content_errors(
    server: FeedServer, name: str, message: str
) -> None:
    url = server.url(f"/feeds/{name}")
    with pytest.raises(FeedError) as caught:
        collect([FeedSource(url=url)], base=FEEDS, cache=None, since=SINCE, until=UNTIL, tz=LONDON)
    assert caught.value.exit_code == 2
    assert caught.value.message.startswith(f"feed {url}: ")
    assert message in caught.value.message


def test_a_story_in_an_earlier_feed_or_an_earlier_issue_is_skipped(server: FeedServer) -> None:
    used = "https://www.millbrookweekly.example/news/2026/06/lido-opens-early"
    feeds = collect(
        [source(server, "rss2"), source(server, "rss2")],
        base=FEEDS,
        cache=None,
        since=SINCE,
        until=UNTIL,
        tz=LONDON,
        used={used},
    )
    first, second = (items for _, items in feeds)
    assert [item.title for item in first] == [
        "Mill Lane footbridge reopens after eight months of repairs",
        "Parking charges on the High Street to stay the same this year",
    ]
    assert second == []
    blocks = draft_blocks(feeds)
    assert [block["type"] for block in blocks] == ["lead", "heading", "story"]


def test_local_feed_files_resolve_against_the_base_folder(server: FeedServer) -> None:
    over_http = draft(server, "atom")
    feeds = collect(
        [FeedSource(url="atom.xml", section="Around the Vale", label="Council")],
        base=FEEDS,
        cache=None,
        since=SINCE,
        until=UNTIL,
        tz=LONDON,
    )
    blocks = draft_blocks(feeds)
    assert front_matter(over_http)[0]["blocks"] == blocks


# -- hostile content --------------------------------------------------------------------


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Yield every (field name, string) in nested blocks."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from strings(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner, key)
    elif isinstance(value, str):
        yield key, value


def test_a_hostile_feed_comes_out_as_text(server: FeedServer) -> None:
    hostile = FeedSource(url=server.url("/feeds/hostile.xml"), section="News")
    feeds = collect([hostile], base=FEEDS, cache=None, since=SINCE, until=UNTIL, tz=LONDON)
    blocks = draft_blocks(feeds)
    assert [block["type"] for block in blocks] == ["heading", "lead"]
    lead = blocks[1]
    assert lead["title"] == "Council news"
    assert lead["byline"] == "By Mallory"
    assert lead["label"] == "News"
    assert lead["image"] == {
        "src": "https://evil.example/pic.jpg",
        "alt": "A picture",
        "width": 552,
        "height": 276,
    }
    for key, value in strings(blocks):
        if key in ("url", "src"):
            assert re.fullmatch(r"https://[^\s\"<>]+", value), value
        elif key == "summary":
            html = MARKDOWN.render(value)
            assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"p", "a", "em", "strong"}
            assert re.findall(r'href="([^"]*)"', html) == []
        else:
            assert not re.search(r"<[a-zA-Z/!]|javascript:|data:", value), (key, value)
    # Markdown typed into the feed's HTML stays visible as text, never a link or image.
    assert MARKDOWN.render(lead["summary"]) == (
        "<p>Read this, that, other and [a link](javascript:alert(9)) or "
        "![img](https://evil.example/track.png)</p>\n"
    )
    Issue.model_validate({"subject": "S", "preheader": "P", "date": "2026-06-05", "blocks": blocks})
