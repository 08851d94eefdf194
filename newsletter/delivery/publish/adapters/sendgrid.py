"""SendGrid Marketing Campaigns Single Sends (twilio/sendgrid-oai tsg_mc_singlesends_v3.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, number, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text

_STATES: dict[str, State] = {"draft": "draft", "scheduled": "scheduled", "triggered": "sent"}
KEY = "NEWSLETTER_SENDGRID_KEY"
_PATH = "/v3/marketing/singlesends"


class Sendgrid(Adapter):
    """A Single Send is always created as a draft; it is sent only by scheduling it."""

    name = "sendgrid"
    credentials = (KEY,)
    default_url = "https://api.sendgrid.com"

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return the Bearer API key."""
        return {"Authorization": f"Bearer {values[KEY]}"}

    def body(self, draft: Draft) -> dict[str, Any]:
        """Return the Single Send: no preheader or reply-to field (they are in the HTML)."""
        target = draft.target
        config: dict[str, Any] = {
            "subject": draft.subject,
            "html_content": draft.html,
            "plain_content": draft.text,
            "generate_plain_content": False,
        }
        if target.sender_id:
            config["sender_id"] = number(target.sender_id, service=self.name, field="sender_id")
        if target.unsubscribe_group:
            config["suppression_group_id"] = number(
                target.unsubscribe_group, service=self.name, field="unsubscribe_group"
            )
        body: dict[str, Any] = {"name": draft.name, "email_config": config}
        if target.list:
            body["send_to"] = {"list_ids": [target.list]}
        return body

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a Single Send from SendGrid's reply."""
        status = str(data.get("status", ""))
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str(data.get("name", "")),
            scheduled_at=data.get("send_at") if status == "scheduled" else None,
            html=(data.get("email_config") or {}).get("html_content"),
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /v3/marketing/singlesends/{id}."""
        reply = self.client.get(f"{_PATH}/{remote_id}")
        return None if reply is None else self.remote(reply)

    def listing(self) -> Iterator[Remote]:
        """GET /v3/marketing/singlesends, page token by page token."""
        params: dict[str, Any] = {"page_size": 100}
        while True:
            reply = self.client.get(_PATH, params=params) or {}
            yield from (self.remote(item) for item in reply.get("result") or [])
            following = ((reply.get("_metadata") or {}).get("next")) or ""
            token = following.partition("page_token=")[2].partition("&")[0]
            if not token:
                return
            params = {"page_size": 100, "page_token": token}

    def create(self, draft: Draft) -> str:
        """POST /v3/marketing/singlesends."""
        reply = self.client.call("POST", _PATH, body=self.body(draft), creates=True)
        return text_id(reply["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PATCH /v3/marketing/singlesends/{id}."""
        self.client.call("PATCH", f"{_PATH}/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """PUT /v3/marketing/singlesends/{id}/schedule."""
        self.client.call("PUT", f"{_PATH}/{remote_id}/schedule", body={"send_at": utc_text(when)})
