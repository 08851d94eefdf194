"""Test sends against a real SMTP server (aiosmtpd) on 127.0.0.1, with STARTTLS and AUTH."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from newsletter.commands.build import build
from newsletter.delivery.send import (
    PASSWORD_ENV,
    SendFailed,
    Server,
    deliver,
    prepare_message,
    send_issue,
)
from newsletter.errors import ContentError
from tests.support import EXAMPLE_SLUG, edit_settings, issue_data, run_cli, write_issue

USER = "editor"
PASSWORD = "s3cret-Pa55word-for-tests"
SENDER = "newsletter@millbrookweekly.example"
ONE_CLICK_URL = "https://www.millbrookweekly.example/newsletter/one-click?list=weekly"
SINGLE = (
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Reply-To",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
)


# -- a real SMTP server --------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    mail_options: list[str]


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses chosen recipients."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.refuse = set(refuse)
        self.received: list[Received] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.content,
                list(envelope.mail_options),
            )
        )
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class Tls:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """Generate a self-signed certificate for 127.0.0.1 and localhost."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    paths = Tls(folder / "cert.pem", folder / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


StartServer = Callable[..., tuple[int, Mailbox]]


@pytest.fixture
def smtp_server(tls: Tls) -> Iterator[StartServer]:
    """Start aiosmtpd servers: STARTTLS with AUTH (default), implicit TLS, or plain."""
    controllers: list[Controller] = []

    def start(mode: str = "starttls", *, refuse: tuple[str, ...] = ()) -> tuple[int, Mailbox]:
        mailbox = Mailbox(refuse)
        options: dict[str, object] = {}
        if mode == "starttls":
            options = {
                "tls_context": tls.server_context(),
                "require_starttls": True,
                "authenticator": authenticate,
                "auth_required": True,
            }
        elif mode == "ssl":
            # aiosmtpd only knows STARTTLS as TLS; on an implicit TLS port it must be told
            # that AUTH is allowed.
            options = {
                "ssl_context": tls.server_context(),
                "authenticator": authenticate,
                "auth_require_tls": False,
            }
        port = free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return port, mailbox

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A socket that accepts connections (in its backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener


def assert_never_connected(listener: socket.socket) -> None:
    listener.setblocking(False)
    with pytest.raises(BlockingIOError):
        listener.accept()


def configure(site: Path, port: int, **smtp: object) -> None:
    edit_settings(
        site,
        smtp={"host": "127.0.0.1", "port": port, "user": USER, "timeout": 5, **smtp},
        list_unsubscribe_url=ONE_CLICK_URL,
        list_unsubscribe_mailto="unsubscribe@millbrookweekly.example",
        list_id="weekly.millbrookweekly.example",
    )


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- through the real command line ---------------------------------------------------


def test_send_over_starttls_with_auth_matches_the_build(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, mailbox = smtp_server()
    configure(site, port)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    build(site, slugs=[EXAMPLE_SLUG])
    before = snapshot(site / "out") | snapshot(site / "content")

    result = run_cli(
        "send", EXAMPLE_SLUG, "--to", "ana@example.org", "--to", "bo@example.net", root=site
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"sent {EXAMPLE_SLUG} to ana@example.org, bo@example.net via "
        f"127.0.0.1:{port} (starttls, user {USER})"
    )
    assert PASSWORD not in result.stdout + result.stderr
    assert snapshot(site / "out") | snapshot(site / "content") == before

    (got,) = mailbox.received
    assert got.mail_from == SENDER
    assert got.rcpt_tos == ["ana@example.org", "bo@example.net"]
    assert "BODY=8BITMIME" in got.mail_options or got.content.isascii()
    out = site / "out" / EXAMPLE_SLUG
    eml = (out / "email.eml").read_bytes()
    # Everything after the headers is the built message, byte for byte.
    assert got.content.partition(b"\r\n\r\n")[2].rstrip(b"\r\n") == eml.partition(b"\r\n\r\n")[
        2
    ].rstrip(b"\r\n")

    sent, built = parse(got.content), parse(eml)
    text, html = sent.iter_parts()
    assert text.get_content().replace("\r\n", "\n") == (out / "email.txt").read_text("utf-8")
    assert html.get_content().replace("\r\n", "\n") == (out / "email.html").read_text("utf-8")
    assert b"*|UNSUB|*" in got.content and b"*|FNAME|*" in got.content
    assert sent["Subject"] == "[TEST] " + built["Subject"]
    assert sent["To"] == "ana@example.org, bo@example.net"
    assert sent["Message-ID"] != built["Message-ID"]
    assert sent["Message-ID"].endswith("@millbrookweekly.example>")
    assert sent["Date"] != built["Date"]
    assert abs(sent["Date"].datetime - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(hours=1)
    for name in ("From", "Reply-To", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert sent[name] == built[name], name
    assert sent["List-Unsubscribe"] == (
        f"<{ONE_CLICK_URL}>, <mailto:unsubscribe@millbrookweekly.example?subject=unsubscribe>"
    )
    for name in SINGLE:
        assert len(sent.get_all(name)) == 1, name


def test_wrong_password_is_one_line_without_the_password(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, mailbox = smtp_server()
    configure(site, port)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    monkeypatch.setenv(PASSWORD_ENV, "wrong-" + PASSWORD)
    result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", root=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: 127.0.0.1:{port} refused the login of {USER}: 535 5.7.8 "
        "Authentication credentials invalid"
    ]
    assert PASSWORD not in result.stdout + result.stderr
    assert mailbox.received == []


def test_closed_port_is_connection_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as held:
        # Bound but not listening: connections are refused while it is held, and no
        # other test can take the port meanwhile.
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        configure(site, port)
        monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
        result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", root=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: could not connect to 127.0.0.1:{port}: connection refused"
    ]


def test_server_that_never_answers_times_out(
    site: Path, silent_server: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, silent_server.getsockname()[1])
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", "--timeout", "1", root=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: 127.0.0.1:{silent_server.getsockname()[1]} did not answer within 1 s"
    ]


def test_bad_address_is_refused_before_connecting(
    site: Path, silent_server: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, silent_server.getsockname()[1])
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", "--to", "bo@", root=site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: --to: 'bo@' is not an email address"]
    assert_never_connected(silent_server)


def test_display_name_address_is_refused_before_connecting(
    site: Path, silent_server: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, silent_server.getsockname()[1])
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    result = run_cli("send", EXAMPLE_SLUG, "--to", "Eve <eve@example.org>", root=site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: --to: 'Eve <eve@example.org>': give a bare address, e.g. eve@example.org"
    ]
    assert_never_connected(silent_server)


def test_non_ascii_password_is_refused_without_quoting_it(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = "pässwörd-ñ-42"
    port, mailbox = smtp_server()
    configure(site, port)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    monkeypatch.setenv(PASSWORD_ENV, password)
    result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", root=site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {PASSWORD_ENV}: has characters other than ASCII, which SMTP login cannot "
        "send; use an ASCII password"
    ]
    printed = result.stdout + result.stderr
    for secret in (password, "ä", "ö", "ñ", "position"):
        assert secret not in printed
    assert mailbox.received == []


def test_send_builds_in_memory_and_writes_nothing(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, mailbox = smtp_server()
    configure(site, port)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    content = snapshot(site / "content")
    for extra in ((), ("--dry-run",)):
        result = run_cli("send", EXAMPLE_SLUG, "--to", "ana@example.org", *extra, root=site)
        assert result.returncode == 0, result.stderr
    assert not (site / "out").exists()
    assert snapshot(site / "content") == content

    # An existing build stays byte for byte (and untouched) though the content changed.
    build(site, slugs=[EXAMPLE_SLUG])
    data, body = issue_data(site)
    write_issue(site, {**data, "subject": "A subject the build has not seen"}, body)
    before = snapshot(site / "out") | snapshot(site / "content")
    send(site, ["bo@example.net"])
    assert snapshot(site / "out") | snapshot(site / "content") == before
    assert (
        parse(mailbox.received[-1].content)["Subject"] == "[TEST] A subject the build has not seen"
    )


# -- in process: the other outcomes ----------------------------------------------------


def send(
    site: Path,
    to: list[str],
    *,
    env: dict[str, str] | None = None,
    dry_run: bool = False,
    **overrides: object,
) -> list[str]:
    lines: list[str] = []
    send_issue(
        site,
        EXAMPLE_SLUG,
        to=to,
        overrides=overrides,
        subject_prefix=None,
        dry_run=dry_run,
        env={PASSWORD_ENV: PASSWORD} if env is None else env,
        echo=lines.append,
    )
    return lines


def server(port: int, security: str = "starttls", user: str | None = USER) -> Server:
    return Server("127.0.0.1", port, security, user, timeout=5)


def message(site: Path) -> bytes:
    build(site, slugs=[EXAMPLE_SLUG])
    eml = (site / "out" / EXAMPLE_SLUG / "email.eml").read_bytes()
    return prepare_message(
        eml, to=["ana@example.org"], subject_prefix="", domain="millbrookweekly.example"
    )


def test_partial_acceptance_names_the_accepted_recipients(
    site: Path, smtp_server: StartServer, tls: Tls
) -> None:
    port, mailbox = smtp_server(refuse=("nobody@example.org",))
    with pytest.raises(SendFailed) as failure:
        deliver(
            message(site),
            sender=SENDER,
            recipients=["ana@example.org", "nobody@example.org"],
            server=server(port),
            password=PASSWORD,
            context=tls.client_context(),
        )
    assert str(failure.value) == (
        f"sent only to ana@example.org; 127.0.0.1:{port} refused nobody@example.org "
        "(550 5.1.1 No such mailbox here)"
    )
    assert [r.rcpt_tos for r in mailbox.received] == [["ana@example.org"]]


def test_every_recipient_refused(site: Path, smtp_server: StartServer, tls: Tls) -> None:
    port, mailbox = smtp_server(refuse=("nobody@example.org",))
    with pytest.raises(SendFailed, match=r"refused every recipient: nobody@example.org \(550"):
        deliver(
            message(site),
            sender=SENDER,
            recipients=["nobody@example.org"],
            server=server(port),
            password=PASSWORD,
            context=tls.client_context(),
        )
    assert mailbox.received == []


def test_addresses_are_normalised_for_envelope_and_header(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, mailbox = smtp_server()
    configure(site, port)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    lines = send(site, [" ana@Example.ORG "])
    assert lines[-1].startswith(f"sent {EXAMPLE_SLUG} to ana@example.org via ")
    (got,) = mailbox.received
    assert got.rcpt_tos == ["ana@example.org"]
    assert parse(got.content)["To"] == "ana@example.org"


def test_non_ascii_password_or_sender_fails_in_one_line_without_the_password(
    site: Path, smtp_server: StartServer, tls: Tls
) -> None:
    password = "pässwörd-ñ-42"
    port, mailbox = smtp_server()
    with pytest.raises(SendFailed) as failure:
        deliver(
            message(site),
            sender=SENDER,
            recipients=["ana@example.org"],
            server=server(port),
            password=password,
            context=tls.client_context(),
        )
    text = str(failure.value)
    assert text == (
        f"127.0.0.1:{port}: the login name or password of {USER} has characters "
        "other than ASCII, which SMTP login cannot send"
    )
    port, plain = smtp_server("plain")
    with pytest.raises(SendFailed) as failure:
        deliver(
            message(site),
            sender="jürgen@millbrookweekly.example",
            recipients=["ana@example.org"],
            server=server(port, "none", user=None),
            password=None,
        )
    assert str(failure.value) == (
        f"SMTP session with 127.0.0.1:{port} failed: the sender or a recipient address has "
        "characters other than ASCII; use ASCII addresses"
    )
    assert mailbox.received == plain.received == []


def test_starttls_required_but_not_offered(site: Path, smtp_server: StartServer) -> None:
    port, mailbox = smtp_server("plain")
    with pytest.raises(SendFailed, match="does not offer STARTTLS"):
        deliver(
            message(site),
            sender=SENDER,
            recipients=["ana@example.org"],
            server=server(port),
            password=PASSWORD,
        )
    assert mailbox.received == []


def test_ssl_against_a_plain_server_is_a_tls_failure(site: Path, smtp_server: StartServer) -> None:
    port, _ = smtp_server("plain")
    with pytest.raises(SendFailed, match=rf"^TLS failed with 127\.0\.0\.1:{port}: "):
        deliver(
            message(site),
            sender=SENDER,
            recipients=["ana@example.org"],
            server=server(port, "ssl"),
            password=PASSWORD,
        )


def test_untrusted_certificate_is_a_tls_failure(site: Path, smtp_server: StartServer) -> None:
    port, mailbox = smtp_server()
    with pytest.raises(SendFailed, match=r"TLS failed .*certificate not trusted"):
        deliver(
            message(site),
            sender=SENDER,
            recipients=["ana@example.org"],
            server=server(port),
            password=PASSWORD,
            context=ssl.create_default_context(),
        )
    assert mailbox.received == []


def test_implicit_tls_and_plain_servers_deliver(
    site: Path, smtp_server: StartServer, tls: Tls
) -> None:
    raw = message(site)
    port, mailbox = smtp_server("ssl")
    assert deliver(
        raw,
        sender=SENDER,
        recipients=["ana@example.org"],
        server=server(port, "ssl"),
        password=PASSWORD,
        context=tls.client_context(),
    ) == ["ana@example.org"]
    port, plain = smtp_server("plain")
    assert deliver(
        raw,
        sender=SENDER,
        recipients=["bo@example.net"],
        server=server(port, "none", user=None),
        password=None,
    ) == ["bo@example.net"]
    for box in (mailbox, plain):
        (got,) = box.received
        assert got.content.partition(b"\r\n\r\n")[2].rstrip(b"\r\n") == raw.partition(b"\r\n\r\n")[
            2
        ].rstrip(b"\r\n")


def test_dry_run_prints_envelope_and_headers_without_connecting(
    site: Path, silent_server: socket.socket
) -> None:
    configure(site, silent_server.getsockname()[1])
    lines = send(site, ["ana@example.org"], env={}, dry_run=True)
    printed = "\n".join(lines)
    assert printed.startswith(
        "dry run: nothing sent\n"
        f"server: 127.0.0.1:{silent_server.getsockname()[1]} "
        f"(starttls, user {USER})\n"
        f"MAIL FROM:<{SENDER}>\nRCPT TO:<ana@example.org>\n"
    )
    assert "\nSubject: [TEST] Mill Lane bridge reopens" in printed
    assert "\nList-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    assert "<html" not in printed
    assert_never_connected(silent_server)


def test_missing_password_and_cleartext_login_are_refused_before_connecting(
    site: Path, silent_server: socket.socket
) -> None:
    configure(site, silent_server.getsockname()[1])
    with pytest.raises(ContentError, match=PASSWORD_ENV):
        send(site, ["ana@example.org"], env={})
    with pytest.raises(ContentError, match="unencrypted"):
        send(site, ["ana@example.org"], security="none", host="smtp.example.org")
    assert_never_connected(silent_server)


def test_flags_override_settings(
    site: Path, smtp_server: StartServer, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, mailbox = smtp_server()
    configure(site, 1, user="someone-else")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))
    lines = send(site, ["ana@example.org"], port=port, user=USER)
    assert lines[-1].endswith(f"via 127.0.0.1:{port} (starttls, user {USER})")
    assert len(mailbox.received) == 1


def test_test_message_replaces_only_to_date_message_id_and_subject() -> None:
    eml = (
        b"Subject: =?utf-8?q?Caf=C3=A9_news?=\r\nFrom: A <a@example.org>\r\n"
        b"To: old@example.org\r\nBcc: hidden@example.org\r\n"
        b"Date: Fri, 05 Jun 2026 08:00:00 +0000\r\nMessage-ID: <x@example.org>\r\n"
        b"X-Folded: one\r\n two\r\nMIME-Version: 1.0\r\n\r\nbody \xc3\xa9\r\n"
    )
    raw = prepare_message(
        eml, to=["ana@example.org"], subject_prefix="[PRÜFUNG] ", domain="example.org"
    )
    head, _, body = raw.partition(b"\r\n\r\n")
    assert body == b"body \xc3\xa9\r\n"
    assert head.isascii()
    assert b"From: A <a@example.org>\r\nX-Folded: one\r\n two\r\nMIME-Version: 1.0" in head
    sent = parse(raw)
    assert sent["Subject"] == "[PRÜFUNG] Café news"
    assert sent["To"] == "ana@example.org"
    assert sent["Bcc"] is None and b"hidden" not in raw
    assert sent["Message-ID"] != "<x@example.org>"
    assert sent["Message-ID"].endswith("@example.org>")
    for name in ("Subject", "To", "Date", "Message-ID", "From"):
        assert len(sent.get_all(name)) == 1
