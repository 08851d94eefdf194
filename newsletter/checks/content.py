"""Content rules: what the editor has not finished writing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from newsletter.checks.engine import Email, Hit, Where, rule
from newsletter.models.fields import PROMPT
from newsletter.project import issue_file


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
