"""Compile the shipped catalogs' .po sources into the .mo files the templates read."""

from __future__ import annotations

import io

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from newsletter.i18n import LANGUAGES, catalog_path


def compiled(language: str) -> bytes:
    """Return the .mo bytes made from a language's .po source (fuzzy entries left out)."""
    with catalog_path(language, ".po").open("rb") as file:
        catalog = read_po(file, locale=language)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def stale() -> list[str]:
    """Return the languages whose .mo file differs from what their .po source compiles to."""
    return [
        language
        for language in LANGUAGES
        if not catalog_path(language, ".mo").is_file()
        or catalog_path(language, ".mo").read_bytes() != compiled(language)
    ]


def compile_all() -> list[str]:
    """Write every language's .mo file from its .po source; return the languages rewritten."""
    rewritten = stale()
    for language in rewritten:
        catalog_path(language, ".mo").write_bytes(compiled(language))
    return rewritten
