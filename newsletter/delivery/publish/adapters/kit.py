"""Kit v4 broadcasts (developers.kit.com/api-reference/broadcasts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, number, text_id
from newsletter.delivery.publish.model import Draft, Remote, utc_text

KEY = "NEWSLETTER_KIT_KEY"


class Kit(Adapter):
    """A broadcast is a draft while send_at is null; v4 reports no status of its own."""

    name = "kit"
    credentials = (KEY,)
    default_url = "https://api.kit.com/v4"

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return Kit's API-key header."""
        return {"X-Kit-Api-Key": values[KEY]}

    def body(self, draft: Draft, *, send_at: str | None = None) -> dict[str, Any]:
        """Return the whole broadcast: Kit's update takes every field."""
        segment = number(draft.target.list, service=self.name, field="list")
        return {
            "subject": draft.subject,
            "preview_text": draft.preheader,
            "description": draft.name,
            "content": draft.html,
            "public": False,
            "send_at": send_at,
            "email_address": draft.from_email,
            "subscriber_filter": [{"all": [{"type": "segment", "ids": [segment]}]}],
        }

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a broadcast, its state read from send_at: none, future or past."""
        send_at = data.get("send_at")
        if not send_at:
            state, status = "draft", "draft"
        elif _parse(send_at) > (self.now or dt.datetime.now(dt.timezone.utc)):
            state, status = "scheduled", "scheduled"
        else:
            state, status = "sent", "sent"
        return Remote(
            id=text_id(data["id"]),
            state=state,  # type: ignore[arg-type]
            status=status,
            name=str(data.get("description") or ""),
            scheduled_at=send_at if state == "scheduled" else None,
            html=data.get("content"),
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /v4/broadcasts/{id}."""
        reply = self.client.get(f"/broadcasts/{remote_id}")
        return None if reply is None else self.remote(reply["broadcast"])

    def listing(self) -> Iterator[Remote]:
        """GET /v4/broadcasts, cursor by cursor."""
        params: dict[str, Any] = {"per_page": 500}
        while True:
            reply = self.client.get("/broadcasts", params=params) or {}
            yield from (self.remote(item) for item in reply.get("broadcasts") or [])
            page = reply.get("pagination") or {}
            if not page.get("has_next_page"):
                return
            params = {"per_page": 500, "after": page.get("end_cursor")}

    def create(self, draft: Draft) -> str:
        """POST /v4/broadcasts with send_at null."""
        reply = self.client.call("POST", "/broadcasts", body=self.body(draft), creates=True)
        return text_id(reply["broadcast"]["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PUT /v4/broadcasts/{id} with every field, send_at still null."""
        self.client.call("PUT", f"/broadcasts/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """PUT the broadcast with its send_at."""
        body = self.body(draft, send_at=utc_text(when))
        self.client.call("PUT", f"/broadcasts/{remote_id}", body=body)


def _parse(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
