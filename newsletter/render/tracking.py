"""Tracked links: campaign parameters (UTM) added to the links to the publication's own site.

One pass over the issue and the settings before rendering rewrites every link target
(URL fields, and the targets of Markdown links), so the HTML and the plain text are
rendered from the same tracked URLs. Each link gets the parameters it does not already
have, appended after its own in their order; a key it has is never changed or repeated.
Links elsewhere, merge tags, mailto:/tel:, unsubscribe and "view online" links are kept
as they are. Every link seen is recorded, with where it is (its slot) and why it was
kept, for the manifest and the checks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, unquote_plus, urlsplit

from pydantic import BaseModel

from newsletter.markdown import Linked, link_targets

if TYPE_CHECKING:
    from newsletter.models import Issue, Settings
    from newsletter.models.settings import Tracking

# The parameters tracking adds, in the order it adds them.
KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
PREFIX = "utm_"
# Model fields that hold a link target (an image's src is not one), and Markdown fields.
_LINK_FIELDS = frozenset({"url", "link"})
_MARKDOWN_FIELDS = frozenset({"summary", "body", "intro"})
# Merge-tag spellings of the services (and their percent-encoded forms): {{ }}, {% %},
# *| |*, [% %], ${ }, <% %> and %name_with_underscore%. A target holding one is filled
# in per subscriber by the service, so it is never changed.
_MERGE_TAG = re.compile(
    r"\{\{|\}\}|\{%|%\}|\*\||\|\*|\[%|%\]|\$\{|<%|%>"
    r"|%7B%7B|%7D%7D|%7B%25|%25%7D|\*%7C|%7C\*|%[a-z]*[_.][a-z_.]*%",
    re.IGNORECASE,
)
_SLOT_MAX = 50

# Why a link was kept as it was.
FOREIGN = "another site's domain"
MERGE_TAG = "a merge tag"
NOT_WEB = "not a web link"
UNSUBSCRIBE = "an unsubscribe link"
VIEW_ONLINE = "the view-online link"
HAS_ALL = "has every parameter already"


class TrackedLink(NamedTuple):
    """One link of the issue: where it is, its target as written and as the email has it."""

    slot: str
    url: str
    tracked: str
    kept: str | None
    """Why the link was left as it was; None when parameters were added."""

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return self._asdict()


@dataclass(frozen=True)
class Tracked:
    """The settings and issue with tracked link targets, and the ledger of every link."""

    settings: Settings
    issue: Issue
    links: tuple[TrackedLink, ...]


def track(settings: Settings, issue: Issue, *, slug: str) -> Tracked:
    """Return the settings and issue with tracked links (unchanged without ``tracking:``)."""
    tracking = settings.tracking
    if tracking is None:
        return Tracked(settings, issue, ())
    ledger = _Ledger(
        settings=settings,
        slug=slug,
        own=own_domains(settings),
        values=base_values(tracking, slug=slug),
        content=tracking.utm_content,
    )
    blocks = [_model(block, ledger.slot_for(block), ledger) for block in issue.blocks]
    changes: dict[str, Any] = {"blocks": blocks}
    if issue.intro:
        changes["intro"] = _markdown(issue.intro, "intro", ledger)
    tracked_issue = issue.model_copy(update=changes)
    tracked_settings = settings.model_copy(
        update={
            "website": ledger.track(settings.website, "website"),
            "social": [_model(link, "social", ledger) for link in settings.social],
        }
    )
    return Tracked(tracked_settings, tracked_issue, tuple(ledger.entries.values()))


def base_values(tracking: Tracking, *, slug: str) -> dict[str, str]:
    """Return utm_source, utm_medium and utm_campaign as tracking sets them for an issue."""
    return {
        "utm_source": tracking.utm_source,
        "utm_medium": tracking.utm_medium,
        "utm_campaign": tracking.utm_campaign.replace("{slug}", slug),
    }


def wanted(tracking: Tracking, *, slug: str, slot: str) -> dict[str, str]:
    """Return every parameter tracking gives a link in ``slot``, in order."""
    values = base_values(tracking, slug=slug)
    if tracking.utm_content:
        values["utm_content"] = slot
    return values


def own_domains(settings: Settings) -> tuple[str, ...]:
    """Return the domains whose links are tracked: the configured ones, else the site's."""
    if settings.tracking is not None and settings.tracking.domains:
        return tuple(settings.tracking.domains)
    urls = [settings.website] + ([settings.archive.base_url] if settings.archive else [])
    found: list[str] = []
    for url in urls:
        host = host_of(url)
        if host:
            host = host.removeprefix("www.")
            if host not in found:
                found.append(host)
    return tuple(found)


def host_of(url: str) -> str:
    """Return a URL's host in lower case, IDNA-encoded, or "" when it has none."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.removesuffix(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return host
    return host.lower()


def is_own(url: str, domains: tuple[str, ...]) -> bool:
    """Tell whether a URL's host is one of ``domains`` or below one."""
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def is_web(url: str) -> bool:
    """Tell whether a target is an absolute http(s) URL."""
    return url.lower().startswith(("http://", "https://"))


def has_merge_tag(url: str) -> bool:
    """Tell whether a target holds a mailing service's merge tag."""
    return bool(_MERGE_TAG.search(url))


def parameters(url: str) -> list[tuple[str, str]]:
    """Return the query's (key, value) pairs in order, decoded; keys as written."""
    query = url.partition("#")[0].partition("?")[2]
    pairs = []
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((unquote_plus(key), unquote_plus(value)))
    return pairs


def utm_keys(url: str) -> list[str]:
    """Return the campaign keys (utm_…) of a URL's query, lower-cased, repeats included."""
    return [key.lower() for key, _ in parameters(url) if key.lower().startswith(PREFIX)]


def add_parameters(url: str, values: Mapping[str, str]) -> str:
    """Append the parameters the URL lacks, percent-encoded, keeping its query and fragment."""
    base, hash_mark, fragment = url.partition("#")
    path, _, query = base.partition("?")
    present = {key.lower() for key, _ in parameters(url)}
    added = [
        f"{quote(key, safe='')}={quote(value, safe='')}"
        for key, value in values.items()
        if key.lower() not in present
    ]
    if not added:
        return url
    if query and not query.endswith("&"):
        query += "&"
    if "/" not in path.partition("//")[2]:
        path += "/"  # an address with no path has the path "/" (RFC 3986, 6.2.3)
    return f"{path}?{query}{'&'.join(added)}{hash_mark}{fragment}"


def slug_of(text: str) -> str:
    """Return a slot name made from a headline: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slot = ""
    for word in words:
        if len(slot) + len(word) + 1 > _SLOT_MAX:
            break
        slot = f"{slot}-{word}" if slot else word
    if not slot and words:
        slot = words[0][:_SLOT_MAX]
    return slot


@dataclass
class _Ledger:
    """Tracks targets for one issue and remembers every link it saw."""

    settings: Settings
    slug: str
    own: tuple[str, ...]
    values: dict[str, str]
    content: bool
    entries: dict[tuple[str, str], TrackedLink] = field(default_factory=dict)
    _slots: set[str] = field(default_factory=set)
    _counts: dict[str, int] = field(default_factory=dict)

    def track(self, url: str, slot: str) -> str:
        """Return the target as the email writes it, and record it."""
        entry = self.entries.get((slot, url))
        if entry is None:
            entry = self.entries[(slot, url)] = self._entry(url, slot)
        return entry.tracked

    def _entry(self, url: str, slot: str) -> TrackedLink:
        kept = self._kept(url)
        if kept is not None:
            return TrackedLink(slot, url, url, kept)
        values = dict(self.values)
        if self.content:
            values["utm_content"] = slot
        tracked = add_parameters(url, values)
        return TrackedLink(slot, url, tracked, HAS_ALL if tracked == url else None)

    def _kept(self, url: str) -> str | None:
        """Return why a target is not to be tracked, or None if it is."""
        if not is_web(url):
            return NOT_WEB
        if has_merge_tag(url):
            return MERGE_TAG
        if not is_own(url, self.own):
            return FOREIGN
        return exempt(url, self.settings, slug=self.slug)

    def slot_for(self, block: BaseModel) -> str:
        """Return a block's slot: its headline as a slug, sponsor-N, or its type and number."""
        kind = str(getattr(block, "type", "block"))
        number = self._counts[kind] = self._counts.get(kind, 0) + 1
        if kind == "promo":
            return self.unique(f"sponsor-{number}")
        title = getattr(block, "title", None)
        if kind in ("lead", "story", "text") and isinstance(title, str) and slug_of(title):
            return self.unique(slug_of(title))
        return self.unique(f"{kind}-{number}")

    def unique(self, slot: str) -> str:
        """Return ``slot``, numbered -2, -3… when another part of the issue has it."""
        name, number = slot, 1
        while name in self._slots:
            number += 1
            name = f"{slot}-{number}"
        self._slots.add(name)
        return name


def exempt(url: str, settings: Settings, *, slug: str) -> str | None:
    """Return why a link to the own site is never tracked (unsubscribe, view online), or None."""
    target = url.partition("#")[0]
    unsubscribe = {
        settings.unsubscribe_url,
        settings.list_unsubscribe_url,
        settings.preferences_url,
    }
    if target in unsubscribe or "unsubscribe" in urlsplit(target).path.lower():
        return UNSUBSCRIBE
    view_online = {settings.view_online_url}
    if settings.archive is not None:
        view_online.add(settings.archive.issue_url(slug))
    if target in view_online:
        return VIEW_ONLINE
    return None


def _model(model: Any, slot: str, ledger: _Ledger) -> Any:
    """Return a copy of a content model with its link targets tracked, for ``slot``."""
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        new = _value(name, value, slot, ledger)
        if new is not value:
            changes[name] = new
    return model.model_copy(update=changes) if changes else model


def _value(name: str, value: Any, slot: str, ledger: _Ledger) -> Any:
    if isinstance(value, str) and name in _LINK_FIELDS:
        return ledger.track(value, slot)
    if isinstance(value, str) and name in _MARKDOWN_FIELDS:
        return _markdown(value, slot, ledger)
    if isinstance(value, BaseModel):
        return _model(value, slot, ledger)
    if isinstance(value, list) and all(isinstance(item, BaseModel) for item in value):
        return [_model(item, _item_slot(item, slot, ledger), ledger) for item in value]
    return value


def _item_slot(item: Any, slot: str, ledger: _Ledger) -> str:
    """Return a grid story's own slot (its headline); other list items share their block's."""
    from newsletter.models import GridStory

    if isinstance(item, GridStory) and slug_of(item.title):
        return ledger.unique(slug_of(item.title))
    return slot


def _markdown(source: str, slot: str, ledger: _Ledger) -> str:
    """Return Markdown that renders its link targets tracked."""
    hrefs = {href: ledger.track(href, slot) for href in link_targets(source)}
    changed = {href: written for href, written in hrefs.items() if written != href}
    return Linked(source, hrefs=changed) if changed else source


def targets(text: str) -> Iterator[str]:
    """Yield the http(s) URLs written in plain text."""
    for match in _TEXT_URL.finditer(text):
        yield match[0].rstrip(".,;:!?)]'\"")


_TEXT_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
