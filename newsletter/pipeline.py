"""The one entry to the pipeline: a newsletter folder and an issue in, a rendered email out.

Every consumer (build, check, send, export, preview) opens the folder with
``open_newsletter`` and renders issues with ``render_issue``; writing, checking and
sending are separate steps that take the ``Rendered`` result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from newsletter import i18n
from newsletter.content import editions
from newsletter.content.editions import Note
from newsletter.content.loader import Loaded, load_issue, load_settings
from newsletter.errors import ContentError, Problem
from newsletter.images.resolve import Placed, resolve
from newsletter.mail.message import build_message
from newsletter.models import Issue, Settings
from newsletter.models.settings import Edition
from newsletter.project import Project
from newsletter.render.environment import context, environment, mergetags, render_html, render_text
from newsletter.render.inline import inline
from newsletter.render.tracking import TrackedLink, track
from newsletter.runtime.cache import Store, default_store


@dataclass(frozen=True)
class Newsletter:
    """An opened newsletter folder: its settings and its template environment."""

    project: Project
    settings: Settings
    env: jinja2.Environment
    cache: Store


@dataclass(frozen=True)
class Rendered:
    """One issue rendered in memory: the email in every form, ready to check, write or send."""

    slug: str
    source: Path
    issue: Issue
    settings: Settings
    html: str
    text: str
    eml: bytes
    links: tuple[TrackedLink, ...] = ()
    """Every link the tracking pass saw (none without ``tracking:``): slot, URL, as sent."""
    images: tuple[Placed, ...] = ()
    """The picture files made for the email's slots, with the URLs they are served at."""
    edition: str | None = None
    """The id of the edition this email is (None for a newsletter without editions)."""
    notes: tuple[Note, ...] = ()
    """Warnings about the edition: blocks routed nowhere, translations missing."""

    @property
    def image_bytes(self) -> int:
        """Return the weight of the issue's picture files, each counted once."""
        return sum({placed.name: placed.bytes for placed in self.images}.values())

    @property
    def subject(self) -> str:
        """Return the subject line."""
        return self.issue.subject

    @property
    def preheader(self) -> str:
        """Return the preview text."""
        return self.issue.preheader

    @property
    def date(self) -> dt.date:
        """Return the issue date."""
        return self.issue.date


def open_newsletter(
    root: Path | Project,
    *,
    cache: Store | None = None,
    rule_ids: Collection[str] | None = None,
) -> Newsletter:
    """Open a newsletter folder: read its settings and its templates.

    ``cache`` is the store compiled templates and parsed stylesheets are kept in:
    the user's by default; ``default_store(force=True)`` makes everything afresh.
    With ``rule_ids``, the settings may disable only those check rules.
    """
    project = root if isinstance(root, Project) else Project(root)
    if not project.root.is_dir():
        raise ContentError([Problem(project.root.as_posix(), "no such folder; check --root")])
    store = default_store() if cache is None else cache
    return Newsletter(
        project=project,
        settings=load_settings(project, rule_ids=rule_ids),
        env=environment(project, store=store),
        cache=store,
    )


def issue_sources(newsletter: Newsletter, slugs: list[str] | None = None) -> list[Path]:
    """Return the issue files to render: the named ones, or all, sorted; raise if one is missing."""
    return newsletter.project.issue_sources(slugs)


def render_issue(newsletter: Newsletter, loaded: Loaded) -> Rendered:
    """Render, inline and package one loaded issue in memory."""
    return _render(newsletter, loaded, settings=newsletter.settings, issue=loaded.issue)


def render_editions(
    newsletter: Newsletter, loaded: Loaded, *, only: Collection[str] | None = None
) -> tuple[Rendered, ...]:
    """Render every edition of an issue (or those named in ``only``), in settings order.

    The issue is parsed and routed once; the compiled templates, the Markdown and the
    parsed stylesheets are shared through the newsletter's cache store.
    """
    return tuple(
        render_part(newsletter, loaded, part)
        for part in split_editions(newsletter, loaded)
        if only is None or part.edition.id in only
    )


def split_editions(newsletter: Newsletter, loaded: Loaded) -> list[editions.Split]:
    """Route an issue's blocks to the newsletter's editions; raise ContentError on mistakes."""
    file = newsletter.project.relative(loaded.path)
    return editions.split(newsletter.settings, loaded.issue, file=file, lines=loaded.lines)


def render_part(newsletter: Newsletter, loaded: Loaded, part: editions.Split) -> Rendered:
    """Render one edition of an issue."""
    return _render(
        newsletter,
        loaded,
        settings=part.settings,
        issue=part.issue,
        edition=part.edition,
        notes=part.notes,
    )


def render_any(newsletter: Newsletter, loaded: Loaded) -> tuple[Rendered, ...]:
    """Render the issue's editions, or the one email of a newsletter without editions."""
    if newsletter.settings.editions:
        return render_editions(newsletter, loaded)
    return (render_issue(newsletter, loaded),)


def _render(
    newsletter: Newsletter,
    loaded: Loaded,
    *,
    settings: Settings,
    issue: Issue,
    edition: Edition | None = None,
    notes: tuple[Note, ...] = (),
) -> Rendered:
    """Render, inline and package an issue with the given settings."""
    resolved = resolve(
        newsletter.project,
        settings,
        issue,
        source=loaded.path,
        cache=newsletter.cache,
        # An edition's blocks are a selection: their indexes are not the file's.
        lines=loaded.lines if issue is loaded.issue else None,
    )
    # Links are tracked once, in the content, so both parts carry the same URLs.
    tracked = track(resolved.settings, resolved.issue, slug=loaded.slug)
    settings, issue = resolved.settings, resolved.issue
    strings = i18n.strings(settings.language)
    variables = context(tracked.settings, tracked.issue, strings=strings)
    if edition is not None:
        variables["edition"] = edition
    slot = f"{newsletter.project.root}\0{loaded.slug}\0{edition.id if edition else ''}"
    html = inline(render_html(newsletter.env, variables), store=newsletter.cache, slot=slot)
    text = render_text(newsletter.env, variables)
    notes += _catalog_notes(newsletter, loaded, strings, edition=edition)
    archived = issue.archived
    html = mergetags.apply(html, settings, html_output=True, slug=loaded.slug, archived=archived)
    text = mergetags.apply(text, settings, html_output=False, slug=loaded.slug, archived=archived)
    eml = build_message(settings=settings, issue=issue, slug=loaded.slug, html=html, text=text)
    return Rendered(
        slug=loaded.slug,
        source=loaded.path,
        issue=issue,
        settings=settings,
        html=html,
        text=text,
        eml=eml,
        links=tracked.links,
        images=resolved.images,
        edition=None if edition is None else edition.id,
        notes=notes,
    )


def _catalog_notes(
    newsletter: Newsletter, loaded: Loaded, strings: i18n.Strings, *, edition: Edition | None
) -> tuple[Note, ...]:
    """Name the templates' fixed strings shown in English for want of a translation.

    A strict edition stops instead, naming each string.
    """
    if not strings.missing:
        return ()
    language = strings.language
    notes = tuple(
        Note(
            "language.catalog",
            "language",
            f"the templates' {message!r} has no {language} translation in the catalog; "
            "it is shown in English (add it to the catalog, or use a language with one: "
            f"{', '.join(i18n.LANGUAGES)})",
        )
        for message in strings.missing
    )
    if edition is not None and edition.strict:
        file = newsletter.project.relative(loaded.path)
        raise ContentError(
            [Problem(file, f"edition {edition.id!r} (strict): {note.message}") for note in notes]
        )
    return notes


def render_slug(newsletter: Newsletter, slug: str) -> Rendered:
    """Load and render the issue named ``slug``."""
    (path,) = issue_sources(newsletter, [slug])
    return render_issue(newsletter, load_issue(path, project=newsletter.project))


def render_edition(newsletter: Newsletter, slug: str, edition: str) -> Rendered:
    """Load the issue named ``slug`` and render its edition ``edition``."""
    (path,) = issue_sources(newsletter, [slug])
    (rendered,) = render_editions(
        newsletter, load_issue(path, project=newsletter.project), only={edition}
    )
    return rendered


def issue_pictures(newsletter: Newsletter, slug: str) -> tuple[Placed, ...]:
    """Return the picture files made for an issue's emails (every edition's), not rendering it.

    Each picture is made once and then taken from the cache store; raise ContentError
    for an issue that cannot be read or a picture that cannot be made.
    """
    (path,) = issue_sources(newsletter, [slug])
    loaded = load_issue(path, project=newsletter.project)
    parts = [(newsletter.settings, loaded.issue)]
    if newsletter.settings.editions:
        parts = [(part.settings, part.issue) for part in split_editions(newsletter, loaded)]
    made: dict[str, Placed] = {}
    for settings, issue in parts:
        resolved = resolve(
            newsletter.project, settings, issue, source=loaded.path, cache=newsletter.cache
        )
        for placed in resolved.images:
            made.setdefault(placed.name, placed)
    return tuple(made.values())


def render_all(
    newsletter: Newsletter, slugs: list[str] | None = None
) -> Iterator[Rendered | ContentError]:
    """Render the named issues (or all) in order, yielding each result or its problems.

    With editions, each edition of an issue is yielded, in the settings' order.
    """
    for path in issue_sources(newsletter, slugs):
        try:
            yield from render_any(newsletter, load_issue(path, project=newsletter.project))
        except ContentError as error:
            yield error
