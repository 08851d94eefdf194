"""Content rules: what the editor has not finished writing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from newsletter.checks.engine import Email, Hit, Where, rule
from newsletter.content.placeholders import unfilled
from newsletter.models.fields import PROMPT
from newsletter.project import SETTINGS_FILE, issue_file

if TYPE_CHECKING:
    from newsletter.models import Issue


def unfinished(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (field path, text) for every skeleton prompt left in a model's values."""
    if isinstance(value, str):
        for match in PROMPT.finditer(value):
            yield path, match.group(0)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from unfinished(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from unfinished(item, f"{path}[{index}]")


@rule(
    "content.placeholder",
    severity="error",
    rationale="A draft's [[...]] prompts say what to write; one left in would reach readers.",
    source="newsletter new writes drafts whose every text is a [[...]] prompt",
)
def placeholder(email: Email) -> Iterator[Hit]:
    """Flag every skeleton prompt still in the issue."""
    if email.issue is None:
        return
    file = issue_file(email.slug)
    for path, text in unfinished(email.issue, ""):
        block = int(path[7 : path.index("]")]) if path.startswith("blocks[") else None
        where = Where(f"{path} in {file}", file, None, block)
        yield Hit(where, f"{text} is still a prompt from the draft: write the text it asks for")


@rule(
    "content.starter",
    severity="error",
    rationale="A setting still holding the starter's placeholder would reach readers "
    "as a [[...]] prompt or an address at your-newsletter.example.",
    source="newsletter init writes a placeholder for each setting not given as an option",
)
def starter(email: Email) -> Iterator[Hit]:
    """Flag every setting that still holds the starter's placeholder."""
    if email.settings is None:
        return
    for path, text in unfilled(email.settings):
        where = Where(f"{path} in {SETTINGS_FILE}", SETTINGS_FILE)
        yield Hit(where, f"{text!r} is the starter's placeholder: fill it in")


@rule(
    "content.draft",
    severity="warning",
    rationale="A draft is left out of the web archive and refused by export; an issue "
    "that is finished is marked ready.",
    source="status: draft, ready or sent in the issue's front matter",
)
def draft(email: Email) -> Iterator[Hit]:
    """Flag an issue still marked draft."""
    if email.issue is None or email.issue.status != "draft":
        return
    file = issue_file(email.slug)
    yield Hit(
        Where(f"status in {file}", file),
        f"the issue is a draft; when it is finished, mark it ready: "
        f"newsletter mark {email.slug} ready",
    )


# Blocks whose url is the story itself, as opposed to a listing's or a button's.
_STORY_BLOCKS = ("lead", "story", "grid")


@rule(
    "content.repeat",
    severity="warning",
    rationale="A subject, preheader or story identical to one already sent is most "
    "likely left over from a copied issue, and readers would get it twice.",
    source="newsletter new --copy-from copies an issue whole",
)
def repeat(email: Email) -> Iterator[Hit]:
    """Flag a subject, preheader or story URL the same as in an issue marked sent."""
    if email.issue is None or not email.sent:
        return
    file = issue_file(email.slug)
    for slug, other in sorted(email.sent.items()):
        if slug == email.slug:
            continue
        for name in ("subject", "preheader"):
            if getattr(email.issue, name) == getattr(other, name):
                yield Hit(
                    Where(f"{name} in {file}", file),
                    f"is the same as in issue {slug}, already sent: write a new one",
                )
        used = {url for _, url in _story_urls(other)}
        for index, url in _story_urls(email.issue):
            if url in used:
                yield Hit(
                    Where(f"blocks[{index}].url in {file}", file, None, index),
                    f"{url} was already in issue {slug}, which is sent: drop it or pick "
                    "another story",
                )


def _story_urls(issue: Issue) -> Iterator[tuple[int, str]]:
    """Yield (block index, url) of every story a reader would take as news."""
    for index, block in enumerate(issue.blocks):
        if block.type in ("lead", "story"):
            yield index, block.url
        elif block.type == "grid":
            for story in block.stories:
                yield index, story.url


# The Markdown fields of issues: none of them shows headings (blocks give the headings).
_MARKDOWN_FIELDS = ("intro", "summary", "body")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)", re.MULTILINE)


@rule(
    "content.heading",
    severity="warning",
    rationale="A Markdown heading (## ...) in a field that shows no headings appears "
    "literally, hashes and all.",
    source="the content reference: headings come from heading blocks and titles",
)
def heading(email: Email) -> Iterator[Hit]:
    """Flag a Markdown heading written in a summary, body or the intro."""
    if email.issue is None:
        return
    file = issue_file(email.slug)
    for path, text in _markdown_fields(email.issue, ""):
        match = _HEADING.search(text)
        if match:
            block = int(path[7 : path.index("]")]) if path.startswith("blocks[") else None
            yield Hit(
                Where(f"{path} in {file}", file, None, block),
                f"{match.group(1)} starts a heading, which {path.rsplit('.', 1)[-1]} does not "
                "show: it appears as it is; use a heading block, or bold text (**...**)",
            )


def _markdown_fields(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (field path, text) of every Markdown field in a model."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            inner = getattr(value, name)
            where = f"{path}.{name}" if path else name
            if name in _MARKDOWN_FIELDS and isinstance(inner, str):
                yield where, inner
            else:
                yield from _markdown_fields(inner, where)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _markdown_fields(item, f"{path}[{index}]")
