"""Buttondown emails API (buttondown/docs public/openapi.json)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from newsletter.delivery.publish.adapters.base import Adapter, text_id
from newsletter.delivery.publish.model import Draft, Remote, State, utc_text
from newsletter.services import campaign_metadata

_STATES: dict[str, State] = {"draft": "draft", "scheduled": "scheduled", "sent": "sent"}
KEY = "NEWSLETTER_BUTTONDOWN_KEY"
# Buttondown reads a body as Markdown unless told it is HTML (the "fancy" editor).
_HTML_MODE = "<!-- buttondown-editor-mode: fancy -->"


class Buttondown(Adapter):
    """POST /emails with status draft: without it Buttondown sends the email at once."""

    name = "buttondown"
    credentials = (KEY,)
    default_url = "https://api.buttondown.com/v1"

    @classmethod
    def auth_headers(cls, values: Mapping[str, str]) -> dict[str, str]:
        """Return Buttondown's ``Token`` authorization."""
        return {"Authorization": f"Token {values[KEY]}"}

    def body(self, draft: Draft) -> dict[str, Any]:
        """Return the email's fields; the issue, its edition and marker go in the metadata."""
        metadata = {**campaign_metadata(draft.slug, draft.edition), "name": draft.name}
        return {
            "subject": draft.subject,
            "body": f"{_HTML_MODE}\n{draft.html}",
            "description": draft.preheader,
            "metadata": metadata,
        }

    def remote(self, data: dict[str, Any]) -> Remote:
        """Return an email from Buttondown's reply; its name is in the metadata."""
        status = str(data.get("status", ""))
        metadata = data.get("metadata") or {}
        return Remote(
            id=text_id(data["id"]),
            state=_STATES.get(status, "busy"),
            status=status,
            name=str(metadata.get("name", "")),
            scheduled_at=data.get("publish_date") if status == "scheduled" else None,
            html=str(data.get("body", "")).removeprefix(_HTML_MODE).lstrip("\n") or None,
        )

    def get(self, remote_id: str) -> Remote | None:
        """GET /emails/{id}."""
        reply = self.client.get(f"/emails/{remote_id}")
        return None if reply is None else self.remote(reply)

    def listing(self) -> Iterator[Remote]:
        """GET /emails, following ``next``."""
        page = 1
        while True:
            reply = self.client.get("/emails", params={"page": page}) or {}
            yield from (self.remote(item) for item in reply.get("results") or [])
            if not reply.get("next"):
                return
            page += 1

    def create(self, draft: Draft) -> str:
        """POST /emails as a draft, with an idempotency key made from the issue and content."""
        body = {**self.body(draft), "status": "draft"}
        key = f"newsletter-{draft.slug}-{draft.content_hash.removeprefix('sha256:')[:32]}"
        reply = self.client.call(
            "POST", "/emails", body=body, creates=True, headers={"X-Idempotency-Key": key}
        )
        return text_id(reply["id"])

    def update(self, remote_id: str, draft: Draft) -> None:
        """PATCH /emails/{id}."""
        self.client.call("PATCH", f"/emails/{remote_id}", body=self.body(draft))

    def schedule(self, remote_id: str, when: dt.datetime, draft: Draft) -> None:
        """PATCH status scheduled with a publish_date."""
        body = {"status": "scheduled", "publish_date": utc_text(when)}
        self.client.call("PATCH", f"/emails/{remote_id}", body=body)
