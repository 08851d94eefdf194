"""The issue model: the front matter and introduction of content/issues/<slug>.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from newsletter.models.blocks import Block
from newsletter.models.fields import Line, Model, check_markdown
from newsletter.models.routing import Translations, check_translations


class Issue(Model):
    """One issue of the newsletter: front matter of content/issues/<slug>.md."""

    subject: Line = Field(description="Subject line shown in the inbox.")
    preheader: Line = Field(description="Preview text shown after the subject in the inbox.")
    date: dt.date = Field(description="Issue date, YYYY-MM-DD.")
    number: int | None = Field(default=None, ge=1, description="Optional issue number.")
    status: Literal["draft", "ready", "sent"] = Field(
        default="ready",
        description="draft (still being written; built into out/ but never put in the web "
        "archive, and refused by export), ready (to send and publish) or sent. `newsletter "
        "new` starts issues as draft; `newsletter mark SLUG ready` (or sent) changes it.",
    )
    blocks: list[Block] = Field(min_length=1, description="The content blocks, in order.")
    intro: Annotated[str, AfterValidator(check_markdown)] = Field(
        default="", description="The Markdown after the front matter: the editor's introduction."
    )
    translations: Translations = Field(
        default_factory=dict,
        description="The subject, preheader and intro in other languages, by language, e.g. "
        "{cy: {subject: ..., preheader: ..., intro: ...}}, for editions in that language.",
    )

    @model_validator(mode="after")
    def _translate_own_fields(self) -> Issue:
        check_translations(self)
        return self

    @property
    def archived(self) -> bool:
        """Return whether the issue goes in the web archive: it is ready or sent, not a draft."""
        return self.status != "draft"
