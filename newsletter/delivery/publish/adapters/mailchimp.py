"""Mailchimp Marketing API v3 campaigns (mailchimp/mailchimp-marketing-python)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text

# types/Campaign.ts: save, paused, schedule, sending, sent, canceled, canceling, archived.
_STATES: dict[str, State] = {"save": "draft", "schedule": "scheduled", "sent": "sent"}
KEY = "NEWSLETTER_MAILCHIMP_KEY"


class Mailchimp(Adapter):
    """POST /campaigns, then PUT its content; a scheduled campaign is unscheduled first."""

    name = "mailchimp"
    credentials = (KEY,)
    default_url = "https://{dc}.api.mailchimp.com/3.0"
    can_unschedule = True
    quarter_hours = True

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return HTTP Basic with the key as the password, as Mailchimp's SDK sends it."""
        token = base64.b64encode(f"newsletter:{values[KEY]}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    @classmethod
    def api_root(cls, base: str, values: Mapping[str, str]) -> str:
        """Return the data centre's address: the key's suffix after the last hyphen."""
        if "{dc}" not in base:
            return base
        return base.replace("{dc}", values[KEY].rpartition("-")[2] or "us1")

    def settings(self, draft: Draft) -> dict[str, Any]:
        """Return the campaign's recipients and settings."""
        recipients: dict[str, Any] = {"list_id": draft.target.list}
        if draft.target.segment:
            recipients["segment_opts"] = {"saved_segment_id": int(draft.target.segment)}
        return {
            "recipients": recipients,
            "settings": {
                "title": draft.name,
                "subject_line": draft.subject,
                "preview_text": draft.preheader,
                "from_name": draft.from_name,
                "reply_to": draft.reply_to or draft.from_email,
            },
        }

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a campaign from Mailchimp's reply."""
        status = str(data.get("status", ""))
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str((data.get("settings") or {}).get("title", "")),
            scheduled_at=data.get("send_time") or None if status == "schedule" else None,
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /campaigns/{id}, with its HTML from /content."""
        reply = self.client.get(f"/campaigns/{remote_id}")
        if reply is None:
            return None
        content = self.client.get(f"/campaigns/{remote_id}/content") or {}
        found = self.remote(reply)
        return Remote(**{**found.__dict__, "html": content.get("html")})

    def listing(self) -> Iterator[Remote]:
        """GET /campaigns, 1000 at a time."""
        offset = 0
        while True:
            reply = self.client.get("/campaigns", params={"count": 1000, "offset": offset}) or {}
            campaigns = reply.get("campaigns") or []
            yield from (self.remote(item) for item in campaigns)
            offset += len(campaigns)
            if not campaigns or offset >= int(reply.get("total_items", 0)):
                return

    def create(self, draft: Draft) -> str:
        """POST /campaigns (a campaign in status save), then PUT its content."""
        body = {"type": "regular", **self.settings(draft)}
        reply = self.client.call("POST", "/campaigns", body=body, creates=True)
        remote_id = text_id(reply["id"])
        self.content(remote_id, draft)
        return remote_id

    def content(self, remote_id: str, draft: Draft) -> None:
        """PUT /campaigns/{id}/content: the HTML and the plain text."""
        body = {"html": draft.html, "plain_text": draft.text}
        self.client.call("PUT", f"/campaigns/{remote_id}/content", body=body)

    def update(self, remote_id: str, draft: Draft) -> None:
        """PATCH the settings, then PUT the content."""
        self.client.call("PATCH", f"/campaigns/{remote_id}", body=self.settings(draft))
        self.content(remote_id, draft)

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """POST /actions/schedule; the time is UTC on a quarter hour."""
        body = {"schedule_time": utc_text(when)}
        self.client.call("POST", f"/campaigns/{remote_id}/actions/schedule", body=body)

    def unschedule(self, remote_id: str) -> None:
        """POST /actions/unschedule: back to a draft (status save)."""
        self.client.call("POST", f"/campaigns/{remote_id}/actions/unschedule")
