"""listmonk, self-hosted: campaigns API (knadh/listmonk docs/docs/content/apis/campaigns.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from email.utils import formataddr
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, number, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text
from newsletter.services import campaign_tags

# internal/models/campaigns.go: draft, scheduled, running, paused, cancelled, finished.
_STATES: dict[str, State] = {"draft": "draft", "scheduled": "scheduled", "finished": "sent"}


class Listmonk(Adapter):
    """POST/PUT /api/campaigns; scheduled by send_at plus a status change."""

    name = "listmonk"
    credentials = ("NEWSLETTER_LISTMONK_USER", "NEWSLETTER_LISTMONK_TOKEN")
    default_url = None
    can_unschedule = True

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return listmonk's API-user header: ``token user:token``."""
        user, token = (values[name] for name in cls.credentials)
        return {"Authorization": f"token {user}:{token}"}

    @classmethod
    def api_root(cls, base: str, values: Mapping[str, str]) -> str:
        """Return the server's /api address."""
        base = base.rstrip("/")
        return base if base.endswith("/api") else f"{base}/api"

    def body(self, draft: Draft) -> dict[str, Any]:
        """Return the campaign fields; listmonk has no preheader field (it is in the HTML)."""
        body: dict[str, Any] = {
            "name": draft.name,
            "subject": draft.subject,
            "lists": [number(draft.target.list, service=self.name, field="list")],
            "from_email": formataddr((draft.from_name, draft.from_email)),
            "type": "regular",
            "content_type": "html",
            "body": draft.html,
            "altbody": draft.text,
            "messenger": "email",
            "tags": campaign_tags(draft.slug, draft.edition),
        }
        if draft.reply_to:
            body["headers"] = [{"Reply-To": draft.reply_to}]
        return body

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return a campaign from listmonk's reply."""
        status = str(data.get("status", ""))
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str(data.get("name", "")),
            scheduled_at=data.get("send_at") if status == "scheduled" else None,
            html=data.get("body"),
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /api/campaigns/{id}."""
        reply = self.client.get(f"/campaigns/{remote_id}")
        return None if reply is None else self.remote(reply["data"])

    def listing(self) -> Iterator[Remote]:
        """GET /api/campaigns, page by page, newest first."""
        page = 1
        while True:
            reply = self.client.get("/campaigns", params={"page": page, "per_page": 100})
            data = reply["data"] if reply else {}
            results = data.get("results") or []
            yield from (self.remote(item) for item in results)
            if not results or page * 100 >= int(data.get("total", 0)):
                return
            page += 1

    def create(self, draft: Draft) -> str:
        """POST /api/campaigns; listmonk creates campaigns as drafts."""
        reply = self.client.call("POST", "/campaigns", body=self.body(draft), creates=True)
        return text_id(reply["data"]["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PUT /api/campaigns/{id} with every field."""
        self.client.call("PUT", f"/campaigns/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """Set send_at, then the status scheduled."""
        self.client.call(
            "PUT", f"/campaigns/{remote_id}", body={**self.body(draft), "send_at": utc_text(when)}
        )
        self.client.call("PUT", f"/campaigns/{remote_id}/status", body={"status": "scheduled"})

    def unschedule(self, remote_id: str) -> None:
        """Put the status back to draft."""
        self.client.call("PUT", f"/campaigns/{remote_id}/status", body={"status": "draft"})
