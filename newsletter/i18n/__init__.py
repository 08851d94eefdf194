"""The built-in templates' fixed strings and dates, in the language of the email.

The English strings are the message ids themselves, so an English email reads exactly
as the templates are written. Every other language looks its strings up in the
package's catalogs (``locales/<language>/LC_MESSAGES/newsletter.mo``); a string its
catalog lacks is shown in English and recorded, so checks can say so.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.project import BUILTIN_CATALOGS, CATALOG_DOMAIN, CATALOG_MESSAGES

if TYPE_CHECKING:
    from babel.core import Locale

SOURCE_LANGUAGE = "en"
# The catalogs shipped with the package, the source language first.
LANGUAGES = ("en", "de", "fr", "es", "nl", "cy")
# English keeps the house style, day before month, whatever the machine's locale;
# other languages use Babel's forms (Babel is loaded only for them).
_ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class _Absent(gettext.NullTranslations):
    """The fallback of a shipped catalog: answers with one marker for what it lacks."""

    def gettext(self, message: str) -> str:
        return _ABSENT

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _ABSENT


# Returned (by identity) for a message a catalog does not translate.
_ABSENT = "\x00absent"


@dataclass(frozen=True)
class Catalog:
    """One language's compiled catalog and its lookups."""

    language: str
    translations: gettext.NullTranslations

    def has(self, message: str) -> bool:
        """Tell whether the catalog translates ``message`` (a singular id, plural or not)."""
        if not message:  # the empty id holds the catalog's header, not a translation
            return False
        lookup = self.translations
        return (
            lookup.gettext(message) is not _ABSENT
            or lookup.ngettext(message, message, 1) is not _ABSENT
        )


@dataclass
class Strings:
    """The fixed strings of one rendering in one language, and the ones its catalog lacked."""

    language: str
    catalog: Catalog | None
    missing: list[str] = field(default_factory=list)

    @property
    def source(self) -> bool:
        """Tell whether the email is in the templates' own language (English)."""
        return primary(self.language) == SOURCE_LANGUAGE

    def gettext(self, message: str) -> str:
        """Return ``message`` in the email's language, English when the catalog lacks it."""
        if self.source:
            return message
        if self.catalog is not None and self.catalog.has(message):
            return self.catalog.translations.gettext(message)
        if is_source_id(message) and message not in self.missing:
            self.missing.append(message)
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Return the singular or plural form for ``count`` in the email's language."""
        if not self.source and self.catalog is not None and self.catalog.has(singular):
            found = self.catalog.translations.ngettext(singular, plural, count)
            if found is not _ABSENT:  # not a singular-only id, nor a form it lacks
                return found
        if not self.source:
            self.gettext(singular)  # recorded as missing when the catalog should have it
        return singular if count == 1 else plural

    def longdate(self, value: dt.date) -> str:
        """Return a date written out in full: ``Friday 3 July 2026``."""
        if self.source or self.locale is None:
            day, month = _ENGLISH_DAYS[value.weekday()], _ENGLISH_MONTHS[value.month - 1]
            return f"{day} {value.day} {month} {value.year}"
        from babel.dates import format_date

        return format_date(value, "full", locale=self.locale)

    def shortdate(self, value: dt.date) -> str:
        """Return a short date with its weekday: ``Fri 3 Jul``."""
        if self.source or self.locale is None:
            day, month = _ENGLISH_DAYS[value.weekday()], _ENGLISH_MONTHS[value.month - 1]
            return f"{day[:3]} {value.day} {month[:3]}"
        from babel.dates import format_skeleton

        return format_skeleton("MMMEd", value, locale=self.locale)

    @property
    def locale(self) -> Locale | None:
        """Return Babel's locale for the language, or None when Babel does not know it."""
        return _locale(self.language)


def strings(language: str) -> Strings:
    """Return the fixed strings for a language tag such as ``cy`` or ``de-AT``."""
    if primary(language) == SOURCE_LANGUAGE:
        return Strings(language, None)
    return Strings(language, catalog_for(language))


def primary(language: str) -> str:
    """Return a language tag's first part, lower-cased: ``cy-GB`` gives ``cy``."""
    return language.replace("_", "-").split("-")[0].casefold()


def catalog_for(language: str) -> Catalog | None:
    """Return the shipped catalog for a language tag (its full tag, else its first part)."""
    tag = language.replace("-", "_")
    for name in (tag, primary(language)):
        found = _catalog(name)
        if found is not None:
            return found
    return None


def catalog_path(language: str, suffix: str) -> Path:
    """Return the file of a language's catalog: suffix ``.po`` (source) or ``.mo``."""
    return BUILTIN_CATALOGS / language / CATALOG_MESSAGES / f"{CATALOG_DOMAIN}{suffix}"


@lru_cache(maxsize=32)
def _catalog(name: str) -> Catalog | None:
    # Names come from validated language tags; anything else is simply not shipped.
    if not name.replace("_", "").isalnum() or name not in _shipped():
        return None
    with catalog_path(name, ".mo").open("rb") as file:
        translations = gettext.GNUTranslations(file)
    translations.add_fallback(_Absent())
    return Catalog(name, translations)


@lru_cache(maxsize=1)
def _shipped() -> frozenset[str]:
    if not BUILTIN_CATALOGS.is_dir():
        return frozenset()
    return frozenset(
        path.name for path in BUILTIN_CATALOGS.iterdir() if catalog_path(path.name, ".mo").is_file()
    )


def is_source_id(message: str) -> bool:
    """Tell whether ``message`` is one of the built-in strings (the English catalog's)."""
    source = _catalog(SOURCE_LANGUAGE)
    return source is not None and source.has(message)


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale | None:
    from babel.core import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(primary(language))
        except (UnknownLocaleError, ValueError):
            return None
