"""What every service adapter does: read, find, create, update and schedule one campaign."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from newsletter.delivery.publish.http import Client, RetryPolicy
from newsletter.delivery.publish.model import Draft, Remote
from newsletter.errors import CommandFailed, ContentError, Problem
from newsletter.project import SETTINGS_FILE


class Adapter:
    """One service's draft-campaign API; subclasses fill in the endpoints."""

    name: ClassVar[str]
    # Environment variables holding the credentials, in the order messages name them.
    credentials: ClassVar[tuple[str, ...]]
    default_url: ClassVar[str | None]
    # Services where publish --reschedule may turn a scheduled campaign back into a draft.
    can_unschedule: ClassVar[bool] = False
    # Services whose scheduled times must fall on a quarter hour.
    quarter_hours: ClassVar[bool] = False

    def __init__(self, client: Client) -> None:
        self.client = client
        # The time publish runs at, for services whose state depends on the clock.
        self.now: dt.datetime | None = None

    @classmethod
    def url_variable(cls) -> str:
        """Return the variable that overrides the API's address (a self-hosted server, a proxy)."""
        return f"NEWSLETTER_{cls.name.upper()}_URL"

    @classmethod
    def connect(cls, env: Mapping[str, str], *, retry: RetryPolicy) -> Adapter:
        """Return the adapter with a client built from the environment's credentials."""
        missing = [name for name in cls.credentials if not env.get(name)]
        base = env.get(cls.url_variable()) or cls.default_url
        if base is None:
            missing.insert(0, cls.url_variable())
        if missing:
            raise CommandFailed(
                f"{cls.name}: set the environment variable {' and '.join(missing)} "
                "(see docs/publish.md)"
            )
        values = {name: env[name] for name in cls.credentials}
        assert base is not None
        headers = cls.auth_headers(values)
        client = Client(
            service=cls.name,
            base_url=cls.api_root(base, values),
            headers=headers,
            secrets=[*values.values(), *headers.values()],
            retry=retry,
        )
        return cls(client)

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return the headers that carry the credentials."""
        raise NotImplementedError

    @classmethod
    def api_root(cls, base: str, values: Mapping[str, str]) -> str:
        """Return the address API paths are relative to."""
        return base

    def get(self, remote_id: str) -> Remote | None:
        """Return the campaign with this id, or None when the service has none."""
        raise NotImplementedError

    def find(self, draft: Draft) -> Remote | None:
        """Return the campaign whose name (or tag) carries the issue's marker, if any."""
        for remote in self.listing():
            if remote.name.endswith(draft.marker):
                return remote
        return None

    def listing(self) -> Iterator[Remote]:
        """Yield every campaign the service lists, page by page."""
        raise NotImplementedError

    def create(self, draft: Draft) -> str:
        """Create the draft campaign and return its id; may raise Ambiguous."""
        raise NotImplementedError

    def update(self, remote_id: str, draft: Draft) -> None:
        """Replace the draft campaign's content and settings."""
        raise NotImplementedError

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """Schedule the campaign to be sent at ``when`` (an aware time)."""
        raise NotImplementedError

    def unschedule(self, remote_id: str) -> None:
        """Turn a scheduled campaign back into a draft."""
        raise CommandFailed(f"{self.name}: publish cannot unschedule a campaign here")

    def close(self) -> None:
        """Close the connection."""
        self.client.close()


def number(value: str | None, *, service: str, field: str) -> int:
    """Return an id from settings as the integer the service's API wants."""
    if value is None or not value.isdigit():
        raise ContentError(
            [
                Problem(
                    SETTINGS_FILE,
                    f'{service} ids are numbers; give the number, e.g. {field}: "7"',
                    field=f"publish.{service}.{field}",
                )
            ]
        )
    return int(value)


def text_id(value: Any) -> str:
    """Return an id from a reply as text, whatever type the service gives it."""
    return str(value)
