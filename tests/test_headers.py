"""Bulk-sender headers in email.eml: one-click unsubscribe (RFC 8058), List-Id, a clean set."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from newsletter.commands.build import build
from newsletter.errors import ContentError
from tests.support import EXAMPLE_SLUG, edit_settings

ONE_CLICK = "https://www.millbrookweekly.example/newsletter/one-click?list=weekly&id=42"
MAILTO = "unsubscribe@millbrookweekly.example"
SINGLE = (
    "Subject",
    "From",
    "Reply-To",
    "Date",
    "Message-ID",
    "MIME-Version",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
)


def built_eml(site: Path) -> bytes:
    build(site, slugs=[EXAMPLE_SLUG])
    return (site / "out" / EXAMPLE_SLUG / "email.eml").read_bytes()


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def test_one_click_headers_with_https_and_mailto(site: Path) -> None:
    edit_settings(
        site,
        list_unsubscribe_url=ONE_CLICK,
        list_unsubscribe_mailto=MAILTO,
        list_id="weekly.millbrookweekly.example",
    )
    raw = built_eml(site)
    message = parse(raw)
    assert message["List-Unsubscribe"] == f"<{ONE_CLICK}>, <mailto:{MAILTO}?subject=unsubscribe>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == "The Millbrook Weekly <weekly.millbrookweekly.example>"
    # The URL is never split or RFC 2047 encoded: clients read it as written.
    assert f"List-Unsubscribe: <{ONE_CLICK}>,\r\n".encode() in raw
    for name in SINGLE:
        assert len(message.get_all(name)) == 1, name
    assert message["To"] is None
    assert message["Message-ID"].endswith("@millbrookweekly.example>")
    assert message["Date"].datetime is not None


def test_the_message_stays_multipart_alternative_text_first(site: Path) -> None:
    edit_settings(site, list_unsubscribe_url=ONE_CLICK)
    raw = built_eml(site)
    out = site / "out" / EXAMPLE_SLUG
    message = parse(raw)
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert {text["Content-Transfer-Encoding"], html["Content-Transfer-Encoding"]} <= {
        "7bit",
        "8bit",
    }
    assert text.get_content().replace("\r\n", "\n") == (out / "email.txt").read_text("utf-8")
    assert html.get_content().replace("\r\n", "\n") == (out / "email.html").read_text("utf-8")
    assert b"*|UNSUB|*" in raw
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


def test_mailto_alone_gets_no_one_click_post(site: Path) -> None:
    edit_settings(site, list_unsubscribe_mailto=MAILTO)
    message = parse(built_eml(site))
    assert message["List-Unsubscribe"] == f"<mailto:{MAILTO}?subject=unsubscribe>"
    assert message["List-Unsubscribe-Post"] is None


def test_no_list_headers_unless_configured(site: Path) -> None:
    message = parse(built_eml(site))
    for name in ("List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert message[name] is None


def test_long_url_and_utf8_name_stay_readable(site: Path) -> None:
    url = "https://www.millbrookweekly.example/newsletter/one-click/" + "a1b2c3d4" * 15
    edit_settings(
        site,
        name="Ŝtadŝtelo: the Millbrook Weekly",
        list_unsubscribe_url=url,
        list_id="weekly.millbrookweekly.example",
        sender={"name": "Ŝtadŝtelo Weekly", "email": "news@millbrookweekly.example"},
    )
    raw = built_eml(site)
    head = raw.partition(b"\r\n\r\n")[0]
    assert head.isascii()
    assert f"<{url}>".encode() in head
    message = parse(raw)
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Id"] == "Ŝtadŝtelo: the Millbrook Weekly <weekly.millbrookweekly.example>"
    assert message["From"].addresses[0].display_name == "Ŝtadŝtelo Weekly"
    assert message["Message-ID"].endswith("@millbrookweekly.example>")


def test_builds_are_reproducible(site: Path) -> None:
    edit_settings(site, list_unsubscribe_url=ONE_CLICK, list_id="weekly.millbrookweekly.example")
    assert built_eml(site) == built_eml(site)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("list_unsubscribe_url", "http://www.millbrookweekly.example/u", "must be an https://"),
        ("list_unsubscribe_url", "https://www.millbrookweekly.example/ü", "ASCII"),
        ("list_id", "weekly", "dotted name"),
        ("list_unsubscribe_mailto", "not-an-address", "email"),
    ],
)
def test_invalid_list_settings_are_refused(
    site: Path, field: str, value: str, message: str
) -> None:
    edit_settings(site, **{field: value})
    with pytest.raises(ContentError) as error:
        build(site)
    (problem,) = error.value.problems
    assert problem.field == field
    assert message in problem.message
