"""Editions reach the delivery commands: send --edition sends that edition's email.

Publishing per edition is tested in tests/test_publish_editions.py.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from tests.support import edit_settings, run_cli
from tests.test_editions import SLUG, copy_fixture
from tests.test_send import StartServer, smtp_server, tls  # noqa: F401 (fixtures)

TO = "ana@example.org"


def smtp_to(root: Path, port: int) -> None:
    """Point the fixture's test sends at a plain SMTP server on this machine."""
    edit_settings(root, smtp={"host": "127.0.0.1", "port": port, "security": "none", "timeout": 5})


def test_send_edition_sends_that_editions_email(
    tmp_path: Path,
    smtp_server: StartServer,  # noqa: F811
) -> None:
    copy_fixture(tmp_path)
    port, mailbox = smtp_server("plain")
    smtp_to(tmp_path, port)
    result = run_cli("send", SLUG, "--to", TO, "--edition", "cy", root=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"sent {SLUG} (cy edition) to {TO}" in result.stdout
    (got,) = mailbox.received
    message = BytesParser(policy=policy.default).parsebytes(got.content)
    assert message["Subject"].endswith("Y bont yn ailagor, a'r sioe angen gwirfoddolwyr")
    html = message.get_body(("html",)).get_content()
    assert 'lang="cy"' in html and "Eisteddfod y Fro" in html and "Dad-danysgrifio" in html
    assert "Parking charges" not in html
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ((), "has editions: name one with --edition (en, cy)"),
        (("--edition", "fr"), "no edition 'fr'; use one of en, cy"),
        (("--edition", "../en"), "no edition '../en'"),
    ],
)
def test_send_refuses_a_missing_or_unknown_edition_before_connecting(
    tmp_path: Path,
    smtp_server: StartServer,  # noqa: F811
    extra: tuple[str, ...],
    said: str,
) -> None:
    copy_fixture(tmp_path)
    port, mailbox = smtp_server("plain")
    smtp_to(tmp_path, port)
    result = run_cli("send", SLUG, "--to", TO, *extra, root=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "--edition" in lines[0], result.stderr
    assert mailbox.received == []


def test_send_edition_is_refused_for_a_newsletter_without_editions(site: Path) -> None:
    result = run_cli("send", "2026-06-05", "--to", TO, "--edition", "en", "--dry-run", root=site)
    assert result.returncode == 2
    assert "has no editions" in result.stderr and "Traceback" not in result.stderr
