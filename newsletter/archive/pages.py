"""The archive's web pages: each issue, the index (paginated) and the latest-issue page.

Every value a template shows is computed here and passed in by name: page titles,
canonical addresses, the card image, and the relative links between pages. Fixed text
is in the language of the settings (an edition's own), from the same catalogs as the
email's: the templates' through ``_()``, the texts made here through ``_text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsletter import i18n
from newsletter.errors import ContentError, Problem
from newsletter.mail.message import SEND_HOUR
from newsletter.models import GridBlock, Image, ImageBlock, LeadBlock, StoryBlock
from newsletter.project import TEMPLATES_DIR
from newsletter.render.environment import context, render_template, translations
from newsletter.render.mergetags import PLACEHOLDERS

if TYPE_CHECKING:
    import jinja2

    from newsletter.models import Issue, Settings
    from newsletter.models.settings import Edition

ISSUE_TEMPLATE = "archive/issue.html"
INDEX_TEMPLATE = "archive/index.html"
LATEST_TEMPLATE = "archive/latest.html"
EDITIONS_TEMPLATE = "archive/editions.html"
CONTENT_TEMPLATE = "archive/_content.html"
INDEX_FILE = "index.html"
LATEST_DIR = "latest/"
PAGES_DIR = "page/"
# Issues listed on one index page; later ones go to page/2/, page/3/ and so on.
PAGE_SIZE = 50
# Relative paths from a page back to the archive's top folder.
TOP = "./"
ONE_DOWN = "../"
TWO_DOWN = "../../"
# Between the parts of a page title, e.g. the subject and the archive title.
SEPARATOR = " \N{EN DASH} "


@dataclass(frozen=True)
class Site:
    """The archive as a whole: its name, its addresses and where readers sign up."""

    title: str
    description: str
    base_url: str
    signup_url: str | None
    feeds: bool = True
    """Whether the site has feeds of its own (not the front page of an archive with editions)."""

    @property
    def feed_url(self) -> str:
        """Return the absolute address of the Atom feed."""
        return f"{self.base_url}feed.xml"

    @property
    def json_feed_url(self) -> str:
        """Return the absolute address of the JSON Feed."""
        return f"{self.base_url}feed.json"


@dataclass(frozen=True)
class Entry:
    """One ready issue as the archive shows it."""

    slug: str
    issue: Issue
    url: str
    published: dt.datetime
    image: Image | None

    @property
    def folder(self) -> str:
        """Return the issue's folder inside the archive, e.g. ``2026-06-05/``."""
        return f"{self.slug}/"


@dataclass(frozen=True)
class Page:
    """What the page shell shows of one page: its titles, its addresses and its card."""

    title: str
    heading: str
    description: str
    canonical: str
    root: str
    kind: str = "website"
    image: Image | None = None
    published: dt.datetime | None = None

    @property
    def card(self) -> str:
        """Return the kind of card a shared link shows: a large image, or a small one."""
        return "summary_large_image" if self.kind == "article" and self.image else "summary"


@dataclass(frozen=True)
class Neighbour:
    """A link to another page of the archive: where it goes and what it says."""

    href: str
    text: str


def site_of(settings: Settings) -> Site:
    """Return the archive's name, description and addresses from the settings."""
    archive = settings.archive
    assert archive is not None
    every = _text(settings, "Every issue of %(name)s.", name=settings.name)
    return Site(
        title=archive.title or settings.name,
        description=archive.description or settings.tagline or every,
        base_url=archive.base_url,
        signup_url=archive.signup_url,
    )


def entry_of(site: Site, slug: str, issue: Issue) -> Entry:
    """Return an issue as an archive entry, dated like its email (the issue date, 08:00 UTC)."""
    return Entry(
        slug=slug,
        issue=issue,
        url=f"{site.base_url}{slug}/",
        published=dt.datetime.combine(issue.date, dt.time(SEND_HOUR), tzinfo=dt.timezone.utc),
        image=card_image(issue),
    )


def card_image(issue: Issue) -> Image | None:
    """Return the image a shared link shows: the lead image, else the first story image."""
    images: list[Image | None] = []
    for block in issue.blocks:
        if isinstance(block, LeadBlock):
            return block.image
        if isinstance(block, StoryBlock):
            images.append(block.image)
        elif isinstance(block, GridBlock):
            images.extend(story.image for story in block.stories)
        elif isinstance(block, ImageBlock):
            images.append(block)
    return next((image for image in images if image and not image.decorative), None)


def web_greeting(settings: Settings) -> str | None:
    """Return the greeting for a page everyone reads: the fallback where it needs a name."""
    if settings.greeting and "{first_name}" in settings.greeting:
        return settings.greeting_fallback
    return settings.greeting


def issue_variables(settings: Settings, site: Site, entry: Entry) -> dict[str, Any]:
    """Return the email's template variables in web mode: no merge slot is filled."""
    return {
        **context(settings, entry.issue),
        "unsubscribe_url": None,
        "view_online_url": None,
        "preferences_url": None,
        "greeting": web_greeting(settings),
        "site": site,
    }


def issue_page(
    env: jinja2.Environment,
    settings: Settings,
    site: Site,
    entry: Entry,
    *,
    newer: Entry | None,
    older: Entry | None,
    edition: Edition | None = None,
) -> str:
    """Render an issue's page, linked to the index and to the issues before and after it.

    An edition's page names the edition, as its email does.
    """
    issue = entry.issue
    page = Page(
        title=f"{issue.subject}{SEPARATOR}{site.title}",
        heading=issue.subject,
        description=issue.preheader,
        canonical=entry.url,
        root=ONE_DOWN,
        kind="article",
        image=entry.image,
        published=entry.published,
    )
    variables = {
        **issue_variables(settings, site, entry),
        "page": page,
        "newer": _neighbour(newer, ONE_DOWN),
        "older": _neighbour(older, ONE_DOWN),
    }
    if edition is not None:
        variables["edition"] = edition
    return _render(env, ISSUE_TEMPLATE, variables)


def issue_content(env: jinja2.Environment, settings: Settings, site: Site, entry: Entry) -> str:
    """Render the body of an issue alone (introduction and blocks), for the feeds."""
    return _render(env, CONTENT_TEMPLATE, issue_variables(settings, site, entry)).strip()


def index_pages(
    env: jinja2.Environment, settings: Settings, site: Site, entries: list[Entry]
) -> dict[str, str]:
    """Render the index, newest first, PAGE_SIZE issues a page: index.html, page/2/index.html…"""
    chunks = [entries[at : at + PAGE_SIZE] for at in range(0, len(entries), PAGE_SIZE)] or [[]]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        root = TOP if number == 1 else TWO_DOWN
        folder = _index_folder(number)
        numbered = _text(settings, "page %(number)s", number=number)
        page = Page(
            title=site.title if number == 1 else f"{site.title}{SEPARATOR}{numbered}",
            heading=site.title,
            description=site.description,
            canonical=site.base_url + folder,
            root=root,
            image=next((entry.image for entry in entries if entry.image), settings.logo),
        )
        newer = _text(settings, "Newer issues")
        older = _text(settings, "Older issues")
        variables = {
            **_shell(settings, site, page),
            "items": [_item(entry, root) for entry in chunk],
            "number": number,
            "count": len(chunks),
            "newer": Neighbour(root + _index_folder(number - 1), newer) if number > 1 else None,
            "older": Neighbour(root + _index_folder(number + 1), older)
            if number < len(chunks)
            else None,
        }
        pages[folder + INDEX_FILE] = _render(env, INDEX_TEMPLATE, variables)
    return pages


def latest_page(
    env: jinja2.Environment, settings: Settings, site: Site, newest: Entry | None
) -> str:
    """Render latest/: a redirect to the newest issue (to the index while there is none)."""
    if newest is None:
        page = Page(site.title, site.title, site.description, site.base_url, ONE_DOWN)
        target = Neighbour(ONE_DOWN, _text(settings, "See every issue"))
    else:
        issue = newest.issue
        page = Page(
            title=f"{issue.subject}{SEPARATOR}{site.title}",
            heading=issue.subject,
            description=issue.preheader,
            canonical=newest.url,
            root=ONE_DOWN,
            kind="article",
            image=newest.image,
            published=newest.published,
        )
        text = _text(settings, "Read the latest issue: %(subject)s", subject=issue.subject)
        target = Neighbour(ONE_DOWN + newest.folder, text)
    return _render(env, LATEST_TEMPLATE, {**_shell(settings, site, page), "target": target})


def editions_page(
    env: jinja2.Environment, settings: Settings, site: Site, editions: list[dict[str, str]]
) -> str:
    """Render the front page of an archive with editions: a link to each edition's index.

    Each item names the edition (``name``), its folder (``href``), ``language`` and
    ``direction``.
    """
    page = Page(site.title, site.title, site.description, site.base_url, TOP)
    return _render(env, EDITIONS_TEMPLATE, {**_shell(settings, site, page), "items": editions})


def _shell(settings: Settings, site: Site, page: Page) -> dict[str, Any]:
    """Return what every page shell needs: the settings, the page, and its language's strings."""
    return {
        **translations(i18n.strings(settings.language)),
        "settings": settings,
        "theme": settings.theme,
        "site": site,
        "page": page,
    }


def _text(settings: Settings, message: str, **names: object) -> str:
    """Return a fixed text of the archive in the settings' language, its names filled in."""
    found = i18n.strings(settings.language).gettext(message)
    return found % names if names else found


def _index_folder(number: int) -> str:
    return "" if number == 1 else f"{PAGES_DIR}{number}/"


def _item(entry: Entry, root: str) -> dict[str, Any]:
    issue = entry.issue
    return {
        "href": root + entry.folder,
        "subject": issue.subject,
        "preheader": issue.preheader,
        "date": issue.date,
        "number": issue.number,
    }


def _neighbour(entry: Entry | None, root: str) -> Neighbour | None:
    return None if entry is None else Neighbour(root + entry.folder, entry.issue.subject)


def _render(env: jinja2.Environment, name: str, variables: dict[str, Any]) -> str:
    """Render a page, refusing one whose templates put a merge slot on the public web."""
    html = render_template(env, name, variables)
    for token in PLACEHOLDERS:
        if token in html:
            raise ContentError(
                [
                    Problem(
                        f"{TEMPLATES_DIR}/{name}",
                        "a merge tag reached a web archive page, which no mailing service "
                        "fills; use unsubscribe_url, view_online_url, preferences_url or "
                        "greeting only in the email's own templates",
                    )
                ]
            )
    return html
