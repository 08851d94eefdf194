"""Compose a draft issue from feed items and calendar events, in the content format.

The lead is the newest story with an image as wide as the column (``width``), or failing
that the newest with any image, because a lead block requires one and an invented image
URL would be worse than none. If no story has an image there is no lead block: every
story becomes a story block, so the draft still validates and builds, and the editor can
promote one by giving it an image. The rest of each feed's stories follow under that
feed's ``section`` heading (before the lead when the lead was that feed's only story,
so the section is not lost); all events form one events block and all jobs one jobs
block, titled by the first such feed's ``section``.

Text the editor still has to write is a prompt, ``[[Describe ...]]``, which
``newsletter check`` can flag. Prompts never go in URL fields: an optional image
without a usable src is left out instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import yaml

from newsletter.models.fields import prompt

if TYPE_CHECKING:
    from newsletter.ingest.calendar import CalendarEvent
    from newsletter.ingest.feeds import Item, ItemImage
    from newsletter.models.feeds import FeedSource

    Feed = tuple[FeedSource, Sequence[Item] | Sequence[CalendarEvent]]

EMPLOYER_PROMPT = prompt("Add the employer")
LOCATION_PROMPT = prompt("Add where the job is based")


def draft_blocks(feeds: Sequence[Feed], *, width: int = 552) -> list[dict[str, Any]]:
    """Return the blocks of a draft issue: lead, stories by section, events, jobs."""
    # A feed that fills stories gives items (feeds.Item), never calendar events.
    stories = [
        (source, cast("Sequence[Item]", items))
        for source, items in feeds
        if source.fills == "stories"
    ]
    lead = _lead(stories, width=width)
    blocks = [_story(lead, kind="lead")] if lead is not None else []
    for source, items in stories:
        rest = [item for item in items if item is not lead]
        if source.section and rest:
            blocks.append({"type": "heading", "text": source.section})
        elif source.section and items:  # its only story is the lead: head the lead instead
            blocks.insert(0, {"type": "heading", "text": source.section})
        blocks += [_story(item, kind="story") for item in rest]
    blocks += _listing(feeds, fills="events", block=_events_block)
    blocks += _listing(feeds, fills="jobs", block=_jobs_block)
    return blocks


def _lead(stories: Sequence[tuple[FeedSource, Sequence[Item]]], *, width: int) -> Item | None:
    """Return the newest story with a column-wide image, else with any image, else None."""
    pictured = [item for _, items in stories for item in items if item.image is not None]
    wide = [item for item in pictured if item.image is not None and item.image.width >= width]
    oldest = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    # max() keeps the first of equals, so the earlier feed wins a tie.
    return max(wide or pictured, key=lambda item: item.date or oldest, default=None)


def _story(item: Item, *, kind: str) -> dict[str, Any]:
    block: dict[str, Any] = {"type": kind}
    if item.label:
        block["label"] = item.label
    block |= {"title": item.title, "url": item.url}
    if item.byline:
        block["byline"] = item.byline
    if item.image is not None:
        block["image"] = _image(item.image)
    block["summary"] = item.summary
    return block


def _image(image: ItemImage) -> dict[str, Any]:
    fields: dict[str, Any] = {"src": image.src, "alt": image.alt, "width": image.width}
    if image.height is not None:
        fields["height"] = image.height
    return fields


def _listing(feeds: Sequence[Feed], *, fills: str, block: Any) -> list[dict[str, Any]]:
    chosen = [(source, items) for source, items in feeds if source.fills == fills]
    entries = [(source, entry) for source, items in chosen for entry in items]
    if not entries:
        return []
    result: dict[str, Any] = {"type": fills}
    title = next((source.section for source, _ in chosen if source.section), None)
    if title:
        result["title"] = title
    result["items"] = block(entries)
    return [result]


def _events_block(entries: list[tuple[FeedSource, CalendarEvent]]) -> list[dict[str, Any]]:
    events = sorted((event for _, event in entries), key=lambda event: event.sort_key)
    return [_event(event) for event in events]


def _event(event: CalendarEvent) -> dict[str, Any]:
    fields: dict[str, Any] = {"date": event.date}
    if event.time:
        fields["time"] = event.time
    fields |= {"title": event.title, "place": event.place}
    if event.url:
        fields["url"] = event.url
    return fields


def _jobs_block(entries: list[tuple[FeedSource, Item]]) -> list[dict[str, Any]]:
    return [
        {
            "title": item.title,
            "employer": item.author or source.label or EMPLOYER_PROMPT,
            "location": item.tags[0] if item.tags else LOCATION_PROMPT,
            "url": item.url,
        }
        for source, item in entries
    ]


# -- issue file ---------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """The safe dumper, writing multi-line text as literal blocks the way editors do."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def draft_text(
    *,
    subject: str,
    preheader: str,
    date: dt.date,
    number: int | None = None,
    blocks: list[dict[str, Any]],
    intro: str = "",
    status: str = "draft",
) -> str:
    """Return the text of an issue file: YAML front matter, then the Markdown intro."""
    front: dict[str, Any] = {"subject": subject, "preheader": preheader, "date": date}
    if number is not None:
        front["number"] = number
    front["status"] = status
    front["blocks"] = blocks
    text = yaml.dump(
        front,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    body = intro.strip()
    return f"---\n{text}---\n{body}\n" if body else f"---\n{text}---\n"
