"""Collect the ready issues and write the whole archive to out/archive/ in one atomic step."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter import output
from newsletter.archive import feeds, pages
from newsletter.archive.pages import Entry
from newsletter.content.loader import Loaded, load_issue
from newsletter.errors import ContentError, Problem
from newsletter.pipeline import Newsletter, issue_sources
from newsletter.project import ARCHIVE_DIR

if TYPE_CHECKING:
    from newsletter.models import Settings
    from newsletter.models.settings import Edition

# Names no issue may take while the archive is on: out/archive/ and its own folders.
RESERVED = (ARCHIVE_DIR, pages.LATEST_DIR.rstrip("/"), pages.PAGES_DIR.rstrip("/"))
PUBLISHED = ("ready", "sent")


@dataclass(frozen=True)
class Published:
    """What an archive step did: the folder, the issues in it, and why it was not written."""

    folder: Path
    issues: int = 0
    drafts: int = 0
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)


def publish(newsletter: Newsletter, *, loaded: Collection[Loaded] = ()) -> Published | None:
    """Write out/archive/ from every ready issue; None when the settings have no archive.

    Every issue is in it, whichever ones the build was asked for: those in ``loaded``
    (the issues the build just loaded) as they are, the others read from their files.
    If any has problems, the archive is left as it was, so a typo never takes an issue
    offline.
    """
    if newsletter.settings.archive is None:
        return None
    folder = newsletter.project.archive_dir
    try:
        newsletter = _with_logo(newsletter)
        every = load_all(newsletter, loaded=loaded)
        if newsletter.settings.editions:
            issues, files = edition_files(newsletter, every)
        else:
            entries = ready_entries(newsletter, every)
            issues, files = len(entries), site_files(newsletter, entries)
    except ContentError as error:
        return Published(folder, problems=list(error.problems))
    from newsletter.images.hosting import archive_images

    files = {**archive_images(newsletter.project), **files}  # what images push put there
    changed = output.write_folder(folder, files, keep_others=False)
    drafts = len(every) - issues
    return Published(folder, issues=issues, drafts=drafts, changed=changed)


def edition_files(newsletter: Newsletter, loaded: list[Loaded]) -> tuple[int, dict[str, bytes]]:
    """Return the number of ready issues and an archive per edition, under its folder.

    Each edition's archive (issue pages, index, latest page and feeds) lists the ready
    issues as that edition shows them: its own blocks, language, theme and addresses.
    The archive's front page links to every edition.
    """
    from newsletter.content.editions import edition_settings
    from newsletter.pipeline import split_editions

    settings = newsletter.settings
    ready = [item for item in loaded if item.issue.status in PUBLISHED]
    parts = {
        (item.slug, part.edition.id): part.issue
        for item in ready
        for part in split_editions(newsletter, item)
    }
    files: dict[str, bytes] = {}
    for edition in settings.editions:
        own = _with_logo(replace(newsletter, settings=_archive_settings(settings, edition)))
        site = pages.site_of(own.settings)
        entries = sorted(
            (pages.entry_of(site, item.slug, parts[item.slug, edition.id]) for item in ready),
            key=_newest_first,
        )
        for name, body in site_files(own, entries, edition=edition).items():
            files[f"{edition.folder}/{name}"] = body
    links = [
        {
            "name": edition.name,
            "href": f"{pages.TOP}{edition.folder}/",
            "language": edition_settings(settings, edition).language,
            "direction": edition_settings(settings, edition).direction,
        }
        for edition in settings.editions
    ]
    front = replace(pages.site_of(settings), feeds=False)
    page = pages.editions_page(newsletter.env, settings, front, links)
    files[pages.INDEX_FILE] = page.encode()
    return len(ready), files


def _archive_settings(settings: Settings, edition: Edition) -> Settings:
    """Return an edition's settings, its archive titled with the edition's name."""
    from newsletter.content.editions import edition_settings

    own = edition_settings(settings, edition)
    assert own.archive is not None
    title = f"{pages.site_of(settings).title}{pages.SEPARATOR}{edition.name}"
    return own.model_copy(update={"archive": own.archive.model_copy(update={"title": title})})


def load_all(newsletter: Newsletter, *, loaded: Collection[Loaded] = ()) -> list[Loaded]:
    """Load every issue file; raise ContentError with the problems of all of them.

    An issue in ``loaded`` (loaded from the same file already) is not read again.
    """
    known = {item.path: item for item in loaded}
    every: list[Loaded] = []
    problems: list[Problem] = []
    for path in issue_sources(newsletter):
        try:
            item = known.get(path) or load_issue(path, project=newsletter.project)
            every.append(_with_pictures(newsletter, item))
        except ContentError as error:
            problems.extend(error.problems)
    problems.extend(_reserved(newsletter, every))
    if problems:
        raise ContentError(problems)
    return every


def _with_logo(newsletter: Newsletter) -> Newsletter:
    """Return the newsletter with a logo file replaced by its hosted URL."""
    from newsletter.images.resolve import place_logo

    settings, _made = place_logo(newsletter.project, newsletter.settings, cache=newsletter.cache)
    return newsletter if settings is newsletter.settings else replace(newsletter, settings=settings)


def _with_pictures(newsletter: Newsletter, item: Loaded) -> Loaded:
    """Return the issue with its picture files replaced by their hosted URLs."""
    from newsletter.images.resolve import resolve

    resolved = resolve(
        newsletter.project,
        newsletter.settings,
        item.issue,
        source=item.path,
        cache=newsletter.cache,
        lines=item.lines,
    )
    return Loaded(item.slug, item.path, resolved.issue)


def ready_entries(newsletter: Newsletter, loaded: list[Loaded]) -> list[Entry]:
    """Return the issues to publish (status ready or sent), newest first."""
    site = pages.site_of(newsletter.settings)
    entries = [
        pages.entry_of(site, item.slug, item.issue)
        for item in loaded
        if item.issue.status in PUBLISHED
    ]
    return sorted(entries, key=_newest_first)


def site_files(
    newsletter: Newsletter, entries: list[Entry], *, edition: Edition | None = None
) -> dict[str, bytes]:
    """Return every file of the archive (of one edition's) by its path inside out/archive/."""
    env, settings = newsletter.env, newsletter.settings
    site = pages.site_of(settings)
    html: dict[str, str] = {}
    for at, entry in enumerate(entries):
        html[entry.folder + pages.INDEX_FILE] = pages.issue_page(
            env,
            settings,
            site,
            entry,
            newer=entries[at - 1] if at > 0 else None,
            older=entries[at + 1] if at + 1 < len(entries) else None,
            edition=edition,
        )
    html.update(pages.index_pages(env, settings, site, entries))
    html[pages.LATEST_DIR + pages.INDEX_FILE] = pages.latest_page(
        env, settings, site, entries[0] if entries else None
    )
    in_feeds = entries[: feeds.FEED_ENTRIES]
    contents = [pages.issue_content(env, settings, site, entry) for entry in in_feeds]
    files = {name: body.encode() for name, body in sorted(html.items())}
    files[feeds.ATOM_FILE] = feeds.atom(settings, site, in_feeds, contents)
    files[feeds.JSON_FILE] = feeds.json_feed(settings, site, in_feeds, contents)
    return files


def _reserved(newsletter: Newsletter, loaded: list[Loaded]) -> list[Problem]:
    return [
        Problem(
            newsletter.project.issue_file(item.slug),
            f"the name {item.slug!r} is taken by the web archive (out/{ARCHIVE_DIR}/); "
            "rename the file",
        )
        for item in loaded
        if item.slug in RESERVED
    ]


def _newest_first(entry: Entry) -> tuple[object, ...]:
    issue = entry.issue
    return (-issue.date.toordinal(), -(issue.number or 0), entry.slug)
