"""No header injection, no secret echoed: test sends against a real SMTP server (aiosmtpd).

Every value bound for a header or the SMTP dialogue, from flags or settings, is refused
before any connection if it holds a line break of any kind. A server that echoes the
AUTH exchange in its refusal, in any of the usual encodings, gets no part of the
password printed, written or carried in an exception.
"""

from __future__ import annotations

import base64
import hmac
import re
import socket
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import quote

import pydantic
import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter.delivery.send import PASSWORD_ENV, SendFailed, Server, deliver
from newsletter.mail.message import build_message
from newsletter.models import Issue, Settings
from tests.support import EXAMPLE_SLUG, REPO, edit_settings, run_cli, tree_bytes

USER = "editor"
PASSWORD = "Zq7-lantern-Orchid-9041"
BREAKS = ["\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e"]
INJECTED = "Bcc: everyone@example.org"


def echoes(login: bytes, password: bytes) -> dict[str, str]:
    """Each way a server's reply may quote what it was sent."""
    plain = b"\0" + login + b"\0" + password
    return {
        "raw": password.decode(),
        "upper": password.decode().upper(),
        "base64": base64.b64encode(password).decode(),
        "base64-unpadded": base64.b64encode(password).decode().rstrip("="),
        "urlsafe": base64.urlsafe_b64encode(password).decode(),
        "plain-string": base64.b64encode(plain).decode(),
        "plain-decoded": repr(plain),
        "login-steps": f"{base64.b64encode(login).decode()} {base64.b64encode(password).decode()}",
        "offset-base64": base64.b64encode(b"pw=" + password + b";").decode(),
        "nested-base64": base64.b64encode(b"AUTH PLAIN " + base64.b64encode(plain)).decode(),
        "hex": password.hex(),
        "url": quote(b"user=" + login + b"&pass=" + password),
    }


def derived(password: str) -> list[str]:
    """Strings that must never be shown: the password, its encodings, long pieces of it."""
    raw = password.encode()
    forms = {
        password,
        base64.b64encode(raw).decode().rstrip("="),
        base64.b64encode(f"\0{USER}\0{password}".encode()).decode().rstrip("="),
        raw.hex(),
    }
    forms |= {password[i : i + 6] for i in range(len(password) - 5)}
    return sorted(forms)


def assert_nothing_derived(text: str, *extra: str) -> None:
    lowered = text.lower()
    for form in [*derived(PASSWORD), *extra]:
        assert form.lower() not in lowered, form


class EchoingAuth:
    """An authenticator that refuses every login, quoting what it got in one style."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.tried = 0

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.tried += 1
        assert isinstance(auth_data, LoginPassword)
        echo = echoes(auth_data.login, auth_data.password)[self.style]
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 Refused: {echo}")


class CramMd5Echo:
    """A handler offering only CRAM-MD5, refusing with the client's digest quoted."""

    async def auth_CRAM__MD5(self, server, args):
        challenge = b"<1896.697170952@smtp.example.org>"
        response = await server.challenge_auth(challenge)
        echo = base64.b64encode(response).decode()
        return AuthResult(success=False, handled=False, message=f"535 Refused {echo} {response!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def echo_server() -> Iterator:
    controllers: list[Controller] = []

    def start(style: str = "raw", *, mechanisms: tuple[str, ...] = ()) -> int:
        port = free_port()
        handler = CramMd5Echo() if style == "cram-md5" else object()
        options: dict[str, object] = {"auth_require_tls": False}
        if style != "cram-md5":
            options["authenticator"] = EchoingAuth(style)
        excluded = [m for m in ("LOGIN", "PLAIN") if mechanisms and m not in mechanisms]
        if style == "cram-md5":
            excluded = ["LOGIN", "PLAIN"]
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=port,
            auth_exclude_mechanism=excluded,
            **options,
        )
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


def configure(site: Path, port: int, **smtp: object) -> None:
    edit_settings(
        site,
        smtp={
            "host": "127.0.0.1",
            "port": port,
            "user": USER,
            "security": "none",
            "timeout": 5,
            **smtp,
        },
    )


STYLES = [*echoes(b"u", b"p"), "cram-md5"]


@pytest.mark.parametrize("style", STYLES)
def test_a_server_echoing_the_login_gets_nothing_of_the_password_shown(
    site: Path, echo_server, style: str
) -> None:
    port = echo_server(style)
    configure(site, port)
    result = run_cli(
        "send", EXAMPLE_SLUG, "--to", "ana@example.org", root=site, env={PASSWORD_ENV: PASSWORD}
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: 127.0.0.1:{port} refused the login")
    echo = echoes(USER.encode(), PASSWORD.encode()).get(style, "")
    assert_nothing_derived(result.stdout + result.stderr, *([echo] if echo else []))
    assert_nothing_derived(repr(tree_bytes(site / "out")))


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
@pytest.mark.parametrize("style", ["raw", "plain-string", "login-steps", "hex", "nested-base64"])
def test_the_failure_carries_no_secret_in_the_exception(
    site: Path, echo_server, style: str, mechanism: str
) -> None:
    port = echo_server(style, mechanisms=(mechanism,))
    server = Server(host="127.0.0.1", port=port, security="none", user=USER, timeout=5)
    with pytest.raises(SendFailed) as caught:
        deliver(
            b"Subject: x\r\n\r\nbody\r\n",
            sender="newsletter@millbrookweekly.example",
            recipients=["ana@example.org"],
            server=server,
            password=PASSWORD,
        )
    error = caught.value
    assert error.__context__ is None and error.__cause__ is None
    assert "\n" not in str(error)
    assert_nothing_derived(str(error) + repr(error.args))


def test_cram_md5_digest_is_not_shown(site: Path, echo_server) -> None:
    port = echo_server("cram-md5")
    configure(site, port)
    result = run_cli(
        "send", EXAMPLE_SLUG, "--to", "ana@example.org", root=site, env={PASSWORD_ENV: PASSWORD}
    )
    assert result.returncode == 1
    challenge = b"<1896.697170952@smtp.example.org>"
    digest = hmac.HMAC(PASSWORD.encode(), challenge, "md5").hexdigest()
    response = f"{USER} {digest}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert_nothing_derived(lines[0], digest, base64.b64encode(response.encode()).decode()[:-4])


# -- header injection ------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port that would accept a connection; the tests check that none was made."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield sock


def assert_never_connected(sock: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        sock.accept()


@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b[-1]):04X}" for b in BREAKS])
@pytest.mark.parametrize("flag", ["--subject-prefix", "--smtp-user", "--smtp-host"])
def test_line_breaks_in_flags_are_refused_before_connecting(
    site: Path, listener: socket.socket, flag: str, brk: str
) -> None:
    configure(site, listener.getsockname()[1])
    value = f"x{brk}{INJECTED}"
    for dry_run in ([], ["--dry-run"]):
        result = run_cli(
            "send",
            EXAMPLE_SLUG,
            "--to",
            "ana@example.org",
            flag,
            value,
            *dry_run,
            root=site,
            env={PASSWORD_ENV: PASSWORD},
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {flag}: ")
        assert "Bcc" not in result.stdout
    assert_never_connected(listener)


SETTINGS_CASES = [
    ("smtp.test_subject_prefix", lambda v: {"smtp": {"test_subject_prefix": v}}),
    ("smtp.user", lambda v: {"smtp": {"user": v}}),
    ("smtp.host", lambda v: {"smtp": {"host": v}}),
    ("sender.name", lambda v: {"sender": {"name": v, "email": "a@millbrookweekly.example"}}),
    ("name", lambda v: {"name": v}),
]


@pytest.mark.parametrize("brk", ["\r\n", "\u2028", "\x85"], ids=["CRLF", "U+2028", "U+0085"])
@pytest.mark.parametrize(("field", "change"), SETTINGS_CASES, ids=[c[0] for c in SETTINGS_CASES])
def test_line_breaks_in_header_bound_settings_are_refused(
    site: Path, listener: socket.socket, field: str, change, brk: str
) -> None:
    configure(site, listener.getsockname()[1])
    path = site / "content" / "newsletter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in change(f"Weekly{brk}{INJECTED}").items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for command in (["send", "--dry-run"], ["send"], ["build"]):
        if command == ["build"] and field.startswith("smtp."):
            continue
        result = run_cli(
            command[0],
            EXAMPLE_SLUG,
            *(["--to", "ana@example.org"] if command[0] == "send" else []),
            *command[1:],
            root=site,
            env={PASSWORD_ENV: PASSWORD},
        )
        assert result.returncode == 2, (command, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("error: content/newsletter.yaml:"), lines[0]
        assert f": {field}: " in lines[0], lines[0]
        assert "Bcc" not in result.stdout
    assert_never_connected(listener)
    assert not (site / "out").exists()


def test_a_clean_prefix_still_works_in_a_dry_run(site: Path) -> None:
    result = run_cli(
        "send",
        EXAMPLE_SLUG,
        "--to",
        "ana@example.org",
        "--dry-run",
        "--subject-prefix",
        "[T] ",
        root=site,
    )
    assert result.returncode == 0, result.stderr
    assert "Subject: [T] Mill Lane bridge reopens" in result.stdout


# -- property: no text in a header-bound field ever makes a header line break -------

EXAMPLE_SETTINGS = yaml.safe_load((REPO / "content" / "newsletter.yaml").read_text("utf-8"))
HEADERS = ["Subject", "From", "Reply-To", "Date", "Message-ID", "MIME-Version", "List-Id"]
HEADERS += ["Content-Type"]
BASE_ISSUE = {
    "subject": "s",
    "preheader": "p",
    "date": "2026-06-05",
    "blocks": [{"type": "divider"}],
}


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    subject=st.text(min_size=1, max_size=80),
    name=st.text(min_size=1, max_size=40),
    preheader=st.text(min_size=1, max_size=40),
)
def test_arbitrary_header_text_is_refused_or_stays_in_its_header(
    subject: str, name: str, preheader: str
) -> None:
    raw = dict(EXAMPLE_SETTINGS)
    raw["name"] = name
    raw["sender"] = {"name": name, "email": "a@millbrookweekly.example"}
    raw["list_id"] = "weekly.millbrookweekly.example"
    try:
        settings_model = Settings.model_validate(raw)
        issue = Issue.model_validate({**BASE_ISSUE, "subject": subject, "preheader": preheader})
    except pydantic.ValidationError:
        return
    eml = build_message(settings=settings_model, issue=issue, slug="x", html="<p>x</p>", text="x")
    head = eml.partition(b"\r\n\r\n")[0].decode("ascii")
    names = [line.split(":", 1)[0] for line in head.split("\r\n") if not line[:1].isspace()]
    assert sorted(names) == sorted(
        [
            "Subject",
            "From",
            "Reply-To",
            "Date",
            "Message-ID",
            "MIME-Version",
            "List-Id",
            "Content-Type",
        ]
    ), names
    message = BytesParser(policy=policy.default).parsebytes(eml)
    assert spaced(str(message["Subject"])) == spaced(issue.subject)
    # One mailbox, the sender's; the display name's spelling is the email package's.
    [sender] = message["From"].addresses
    assert sender.addr_spec == settings_model.sender.email


def spaced(text: str) -> str:
    """Compare header text as mail clients show it: runs of spaces are one."""
    return re.sub(" +", " ", text).strip(" ")
