"""What publish hands to a service and reads back: the draft, the remote campaign, the audience."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Literal

# How a remote campaign stands, in the services' common terms: a draft may be changed;
# scheduled and sent ones never are; busy ones (sending, paused, cancelled...) neither.
State = Literal["draft", "scheduled", "sent", "busy"]


@dataclass(frozen=True)
class Target:
    """Who the draft goes to at one service: ids from settings' publish section."""

    list: str | None = None
    segment: str | None = None
    sender_id: str | None = None
    unsubscribe_group: str | None = None


@dataclass(frozen=True)
class Draft:
    """One issue rendered with one service's merge tags, ready to become a draft campaign."""

    slug: str
    name: str
    subject: str
    preheader: str
    from_name: str
    from_email: str
    reply_to: str | None
    html: str
    text: str
    target: Target
    edition: str | None = None
    """The edition this draft is, for a newsletter with editions."""

    @property
    def marker(self) -> str:
        """Return the text in the campaign's name that ties it to this issue (and edition)."""
        return marker(self.slug, self.edition)

    @property
    def content_hash(self) -> str:
        """Return a hash of everything sent to the service, to tell update from no-op."""
        fields = asdict(self)
        if self.edition is None:
            # Drafts of newsletters without editions keep the hashes their ledgers hold.
            del fields["edition"]
        data = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
        return "sha256:" + hashlib.sha256(data).hexdigest()


def marker(slug: str, edition: str | None = None) -> str:
    """Return the tag carried by the name of the campaign made for an issue (or its edition)."""
    return f"[{slug}]" if edition is None else f"[{slug}/{edition}]"


def campaign_name(publication: str, slug: str, edition: str | None = None) -> str:
    """Return a campaign's name: the publication and the issue's (or edition's) marker."""
    return f"{publication} {marker(slug, edition)}"


@dataclass(frozen=True)
class Remote:
    """A campaign as the service reports it."""

    id: str
    state: State
    status: str
    name: str = ""
    scheduled_at: str | None = None
    html: str | None = None

    def describe(self) -> str:
        """Return how messages name the campaign: its id and the service's own status."""
        when = f" for {self.scheduled_at}" if self.scheduled_at else ""
        return f"campaign {self.id} ({self.status}{when})"


def utc_text(when: dt.datetime) -> str:
    """Return an aware time as ISO 8601 in UTC with a Z, to the second."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
