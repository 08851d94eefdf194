"""Edition rules: what routing an issue to its editions and translating it left unsaid."""

from __future__ import annotations

from collections.abc import Iterator

from newsletter.checks.engine import Email, Hit, Where, rule
from newsletter.project import SETTINGS_FILE, issue_file


def _notes(email: Email, rule_id: str) -> Iterator[Hit]:
    file = issue_file(email.slug)
    for note in email.notes:
        if note.rule == rule_id:
            block = (
                int(note.field[7 : note.field.index("]")])
                if note.field.startswith("blocks[")
                else None
            )
            yield Hit(Where(f"{note.field} in {file}", file, None, block), note.message)


@rule(
    "edition.unrouted",
    severity="warning",
    rationale="A block that goes to no edition reaches no reader: it was written for nothing.",
    source="docs/editions.md: blocks choose their editions by list or by tags",
)
def unrouted(email: Email) -> Iterator[Hit]:
    """Flag every block no edition takes."""
    yield from _notes(email, "edition.unrouted")


@rule(
    "edition.translation",
    severity="warning",
    rationale="An edition in another language shows an untranslated text in the default "
    "language; readers of that edition may not read it.",
    source="docs/editions.md: translations and the fallback to the default language",
)
def translation(email: Email) -> Iterator[Hit]:
    """Flag every text shown untranslated in an edition in another language."""
    yield from _notes(email, "edition.translation")


@rule(
    "language.catalog",
    severity="warning",
    rationale="A fixed string of the templates (Unsubscribe, Read more) with no translation "
    "in the email's language is shown in English; readers may not understand it.",
    source="docs/editions.md: the built-in strings' catalogs and their English fallback",
)
def catalog(email: Email) -> Iterator[Hit]:
    """Flag every fixed string of the templates shown in English in another language."""
    for note in email.notes:
        if note.rule == "language.catalog":
            yield Hit(Where(f"language in {SETTINGS_FILE}", SETTINGS_FILE), note.message)
