"""What every block may say about editions: where it goes, its tags and its translations."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from newsletter.models.fields import Model, Name, check_language

EDITION_ID_MAX = 40
# Names an edition's folder may not take: they are the build's own, beside the editions.
RESERVED_EDITION_IDS = frozenset({"archive", "images", "manifest", "editions", "default", "all"})
_EDITION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_edition_id(value: str) -> str:
    """Accept a short lowercase name such as warwick or cy: it names a folder of out/."""
    if not _EDITION_ID.fullmatch(value) or len(value) > EDITION_ID_MAX:
        raise ValueError(
            f"edition id {value[:60]!r} must use only lowercase letters, digits and hyphens "
            f"(at most {EDITION_ID_MAX}), e.g. warwick"
        )
    if value in RESERVED_EDITION_IDS:
        raise ValueError(
            f"edition id {value!r} is reserved ({', '.join(sorted(RESERVED_EDITION_IDS))}); "
            "choose another"
        )
    return value


EditionId = Annotated[str, AfterValidator(check_edition_id)]
Language = Annotated[str, AfterValidator(check_language)]
# Per language, the fields of a block (or of the issue) written in that language.
Translations = dict[Language, dict[str, str]]


class Routed(Model):
    """The fields every block has for editions (see docs/editions.md)."""

    editions: list[EditionId] | None = Field(
        default=None,
        max_length=50,
        description="Editions this block goes to, by id, e.g. [warwick, kenilworth]; "
        "without it (and without tags) the block goes to every edition.",
    )
    tags: list[Name] = Field(
        default_factory=list,
        max_length=50,
        description="Topics of the block, matched by the include and exclude of each "
        "edition (upper and lower case count as the same).",
    )
    translations: Translations = Field(
        default_factory=dict,
        description="The block's text fields in other languages, by language, e.g. "
        "{cy: {title: ..., summary: ...}}; an edition in that language uses them.",
    )

    @model_validator(mode="after")
    def _translate_own_fields(self) -> Routed:
        check_translations(self)
        return self


def check_translations(model: Model) -> None:
    """Refuse a translation of a field the model has not, or that is not text."""
    translations: Translations = getattr(model, "translations", {})
    for language, fields in translations.items():
        for name in fields:
            if name not in TRANSLATABLE or name not in type(model).model_fields:
                own = [n for n in TRANSLATABLE if n in type(model).model_fields]
                raise ValueError(
                    f"translations.{language}.{name}: not a text field here; "
                    f"translate {', '.join(own) or 'nothing'}"
                )


# The text fields a translation may give, and those an edition in another language needs.
TRANSLATABLE = (
    "title",
    "summary",
    "body",
    "text",
    "label",
    "byline",
    "button",
    "caption",
    "attribution",
    "alt",
    "subject",
    "preheader",
    "intro",
)
REQUIRED = ("title", "summary", "body", "text", "subject", "preheader", "intro")
