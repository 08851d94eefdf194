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

With editions in the settings, each story keeps its feed's categories as ``tags:``
(the vocabulary of the editions' include and exclude), and the blocks of a feed that
names ``editions:`` carry that list; a section heading goes only where its stories go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import yaml

from newsletter.content.editions import goes_to, language_of
from newsletter.i18n import primary
from newsletter.models.fields import prompt
from newsletter.models.routing import REQUIRED, Routed

if TYPE_CHECKING:
    from newsletter.ingest.calendar import CalendarEvent
    from newsletter.ingest.feeds import Item, ItemImage
    from newsletter.models.feeds import FeedSource
    from newsletter.models.settings import Edition, Settings

    Feed = tuple[FeedSource, Sequence[Item] | Sequence[CalendarEvent]]

EMPLOYER_PROMPT = prompt("Add the employer")
LOCATION_PROMPT = prompt("Add where the job is based")
# A block holds at most this many tags (models.routing.Routed.tags).
TAGS_MAX = 50
# The issue's own texts a strict edition in another language needs translated.
ISSUE_TEXTS = ("subject", "preheader", "intro")


def draft_blocks(
    feeds: Sequence[Feed], *, width: int = 552, editions: Sequence[Edition] = ()
) -> list[dict[str, Any]]:
    """Return the blocks of a draft issue: lead, stories by section, events, jobs.

    With ``editions``, stories carry their tags and their feed's editions, so that
    each edition takes what its include and exclude (or the feed) give it.
    """
    # A feed that fills stories gives items (feeds.Item), never calendar events.
    stories = [
        (source, cast("Sequence[Item]", items))
        for source, items in feeds
        if source.fills == "stories"
    ]
    routed = bool(editions)
    lead = _lead(stories, width=width)
    lead_block = None
    if lead is not None:
        lead_source = next(s for s, items in stories if any(i is lead for i in items))
        lead_block = _story(lead, kind="lead", source=lead_source, routed=routed)
    blocks = [lead_block] if lead_block is not None else []
    for source, items in stories:
        rest = [item for item in items if item is not lead]
        section = [_story(item, kind="story", source=source, routed=routed) for item in rest]
        if source.section and rest:
            blocks.append(_heading(source.section, section, editions=editions))
        elif source.section and items and lead_block is not None:
            # Its only story is the lead: head the lead instead.
            blocks.insert(0, _heading(source.section, [lead_block], editions=editions))
        blocks += section
    blocks += _listing(feeds, fills="events", block=_events_block)
    blocks += _listing(feeds, fills="jobs", block=_jobs_block)
    return blocks


def _heading(
    text: str, stories: list[dict[str, Any]], *, editions: Sequence[Edition]
) -> dict[str, Any]:
    """Return a section heading, routed to the editions its stories go to (if not all)."""
    heading: dict[str, Any] = {"type": "heading", "text": text}
    reached = [
        edition.id
        for edition in editions
        if any(goes_to(Routed.model_validate(_routing(story)), edition) for story in stories)
    ]
    if len(reached) < len(editions):
        heading["editions"] = reached
    return heading


def _routing(block: dict[str, Any]) -> dict[str, Any]:
    """Return the fields of a block that say which editions it goes to."""
    return {name: block[name] for name in ("editions", "tags") if name in block}


def translation_prompts(
    blocks: list[dict[str, Any]], *, settings: Settings
) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """Return the blocks with prompts for what strict editions must have translated.

    A strict edition in another language refuses to build without a translation of
    each text it shows, so the draft asks for each one; the issue's own (subject,
    preheader, intro) are returned, by language. Other editions fall back to the
    default language with a warning, and get no prompts.
    """
    strict = [
        language_of(settings, edition)
        for edition in settings.editions
        if edition.strict and primary(language_of(settings, edition)) != primary(settings.language)
    ]
    if not strict:
        return blocks, {}
    issue = {language: _asked(ISSUE_TEXTS, language) for language in dict.fromkeys(strict)}
    result = []
    for block in blocks:
        wanted = {
            language_of(settings, edition): [name for name in REQUIRED if block.get(name)]
            for edition in settings.editions
            if language_of(settings, edition) in strict
            and goes_to(Routed.model_validate(_routing(block)), edition)
        }
        asked = {language: _asked(names, language) for language, names in wanted.items() if names}
        result.append({**block, "translations": asked} if asked else block)
    return result, issue


def _asked(names: Sequence[str], language: str) -> dict[str, str]:
    return {name: prompt(f"The {name} in {language}") for name in names}


def _lead(stories: Sequence[tuple[FeedSource, Sequence[Item]]], *, width: int) -> Item | None:
    """Return the newest story with a column-wide image, else with any image, else None."""
    pictured = [item for _, items in stories for item in items if item.image is not None]
    wide = [item for item in pictured if item.image is not None and item.image.width >= width]
    oldest = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    # max() keeps the first of equals, so the earlier feed wins a tie.
    return max(wide or pictured, key=lambda item: item.date or oldest, default=None)


def _story(
    item: Item, *, kind: str, source: FeedSource | None = None, routed: bool = False
) -> dict[str, Any]:
    block: dict[str, Any] = {"type": kind}
    if item.label:
        block["label"] = item.label
    block |= {"title": item.title, "url": item.url}
    if item.byline:
        block["byline"] = item.byline
    if item.image is not None:
        block["image"] = _image(item.image)
    block["summary"] = item.summary
    if source is not None and source.editions is not None:
        block["editions"] = list(source.editions)
    if routed and item.tags:
        block["tags"] = list(item.tags[:TAGS_MAX])
    return block


def _image(image: ItemImage) -> dict[str, Any]:
    fields: dict[str, Any] = {"src": image.src, "alt": image.alt, "width": image.width}
    if image.height is not None:
        fields["height"] = image.height
    return fields


def _listing(feeds: Sequence[Feed], *, fills: str, block: Any) -> list[dict[str, Any]]:
    """Return one block of the feeds that fill ``fills``, one per set of editions named."""
    groups: dict[tuple[str, ...] | None, list[Feed]] = {}
    for source, items in feeds:
        if source.fills == fills:
            groups.setdefault(source.editions, []).append((source, items))
    return [
        made
        for editions, chosen in groups.items()
        for made in _listing_block(chosen, fills=fills, block=block, editions=editions)
    ]


def _listing_block(
    chosen: list[Feed], *, fills: str, block: Any, editions: tuple[str, ...] | None
) -> list[dict[str, Any]]:
    entries = [(source, entry) for source, items in chosen for entry in items]
    if not entries:
        return []
    result: dict[str, Any] = {"type": fills}
    title = next((source.section for source, _ in chosen if source.section), None)
    if title:
        result["title"] = title
    result["items"] = block(entries)
    if editions is not None:
        result["editions"] = list(editions)
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
    translations: dict[str, dict[str, str]] | None = None,
) -> str:
    """Return the text of an issue file: YAML front matter, then the Markdown intro."""
    front: dict[str, Any] = {"subject": subject, "preheader": preheader, "date": date}
    if number is not None:
        front["number"] = number
    front["status"] = status
    if translations:
        front["translations"] = translations
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
