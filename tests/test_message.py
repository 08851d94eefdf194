"""The MIME message: a standard multipart/alternative that matches the built files."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from newsletter.commands.build import build
from tests.support import EXAMPLE_SLUG, edit_settings


def parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_message_parts_equal_the_built_files(site: Path) -> None:
    build(site)
    out = site / "out" / EXAMPLE_SLUG
    message = parse(out / "email.eml")
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    # MIME text is in canonical CRLF form (RFC 2046); the files use the platform's LF.
    text, page = (p.get_content().replace("\r\n", "\n") for p in parts)
    assert text == (out / "email.txt").read_text(encoding="utf-8")
    assert page == (out / "email.html").read_text(encoding="utf-8")


def test_message_headers(site: Path) -> None:
    build(site)
    message = parse(site / "out" / EXAMPLE_SLUG / "email.eml")
    assert message["Subject"] == "Mill Lane bridge reopens, and a summer of free swims"
    assert message["From"] == "The Millbrook Weekly <newsletter@millbrookweekly.example>"
    assert message["Reply-To"] == "editor@millbrookweekly.example"
    assert message["MIME-Version"] == "1.0"
    assert message["Date"].datetime.date().isoformat() == EXAMPLE_SLUG
    assert message["Message-ID"].endswith("@millbrookweekly.example>")
    for name in ("Subject", "From", "Date", "Message-ID", "MIME-Version"):
        assert len(message.get_all(name)) == 1


def test_message_lines_are_within_smtp_limit_and_crlf(site: Path) -> None:
    build(site)
    raw = (site / "out" / EXAMPLE_SLUG / "email.eml").read_bytes()
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 998
    assert b"\n" not in b"".join(lines)  # every line ends in CRLF


def test_non_ascii_subject_and_sender_are_encoded(site: Path) -> None:
    edit_settings(site, sender={"name": "Ŝtadŝtelo Weekly", "email": "news@example.org"})
    build(site)
    raw = (site / "out" / EXAMPLE_SLUG / "email.eml").read_bytes()
    headers = raw.split(b"\r\n\r\n")[0]
    assert headers.isascii()
    assert b"=?utf-8?" in headers
    assert (
        parse(site / "out" / EXAMPLE_SLUG / "email.eml")["From"].addresses[0].display_name
        == "Ŝtadŝtelo Weekly"
    )
