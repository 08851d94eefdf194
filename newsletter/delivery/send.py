"""Test sends: the built email.eml, with fresh To/Date/Message-ID, through an SMTP server.

The issue is built in memory and its body and every other header go out byte for byte
as built; content/ is only read and out/ is left alone. The password is read from the
environment and handed to the server only: no message ever quotes it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.headerregistry import HeaderRegistry
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import EmailStr, TypeAdapter, ValidationError

from newsletter.errors import ContentError, Problem
from newsletter.mail.message import sender_domain
from newsletter.models import Settings, Smtp
from newsletter.project import SETTINGS_FILE

if TYPE_CHECKING:
    from newsletter.pipeline import Newsletter

PASSWORD_ENV = "NEWSLETTER_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
# Headers a test send replaces; Bcc and Cc must never leak from a build into a test.
_REPLACED = {b"to", b"cc", b"bcc", b"date", b"message-id", b"subject"}
_HEADERS = HeaderRegistry()
_EMAIL = TypeAdapter(EmailStr)
_NO_SMTP = Smtp(host="localhost")  # the defaults, when the settings have no smtp section


class SendFailed(Exception):
    """The server could not be reached or did not take the message for every recipient."""


@dataclass(frozen=True)
class Server:
    """Where and how to connect; holds no password."""

    host: str
    port: int
    security: str
    user: str | None
    timeout: float

    def __str__(self) -> str:
        login = f", user {self.user}" if self.user else ""
        return f"{self.host}:{self.port} ({self.security}{login})"


def server_from(
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    user: str | None = None,
    timeout: float | None = None,
) -> Server:
    """Combine the settings' smtp section with command-line overrides (flags win)."""
    base = settings.smtp or _NO_SMTP
    chosen_host = host or (settings.smtp.host if settings.smtp else None)
    if not chosen_host:
        raise ContentError(
            [
                Problem(
                    SETTINGS_FILE,
                    "no SMTP server: set smtp.host or pass --smtp-host",
                    field="smtp",
                )
            ]
        )
    chosen_security = security or base.security
    return Server(
        host=chosen_host,
        port=port or base.port or DEFAULT_PORTS[chosen_security],
        security=chosen_security,
        user=user if user is not None else base.user,
        timeout=timeout or base.timeout,
    )


def check_addresses(addresses: list[str]) -> list[str]:
    """Return the recipients, normalised, if every one is a bare ASCII address, else raise."""
    problems = []
    checked = []
    for address in addresses:
        try:
            normal = _EMAIL.validate_python(address)
        except ValidationError:
            problems.append(Problem("--to", f"{address!r} is not an email address"))
            continue
        if "<" in address or ">" in address:
            # The name form is valid in a header but not in the SMTP envelope.
            problems.append(Problem("--to", f"{address!r}: give a bare address, e.g. {normal}"))
        elif not address.isascii():
            problems.append(Problem("--to", f"{address!r}: use the ASCII form of the address"))
        else:
            checked.append(normal)
    if not addresses:
        problems.append(Problem("--to", "give at least one test address"))
    if problems:
        raise ContentError(problems)
    return checked


def password_for(server: Server, env: Mapping[str, str]) -> str | None:
    """Return the password from the environment when the server needs a login, else None."""
    if not server.user:
        return None
    password = env.get(PASSWORD_ENV)
    if not password:
        raise ContentError(
            [
                Problem(
                    PASSWORD_ENV,
                    f"set this environment variable to the SMTP password of {server.user}",
                )
            ]
        )
    if not password.isascii():
        # smtplib sends logins as ASCII only; its error would quote the character.
        raise ContentError(
            [
                Problem(
                    PASSWORD_ENV,
                    "has characters other than ASCII, which SMTP "
                    "login cannot send; use an ASCII password",
                )
            ]
        )
    if server.security == "none" and not _is_loopback(server.host):
        raise ContentError(
            [Problem("--security", "none would send the password unencrypted; use starttls or ssl")]
        )
    return password


def prepare_message(
    eml: bytes, *, to: list[str], subject_prefix: str, domain: str, now: dt.datetime | None = None
) -> bytes:
    """Return the built message with new To, Date, Message-ID and a prefixed subject.

    Every other header line and the whole body are kept byte for byte.
    """
    head, _, body = eml.partition(b"\r\n\r\n")
    fields = _split_fields(head)
    subject = next((_decoded(field) for field in fields if _name(field) == b"subject"), "")
    when = now or dt.datetime.now(dt.timezone.utc)
    fresh = [
        _header("Subject", subject_prefix + subject),
        _header("To", ", ".join(to)),
        _header("Date", format_datetime(when)),
        _header("Message-ID", f"<test.{secrets.token_hex(10)}@{domain}>"),
    ]
    kept = [field for field in fields if _name(field) not in _REPLACED]
    return b"".join(fresh + kept) + b"\r\n" + body


def describe(message: bytes, *, sender: str, recipients: list[str], server: Server | None) -> str:
    """Return what a send would do: server, envelope and the message's headers."""
    lines = [
        "dry run: nothing sent",
        f"server: {server or 'not set'}",
        f"MAIL FROM:<{sender}>",
        *(f"RCPT TO:<{r}>" for r in recipients),
        "",
    ]
    head = message.partition(b"\r\n\r\n")[0].decode("ascii", "replace")
    return "\n".join(lines) + head.replace("\r\n", "\n")


def deliver(
    message: bytes,
    *,
    sender: str,
    recipients: list[str],
    server: Server,
    password: str | None,
    context: ssl.SSLContext | None = None,
) -> list[str]:
    """Send the message; return the accepted recipients or raise SendFailed in one line."""
    context = context or ssl.create_default_context()
    where = f"{server.host}:{server.port}"
    try:
        smtp = _connect(server, context)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        raise SendFailed(_connect_error(error, where=where, server=server)) from None
    try:
        return _transact(
            smtp,
            message,
            sender=sender,
            recipients=recipients,
            server=server,
            password=password,
            context=context,
        )
    except SendFailed:
        raise
    except Exception as error:  # any failure becomes one line, never quoting the password
        message = _session_error(error, where=where, server=server)
        raise SendFailed(_without(message, password)) from None
    finally:
        _close(smtp)


def send_issue(
    root: Path,
    slug: str,
    *,
    to: list[str],
    overrides: dict[str, object],
    subject_prefix: str | None,
    dry_run: bool,
    env: Mapping[str, str],
    echo: Callable[[str], None],
) -> None:
    """Build the issue in memory, then test-send its email.eml (or describe it with dry_run)."""
    from newsletter.pipeline import open_newsletter

    recipients = check_addresses(to)
    newsletter = open_newsletter(root)
    settings = newsletter.settings
    server = _server_or_none(settings, overrides) if dry_run else server_from(settings, **overrides)  # type: ignore[arg-type]
    password = None if dry_run or server is None else password_for(server, env)
    eml = rendered_eml(newsletter, slug, echo=echo)
    if subject_prefix is None:
        subject_prefix = (settings.smtp or _NO_SMTP).test_subject_prefix
    message = prepare_message(
        eml, to=recipients, subject_prefix=subject_prefix, domain=sender_domain(settings)
    )
    sender = settings.sender.email
    if dry_run:
        echo(describe(message, sender=sender, recipients=recipients, server=server))
        return
    assert server is not None
    accepted = deliver(
        message, sender=sender, recipients=recipients, server=server, password=password
    )
    echo(f"sent {slug} to {', '.join(accepted)} via {server}")


def rendered_eml(newsletter: Newsletter, slug: str, *, echo: Callable[[str], None]) -> bytes:
    """Render one issue in memory and return its MIME message; write nothing."""
    from newsletter import checks
    from newsletter.pipeline import render_slug

    rendered = render_slug(newsletter, slug)
    for finding in checks.check(rendered):
        echo(f"warning: {finding}")
    return rendered.eml


def _server_or_none(settings: Settings, overrides: dict[str, object]) -> Server | None:
    try:
        return server_from(settings, **overrides)  # type: ignore[arg-type]
    except ContentError:
        return None


def _connect(server: Server, context: ssl.SSLContext) -> smtplib.SMTP:
    if server.security == "ssl":
        return smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
    return smtplib.SMTP(server.host, server.port, timeout=server.timeout)


def _transact(
    smtp: smtplib.SMTP,
    message: bytes,
    *,
    sender: str,
    recipients: list[str],
    server: Server,
    password: str | None,
    context: ssl.SSLContext,
) -> list[str]:
    where = f"{server.host}:{server.port}"
    smtp.ehlo()
    if server.security == "starttls":
        if not smtp.has_extn("starttls"):
            raise SendFailed(
                f"TLS failed: {where} does not offer STARTTLS; use --security ssl or none"
            )
        smtp.starttls(context=context)
        smtp.ehlo()
    if server.user and password is not None:
        try:
            _login(smtp, server.user, password)
        except UnicodeError:
            raise SendFailed(
                f"{where}: the login name or password of {server.user} has "
                "characters other than ASCII, which SMTP login cannot send"
            ) from None
    options = ["BODY=8BITMIME"] if not message.isascii() and smtp.has_extn("8bitmime") else []
    try:
        refused = smtp.sendmail(sender, recipients, message, mail_options=options)
    except smtplib.SMTPRecipientsRefused as error:
        raise SendFailed(
            f"{where} refused every recipient: {_refusals(error.recipients)}"
        ) from None
    accepted = [r for r in recipients if r not in refused]
    if refused:
        raise SendFailed(
            f"sent only to {', '.join(accepted)}; {where} refused {_refusals(refused)}"
        )
    return accepted


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in once with PLAIN or LOGIN: smtplib.login would retry every mechanism with
    the same wrong password, which counts as several failures on servers that lock."""
    advertised = smtp.esmtp_features.get("auth", "").upper().split()
    mechanism = next((m for m in ("PLAIN", "LOGIN") if m in advertised), None)
    if mechanism is None:
        smtp.login(user, password)
        return
    smtp.user, smtp.password = user, password
    smtp.auth(mechanism, getattr(smtp, f"auth_{mechanism.lower()}"))


def _refusals(refused: Mapping[str, tuple[int, bytes]]) -> str:
    return ", ".join(
        f"{address} ({code} {_text(reply)})" for address, (code, reply) in refused.items()
    )


def _connect_error(error: BaseException, *, where: str, server: Server) -> str:
    if isinstance(error, ConnectionRefusedError):
        return f"could not connect to {where}: connection refused"
    if _timed_out(error):
        return f"{where} did not answer within {server.timeout:g} s"
    if isinstance(error, socket.gaierror):
        return f"could not connect to {where}: unknown host"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed with {where}: {_ssl_reason(error)}"
    return f"could not connect to {where}: {_one_line(error)}"


def _session_error(error: BaseException, *, where: str, server: Server) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return (
            f"{where} refused the login of {server.user}: {error.smtp_code} "
            f"{_text(error.smtp_error)}"
        )
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (
            f"{where} refused the sender {error.sender}: {error.smtp_code} "
            f"{_text(error.smtp_error)}"
        )
    if isinstance(error, smtplib.SMTPDataError):
        return f"{where} refused the message: {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"{where}: {_one_line(error)}"
    if _timed_out(error):
        return f"{where} stopped answering (waited {server.timeout:g} s)"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed with {where}: {_ssl_reason(error)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{where} answered {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, UnicodeError):
        # Its text quotes the offending character and where it was: say only what to fix.
        return (
            f"SMTP session with {where} failed: the sender or a recipient address has "
            "characters other than ASCII; use ASCII addresses"
        )
    if not isinstance(error, (OSError, smtplib.SMTPException)):
        return f"SMTP session with {where} failed unexpectedly ({type(error).__name__})"
    return f"SMTP session with {where} failed: {_one_line(error)}"


def _without(message: str, password: str | None) -> str:
    """Return the message with the password blanked out, should a server have echoed it."""
    return message.replace(password, "***") if password else message


def _timed_out(error: BaseException) -> bool:
    # smtplib reports a read timeout as SMTPServerDisconnected raised from TimeoutError.
    return isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)


def _ssl_reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificate not trusted ({error.verify_message})"
    return (error.reason or _one_line(error)).lower().replace("_", " ")


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _text(reply: bytes | str) -> str:
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return " ".join(reply.split())


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _split_fields(head: bytes) -> list[bytes]:
    """Split a header block into fields, each with its folded lines and final CRLF."""
    fields: list[bytes] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line + b"\r\n"
        else:
            fields.append(line + b"\r\n")
    return fields


def _name(field: bytes) -> bytes:
    return field.split(b":", 1)[0].strip().lower()


def _decoded(field: bytes) -> str:
    value = field.split(b":", 1)[1].decode("ascii", "surrogateescape")
    return str(_HEADERS("subject", "".join(value.split("\r\n")).strip()))


def _header(name: str, value: str) -> bytes:
    return _HEADERS(name, value).fold(policy=policy.SMTP).encode("ascii")
