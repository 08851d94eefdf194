"""Publish an issue as a draft campaign at a mailing service: plan, apply, sync, never twice.

``core`` plans and applies; ``adapters`` holds one small module per service; ``ledger``
keeps published.json; ``http`` is the one client, with retries and redaction.
"""

from __future__ import annotations

from newsletter.delivery.publish.core import Done, Options, Step, publish, sync
from newsletter.delivery.publish.http import RetryPolicy

__all__ = ["Done", "Options", "RetryPolicy", "Step", "publish", "sync"]
