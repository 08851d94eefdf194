"""Assemble the multipart/alternative MIME message from the text and HTML versions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from newsletter.models import Issue, Settings

# The Date header of a built message: the issue date at this hour (UTC).
SEND_HOUR = 8
ONE_CLICK = "List-Unsubscribe=One-Click"
# Header values set raw (List-Unsubscribe) are written as given: refolding would turn a
# long URL into RFC 2047 encoded words, which no client reads as a URL.
_POLICY = policy.SMTP.clone(refold_source="none")
_PLAIN_PHRASE = re.compile(r"^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]+$")


def build_message(*, settings: Settings, issue: Issue, slug: str, html: str, text: str) -> bytes:
    """Return the message as bytes: text part first, HTML last (the preferred one)."""
    digest = hashlib.sha256(f"{slug}\0{issue.subject}\0{text}\0{html}".encode()).hexdigest()
    sender = settings.sender
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = issue.subject
    msg["From"] = Address(sender.name, addr_spec=sender.email)
    if settings.reply_to:
        msg["Reply-To"] = settings.reply_to
    when = dt.datetime.combine(issue.date, dt.time(SEND_HOUR), tzinfo=dt.timezone.utc)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{slug}.{digest[:20]}@{sender_domain(settings)}>"
    msg["MIME-Version"] = "1.0"
    add_list_headers(msg, settings)
    # 8bit keeps merge tags byte-for-byte in the message (quoted-printable could split
    # one across a soft line break); every line is far below SMTP's 998 limit.
    msg.set_content(text, subtype="plain", charset="utf-8", cte=_cte(text))
    msg.add_alternative(html, subtype="html", charset="utf-8", cte=_cte(html))
    msg.set_boundary(f"=_newsletter_{digest[20:44]}")
    return msg.as_bytes()


def sender_domain(settings: Settings) -> str:
    """Return the domain of the sending address, the right side of every Message-ID."""
    return settings.sender.email.rsplit("@", 1)[1]


def list_headers(settings: Settings, *, folded: bool = False) -> dict[str, str]:
    """Return the List-Id and unsubscribe headers the settings ask for, in ASCII.

    List-Unsubscribe-Post (RFC 8058 one-click) goes with an https URL only; a mailto
    alone gets List-Unsubscribe without it. Folded values break lines between URIs and
    encoded words only, never inside a URL.
    """
    join = "\n " if folded else " "
    headers: dict[str, str] = {}
    if settings.list_id:
        headers["List-Id"] = f"{_phrase(settings.name, join=join)}{join}<{settings.list_id}>"
    targets = []
    if settings.list_unsubscribe_url:
        targets.append(f"<{settings.list_unsubscribe_url}>")
    if settings.list_unsubscribe_mailto:
        targets.append(f"<mailto:{settings.list_unsubscribe_mailto}?subject=unsubscribe>")
    if targets:
        headers["List-Unsubscribe"] = f",{join}".join(targets)
    if settings.list_unsubscribe_url:
        headers["List-Unsubscribe-Post"] = ONE_CLICK
    return headers


def add_list_headers(msg: EmailMessage, settings: Settings) -> None:
    """Add the list headers to a message exactly as :func:`list_headers` folds them."""
    for name, value in list_headers(settings, folded=True).items():
        msg.set_raw(name, value)


def _phrase(name: str, *, join: str) -> str:
    """Write a display name as a header phrase: plain, quoted or RFC 2047 encoded."""
    if not name.isascii():
        return Header(name, "utf-8").encode(linesep="\n").replace("\n ", join)
    if _PLAIN_PHRASE.fullmatch(name):
        return name
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _cte(body: str) -> str:
    if body.isascii():
        return "7bit"
    return "8bit" if max(map(len, body.splitlines()), default=0) <= 900 else "quoted-printable"
