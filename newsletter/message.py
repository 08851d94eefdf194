"""Assemble the multipart/alternative MIME message from the text and HTML versions."""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from newsletter.models import Issue, Settings

# The Date header of a built message: the issue date at this hour (UTC).
SEND_HOUR = 8


def build_message(*, settings: Settings, issue: Issue, slug: str, html: str, text: str) -> bytes:
    """Return the message as bytes: text part first, HTML last (the preferred one)."""
    digest = hashlib.sha256(f"{slug}\0{issue.subject}\0{text}\0{html}".encode()).hexdigest()
    sender = settings.sender
    domain = sender.email.rsplit("@", 1)[1]
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = issue.subject
    msg["From"] = Address(sender.name, addr_spec=sender.email)
    if settings.reply_to:
        msg["Reply-To"] = settings.reply_to
    when = dt.datetime.combine(issue.date, dt.time(SEND_HOUR), tzinfo=dt.timezone.utc)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{slug}.{digest[:20]}@{domain}>"
    msg["MIME-Version"] = "1.0"
    # 8bit keeps merge tags byte-for-byte in the message (quoted-printable could split
    # one across a soft line break); every line is far below SMTP's 998 limit.
    msg.set_content(text, subtype="plain", charset="utf-8", cte=_cte(text))
    msg.add_alternative(html, subtype="html", charset="utf-8", cte=_cte(html))
    msg.set_boundary(f"=_newsletter_{digest[20:44]}")
    return msg.as_bytes()


def _cte(body: str) -> str:
    if body.isascii():
        return "7bit"
    return "8bit" if max(map(len, body.splitlines()), default=0) <= 900 else "quoted-printable"
