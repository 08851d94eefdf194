"""Resend broadcasts (resend/resend-openapi resend.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from email.utils import formataddr
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text

# resend-node broadcast.ts: draft, queued, sent; scheduled and canceled since the cancel API.
_STATES: dict[str, State] = {"draft": "draft", "scheduled": "scheduled", "sent": "sent"}
KEY = "NEWSLETTER_RESEND_KEY"


class Resend(Adapter):
    """POST /broadcasts without ``send``: a draft."""

    name = "resend"
    credentials = (KEY,)
    default_url = "https://api.resend.com"

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return the Bearer API key."""
        return {"Authorization": f"Bearer {values[KEY]}"}

    def body(self, draft: Draft) -> dict[str, Any]:
        """Return the broadcast's fields."""
        body: dict[str, Any] = {
            "segment_id": draft.target.list,
            "from": formataddr((draft.from_name, draft.from_email)),
            "subject": draft.subject,
            "name": draft.name,
            "preview_text": draft.preheader,
            "html": draft.html,
            "text": draft.text,
        }
        if draft.reply_to:
            body["reply_to"] = [draft.reply_to]
        return body

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a broadcast from Resend's reply."""
        status = str(data.get("status", ""))
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str(data.get("name") or ""),
            scheduled_at=data.get("scheduled_at") if status == "scheduled" else None,
            html=data.get("html"),
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /broadcasts/{id}."""
        reply = self.client.get(f"/broadcasts/{remote_id}")
        return None if reply is None else self.remote(reply)

    def listing(self) -> Iterator[Remote]:
        """GET /broadcasts, 100 at a time."""
        params: dict[str, Any] = {"limit": 100}
        while True:
            reply = self.client.get("/broadcasts", params=params) or {}
            data = reply.get("data") or []
            yield from (self.remote(item) for item in data)
            if not reply.get("has_more") or not data:
                return
            params = {"limit": 100, "after": data[-1]["id"]}

    def create(self, draft: Draft) -> str:
        """POST /broadcasts."""
        reply = self.client.call("POST", "/broadcasts", body=self.body(draft), creates=True)
        return text_id(reply["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PATCH /broadcasts/{id}."""
        self.client.call("PATCH", f"/broadcasts/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """POST /broadcasts/{id}/send with scheduled_at."""
        body = {"scheduled_at": utc_text(when)}
        self.client.call("POST", f"/broadcasts/{remote_id}/send", body=body)
