"""Brevo v3 email campaigns (getbrevo/brevo-python api/email_campaigns_api.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, number, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text

# models/get_email_campaign.py: draft, sent, archive, queued, suspended, in_process.
_STATES: dict[str, State] = {"draft": "draft", "queued": "scheduled", "sent": "sent"}
KEY = "NEWSLETTER_BREVO_KEY"


class Brevo(Adapter):
    """POST /emailCampaigns without scheduledAt: a draft."""

    name = "brevo"
    credentials = (KEY,)
    default_url = "https://api.brevo.com/v3"

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return Brevo's ``api-key`` header."""
        return {"api-key": values[KEY]}

    def body(self, draft: Draft) -> dict[str, Any]:
        """Return the campaign's fields; Brevo makes its own plain-text part."""
        recipients: dict[str, Any] = {
            "listIds": [number(draft.target.list, service=self.name, field="list")]
        }
        if draft.target.segment:
            recipients["segmentIds"] = [
                number(draft.target.segment, service=self.name, field="segment")
            ]
        body: dict[str, Any] = {
            "name": draft.name,
            "subject": draft.subject,
            "previewText": draft.preheader,
            "sender": {"name": draft.from_name, "email": draft.from_email},
            "htmlContent": draft.html,
            "recipients": recipients,
        }
        if draft.reply_to:
            body["replyTo"] = draft.reply_to
        return body

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a campaign from Brevo's reply."""
        status = str(data.get("status", ""))
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str(data.get("name", "")),
            scheduled_at=data.get("scheduledAt") if status == "queued" else None,
            html=data.get("htmlContent"),
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /emailCampaigns/{id}."""
        reply = self.client.get(f"/emailCampaigns/{remote_id}")
        return None if reply is None else self.remote(reply)

    def listing(self) -> Iterator[Remote]:
        """GET /emailCampaigns, 100 at a time, without their HTML."""
        offset = 0
        while True:
            params = {"limit": 100, "offset": offset, "excludeHtmlContent": "true"}
            reply = self.client.get("/emailCampaigns", params=params) or {}
            campaigns = reply.get("campaigns") or []
            yield from (self.remote(item) for item in campaigns)
            offset += len(campaigns)
            if not campaigns or offset >= int(reply.get("count", 0)):
                return

    def create(self, draft: Draft) -> str:
        """POST /emailCampaigns; the reply holds only the id."""
        reply = self.client.call("POST", "/emailCampaigns", body=self.body(draft), creates=True)
        return text_id(reply["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PUT /emailCampaigns/{id}."""
        self.client.call("PUT", f"/emailCampaigns/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """PUT scheduledAt."""
        body = {"scheduledAt": utc_text(when)}
        self.client.call("PUT", f"/emailCampaigns/{remote_id}", body=body)
