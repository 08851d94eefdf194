"""What an editor has not filled in yet: prompts and starter placeholders in settings and issues.

A build and the preview show them (a draft is for looking at); check reports each one,
and whatever sends or publishes refuses to go on while one is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from newsletter.errors import ContentError, Problem
from newsletter.models import Issue, Settings
from newsletter.models.fields import PROMPT, STARTER_DOMAIN
from newsletter.project import SETTINGS_FILE, issue_file


def unfilled(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (field path, text) for every prompt or starter address in a model's values."""
    if isinstance(value, str):
        for match in PROMPT.finditer(value):
            yield path, match.group(0)
        if STARTER_DOMAIN in value.lower() and not PROMPT.search(value):
            yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from unfilled(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from unfilled(item, f"{path}[{index}]")


def settings_problems(settings: Settings) -> list[Problem]:
    """Return one problem per setting that still holds the starter's placeholder."""
    return [
        Problem(SETTINGS_FILE, f"still holds the starter's placeholder {text!r}; fill it in", path)
        for path, text in unfilled(settings)
    ]


def issue_problems(issue: Issue, *, slug: str) -> list[Problem]:
    """Return one problem per prompt of the draft still in the issue."""
    return [
        Problem(issue_file(slug), f"{text} is still a prompt from the draft; write the text", path)
        for path, text in unfilled(issue)
    ]


def refuse_unfilled(settings: Settings, issue: Issue, *, slug: str, doing: str) -> None:
    """Raise ContentError naming every placeholder left, before ``doing`` (e.g. 'export it')."""
    problems = settings_problems(settings) + issue_problems(issue, slug=slug)
    if problems:
        raise ContentError(
            [replace(p, message=f"{p.message} before you {doing}") for p in problems]
        )
