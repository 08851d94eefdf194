"""Collect the ready issues and write the whole archive to out/archive/ in one atomic step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsletter import output
from newsletter.archive import feeds, pages
from newsletter.archive.pages import Entry
from newsletter.content.loader import Loaded, load_issue
from newsletter.errors import ContentError, Problem
from newsletter.pipeline import Newsletter, issue_sources
from newsletter.project import ARCHIVE_DIR

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


def publish(newsletter: Newsletter) -> Published | None:
    """Write out/archive/ from every ready issue; None when the settings have no archive.

    Every issue file is read, whichever ones the build was asked for. If any has
    problems, the archive is left as it was, so a typo never takes an issue offline.
    """
    if newsletter.settings.archive is None:
        return None
    folder = newsletter.project.archive_dir
    try:
        newsletter = _with_logo(newsletter)
        loaded = load_all(newsletter)
        entries = ready_entries(newsletter, loaded)
        files = site_files(newsletter, entries)
    except ContentError as error:
        return Published(folder, problems=list(error.problems))
    from newsletter.images.hosting import archive_images

    files = {**archive_images(newsletter.project), **files}  # what images push put there
    changed = output.write_folder(folder, files, keep_others=False)
    drafts = len(loaded) - len(entries)
    return Published(folder, issues=len(entries), drafts=drafts, changed=changed)


def load_all(newsletter: Newsletter) -> list[Loaded]:
    """Load every issue file; raise ContentError with the problems of all of them."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for path in issue_sources(newsletter):
        try:
            loaded.append(_with_pictures(newsletter, load_issue(path, project=newsletter.project)))
        except ContentError as error:
            problems.extend(error.problems)
    problems.extend(_reserved(newsletter, loaded))
    if problems:
        raise ContentError(problems)
    return loaded


def _with_logo(newsletter: Newsletter) -> Newsletter:
    """Return the newsletter with a logo file replaced by its hosted URL."""
    from dataclasses import replace

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


def site_files(newsletter: Newsletter, entries: list[Entry]) -> dict[str, bytes]:
    """Return every file of the archive by its path inside out/archive/."""
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
