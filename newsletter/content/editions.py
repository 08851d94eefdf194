"""Editions: which blocks each edition gets, in its language, with its own settings.

An issue is written once; ``split`` makes of it one issue and one set of settings per
edition of ``settings.editions``. Blocks name their editions (``editions: [a, b]``),
or carry tags that each edition's include and exclude match, or go to every edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from newsletter.errors import ContentError, Problem
from newsletter.models import Issue, Settings
from newsletter.models.routing import REQUIRED
from newsletter.models.settings import Edition, Logo, Tracking

# Blocks that hold no story of their own: an edition of only these is empty.
_FRAMING = ("heading", "divider")
Lines = dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Note:
    """A warning about an edition: a block routed nowhere, a translation missing."""

    rule: str
    field: str
    message: str


@dataclass(frozen=True)
class Split:
    """One edition of an issue: its settings, its issue and the source blocks it took."""

    edition: Edition
    settings: Settings
    issue: Issue
    blocks: tuple[int, ...]
    notes: tuple[Note, ...] = ()


def goes_to(block: Any, edition: Edition) -> bool:
    """Tell whether a block goes to an edition: by its list, else by its tags, else always."""
    if block.editions is not None:
        return edition.id in block.editions
    tags = {tag.casefold() for tag in block.tags}
    if not tags:
        return True
    if tags & {tag.casefold() for tag in edition.exclude}:
        return False
    return not edition.include or bool(tags & {tag.casefold() for tag in edition.include})


def routes(settings: Settings, issue: Issue) -> list[tuple[str, ...]]:
    """Return, for each block of the issue, the ids of the editions it goes to."""
    return [
        tuple(edition.id for edition in settings.editions if goes_to(block, edition))
        for block in issue.blocks
    ]


def language_of(settings: Settings, edition: Edition) -> str:
    """Return the language tag an edition is written in."""
    return edition.language or settings.language


def _same_language(one: str, other: str) -> bool:
    return one.split("-")[0].casefold() == other.split("-")[0].casefold()


def split(
    settings: Settings, issue: Issue, *, file: str, lines: Lines | None = None
) -> list[Split]:
    """Return every edition of an issue, or raise ContentError naming each mistake."""
    lines = lines or {}
    problems = _unknown_editions(settings, issue, file=file, lines=lines)
    if problems:
        raise ContentError(problems)
    routed = routes(settings, issue)
    unrouted = tuple(
        Note(
            "edition.unrouted",
            f"blocks[{index}]",
            "goes to no edition: give it `editions:` or tags that an edition includes",
        )
        for index, ids in enumerate(routed)
        if not ids
    )
    made = []
    for position, edition in enumerate(settings.editions):
        taken = tuple(i for i, ids in enumerate(routed) if edition.id in ids)
        if all(issue.blocks[i].type in _FRAMING for i in taken):
            problems.append(
                Problem(
                    file,
                    f"edition {edition.id!r} gets no stories from this issue: route "
                    "a block to it (editions: or tags) or remove it from the settings",
                    field="blocks",
                    line=lines.get(("blocks",)),
                )
            )
            continue
        try:
            issue_of, notes = _edition_issue(settings, edition, issue, taken)
        except _Missing as missing:
            problems.extend(
                Problem(
                    file,
                    f"edition {edition.id!r} (strict): {note.message}",
                    field=note.field,
                    line=_line(note.field, lines),
                )
                for note in missing.notes
            )
            continue
        made.append(
            Split(
                edition,
                edition_settings(settings, edition),
                issue_of,
                taken,
                (unrouted if position == 0 else ()) + notes,
            )
        )
    if problems:
        raise ContentError(problems)
    return made


def _line(field: str, lines: Lines) -> int | None:
    """Return the line of a field written as blocks[2].title, or of its block."""
    if field.startswith("blocks["):
        index = int(field[7 : field.index("]")])
        return lines.get(("blocks", index))
    return lines.get((field,))


def _unknown_editions(
    settings: Settings, issue: Issue, *, file: str, lines: Lines
) -> list[Problem]:
    """Name every block that lists an edition the settings do not have."""
    known = {edition.id for edition in settings.editions}
    problems = []
    for index, block in enumerate(issue.blocks):
        for position, name in enumerate(block.editions or ()):
            if name not in known:
                problems.append(
                    Problem(
                        file,
                        unknown_edition(name, known),
                        field=f"blocks[{index}].editions[{position}]",
                        line=lines.get(("blocks", index, "editions", position)),
                    )
                )
    return problems


def unknown_edition(name: str, known: set[str]) -> str:
    """Return what to say of an edition id the settings do not have."""
    return f"no edition {name!r} in the settings; use one of " + (
        ", ".join(sorted(known)) or "(none: add `editions:` to the settings)"
    )


def unknown_feed_editions(settings: Settings, *, file: str, lines: Lines) -> list[Problem]:
    """Name every feed that sends its items to an edition the settings do not have."""
    known = {edition.id for edition in settings.editions}
    return [
        Problem(
            file,
            unknown_edition(name, known),
            field=f"feeds[{index}].editions[{position}]",
            line=lines.get(("feeds", index, "editions", position)),
        )
        for index, source in enumerate(settings.feeds)
        for position, name in enumerate(source.editions or ())
        if name not in known
    ]


class _Missing(Exception):
    def __init__(self, notes: tuple[Note, ...]) -> None:
        super().__init__()
        self.notes = notes


def _edition_issue(
    settings: Settings, edition: Edition, issue: Issue, taken: tuple[int, ...]
) -> tuple[Issue, tuple[Note, ...]]:
    """Return the edition's issue: its blocks and promo, translated; and what was missing."""
    language = language_of(settings, edition)
    translate = not _same_language(language, settings.language)
    notes: list[Note] = []
    blocks = []
    for index in taken:
        block = issue.blocks[index]
        if translate:
            block, missing = _translated(block, language, field=f"blocks[{index}]")
            notes.extend(missing)
        blocks.append(block)
    if edition.promo is not None:
        blocks.insert(1, edition.promo)
    edited: Issue = issue.model_copy(update={"blocks": blocks})
    if translate:
        edited, missing = _translated(edited, language, field="")
        notes.extend(missing)
    if notes and edition.strict:
        raise _Missing(tuple(notes))
    return edited, tuple(notes)


def _translated(model: Any, language: str, *, field: str) -> tuple[Any, list[Note]]:
    """Return the model with its fields in ``language`` where given, and the missing ones."""
    given = _translation(model.translations, language)
    wanted = [
        name
        for name in REQUIRED
        if name in type(model).model_fields and getattr(model, name) and name not in given
    ]
    notes = [
        Note(
            "edition.translation",
            f"{field}.{name}" if field else name,
            f"has no {language} translation; the {name} is shown untranslated "
            f"(add translations: {{{language.split('-')[0]}: {{{name}: ...}}}})",
        )
        for name in wanted
    ]
    if not given:
        return model, notes
    return _revalidate(model, given), notes


def _translation(translations: dict[str, dict[str, str]], language: str) -> dict[str, str]:
    """Return the fields given for a language, by its full tag or its primary subtag."""
    for key, fields in translations.items():
        if key.casefold() == language.casefold():
            return fields
    for key, fields in translations.items():
        if _same_language(key, language):
            return fields
    return {}


def _revalidate(model: BaseModel, fields: dict[str, str]) -> Any:
    """Return a copy of the model with translated fields, validated like the original."""
    data = {name: getattr(model, name) for name in type(model).model_fields}
    data.update(fields)
    try:
        return type(model).model_validate(data)
    except ValidationError as error:
        detail = error.errors()[0]
        where = ".".join(str(part) for part in detail["loc"])
        raise ContentError([Problem("translations", f"{where}: {detail['msg']}")]) from None


def edition_settings(settings: Settings, edition: Edition) -> Settings:
    """Return the settings of one edition: the publication's, with the edition's own."""
    update: dict[str, Any] = {}
    if edition.language is not None:
        update["language"] = edition.language
    if edition.direction is not None:
        update["direction"] = edition.direction
    if edition.accent is not None:
        light = settings.theme.light.model_copy(update={"accent": edition.accent})
        update["theme"] = settings.theme.model_copy(update={"light": light})
    if edition.logo is not None:
        update["logo"] = Logo.model_validate(edition.logo.model_dump())
    if edition.tracking is not None and settings.tracking is not None:
        own = edition.tracking.model_dump(exclude_none=True)
        update["tracking"] = Tracking.model_validate({**settings.tracking.model_dump(), **own})
    if edition.publish:
        update["publish"] = {**settings.publish, **edition.publish}
    if settings.archive is not None:
        base = f"{settings.archive.base_url}{edition.folder}/"
        update["archive"] = settings.archive.model_copy(update={"base_url": base})
    return settings.model_copy(update=update)
