"""Test sends: the built email.eml, with fresh To/Date/Message-ID, through an SMTP server.

The issue is built in memory and its body and every other header go out byte for byte
as built; content/ is only read and out/ is left alone. The password is read from the
environment and handed to the server only: no message quotes it, nor anything made from
it (servers echo the AUTH exchange in their replies, base64 and all), and every value
bound for a header or the AUTH exchange is refused if it holds a line break.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import re
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
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import EmailStr, TypeAdapter, ValidationError

from newsletter.errors import ContentError, Problem
from newsletter.mail.message import sender_domain
from newsletter.models import Settings, Smtp
from newsletter.models.fields import check_one_line
from newsletter.models.settings import check_host
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
# Characters a server reply must not bring to the terminal: controls (escape sequences
# too) and every kind of line break.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a reply to AUTH: a run of base64 or hex long enough to be an encoded credential.
_OPAQUE = re.compile(
    r"(?<![\w+/=%-])(?=[^\s]*[A-Za-z])(?=[^\s]*[0-9+/])[A-Za-z0-9+/_%-]{16,}={0,2}(?![\w+/=%-])"
)


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


def check_flags(overrides: Mapping[str, object], *, subject_prefix: str | None) -> None:
    """Refuse a flag value that would break a header or the SMTP dialogue: line breaks,
    control characters, or a server name that is not one."""
    problems = []
    checks = {
        "--smtp-host": (overrides.get("host"), check_host),
        "--smtp-user": (overrides.get("user"), check_one_line),
        "--subject-prefix": (subject_prefix, check_one_line),
    }
    for flag, (value, check) in checks.items():
        if value is None:
            continue
        try:
            check(str(value))
        except ValueError as error:
            problems.append(Problem(flag, f"{_shown(str(value))} {error}"))
    if problems:
        raise ContentError(problems)


def _shown(value: str) -> str:
    """Quote a refused value for a message, its control characters escaped."""
    return ascii(value) if _UNPRINTABLE.search(value) else repr(value)


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
    """Send the message; return the accepted recipients or raise SendFailed in one line.

    The line never holds the password or anything made from it, and SendFailed
    carries no chained exception that could (it is raised outside the handlers).
    """
    context = context or ssl.create_default_context()
    where = f"{server.host}:{server.port}"
    credentials = Credentials(server.user, password)
    try:
        smtp = _connect(server, context)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        failure: str | None = _connect_error(error, where=where, server=server)
    else:
        failure = None
    if failure is not None:
        raise SendFailed(credentials.scrub(failure))
    try:
        return _transact(
            smtp,
            message,
            sender=sender,
            recipients=recipients,
            server=server,
            credentials=credentials,
            context=context,
        )
    except SendFailed as error:
        failure = str(error)
    except Exception as error:  # any failure becomes one line, never quoting the password
        failure = _session_error(error, where=where, server=server)
    finally:
        _close(smtp)
    raise SendFailed(credentials.scrub(failure))


class Credentials:
    """The login, and every form of it a server could echo, to blank out of messages.

    Besides the password itself, that is each string the AUTH exchange sent (the
    PLAIN string, the LOGIN answers, a CRAM-MD5 digest) and those strings in base64
    (whole, and as the run of characters they make inside a longer base64 text), hex
    and URL encoding, matched regardless of case.
    """

    def __init__(self, user: str | None, password: str | None) -> None:
        self.user = user
        self.password = password
        self._forms: set[str] = set()
        if password:
            self.add(password)
            self.add(f"{user or ''}\0{password}")
            self.add(f"\0{user or ''}\0{password}")

    def add(self, sent: str | bytes | None) -> None:
        """Remember a string sent during the login, in each form a reply could echo."""
        if not sent:
            return
        raw = sent.encode("utf-8", "replace") if isinstance(sent, str) else sent
        forms = {raw.decode("latin-1"), raw.hex(), quote(raw, safe=""), _printable(raw)}
        for encode in (base64.b64encode, base64.urlsafe_b64encode, base64.b32encode):
            encoded = encode(raw).decode("ascii")
            forms |= {encoded, encoded.rstrip("=")}
        forms |= set(_base64_runs(raw))
        self._forms |= {form for form in forms if len(form) >= 4 or form == self.password}

    def scrub(self, text: str) -> str:
        """Return ``text`` with every remembered form replaced by ***, on one line."""
        text = _one_line_text(text)
        for form in sorted(self._forms, key=len, reverse=True):
            text = re.sub(re.escape(form), "***", text, flags=re.IGNORECASE)
        return text

    def recording(self, authobject: Callable[..., str]) -> Callable[..., str]:
        """Wrap an smtplib auth object so that each answer it gives is remembered."""

        def answer(challenge: bytes | None = None) -> str:
            response = authobject(challenge) if challenge is not None else authobject()
            self.add(response)
            return response

        return answer


def _base64_runs(raw: bytes) -> list[str]:
    """Return the base64 characters ``raw`` makes inside any longer base64 text.

    Base64 codes 3 bytes at a time, so there are three spellings, one per offset.
    """
    runs = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode("ascii")
        start = 4 if offset else 0
        end = 4 * ((offset + len(raw)) // 3)
        runs.append(encoded[start:end])
    return runs


def _printable(raw: bytes) -> str:
    """Return the bytes as a reply would show them with NUL and the like as spaces."""
    return " ".join(_UNPRINTABLE.sub(" ", raw.decode("latin-1")).split())


def _one_line_text(text: str) -> str:
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


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
    edition: str | None = None,
) -> None:
    """Build the issue in memory, then test-send its email.eml (or describe it with dry_run).

    A newsletter with editions sends the one named by ``edition``.
    """
    from newsletter.opening import open_folder

    check_flags(overrides, subject_prefix=subject_prefix)
    recipients = check_addresses(to)
    newsletter = open_folder(root)
    check_edition(newsletter, slug, edition)
    settings = newsletter.settings
    server = _server_or_none(settings, overrides) if dry_run else server_from(settings, **overrides)  # type: ignore[arg-type]
    password = None if dry_run or server is None else password_for(server, env)
    eml = rendered_eml(newsletter, slug, echo=echo, unfilled_ok=dry_run, edition=edition)
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
    what = slug if edition is None else f"{slug} ({edition} edition)"
    echo(f"sent {what} to {', '.join(accepted)} via {server}")


def check_edition(newsletter: Newsletter, slug: str, edition: str | None) -> None:
    """Refuse a missing or unknown edition for a newsletter with editions, and one without."""
    ids = [each.id for each in newsletter.settings.editions]
    if edition is None and ids:
        message = f"the newsletter has editions: name one with --edition ({', '.join(ids)})"
    elif edition is not None and not ids:
        message = (
            f"the newsletter has no editions (no `editions:` in {SETTINGS_FILE}); "
            "leave out --edition"
        )
    elif edition is not None and edition not in ids:
        message = f"no edition {edition!r}; use one of {', '.join(ids)}"
    else:
        return
    raise ContentError([Problem(slug, message, field="--edition")])


def rendered_eml(
    newsletter: Newsletter,
    slug: str,
    *,
    echo: Callable[[str], None],
    unfilled_ok: bool = False,
    edition: str | None = None,
) -> bytes:
    """Render one issue (or its ``edition``) in memory and return its MIME message.

    Write nothing; refuse one whose settings or text still hold placeholders, unless
    ``unfilled_ok``.
    """
    from newsletter import checks
    from newsletter.content.placeholders import refuse_unfilled
    from newsletter.pipeline import render_edition, render_slug

    if edition is None:
        rendered = render_slug(newsletter, slug)
    else:
        rendered = render_edition(newsletter, slug, edition)
    if not unfilled_ok:
        refuse_unfilled(rendered.settings, rendered.issue, slug=slug, doing="send it")
    for finding in checks.check(rendered):
        echo(str(finding))
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
    credentials: Credentials,
    context: ssl.SSLContext,
) -> list[str]:
    where = f"{server.host}:{server.port}"
    password = credentials.password
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
            _login(smtp, server.user, password, credentials=credentials)
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


def _login(smtp: smtplib.SMTP, user: str, password: str, *, credentials: Credentials) -> None:
    """Log in once with PLAIN or LOGIN: smtplib.login would retry every mechanism with
    the same wrong password, which counts as several failures on servers that lock.

    Every answer sent is remembered by ``credentials``, so that no echo of it is shown.
    """
    # Instance attributes, so that smtplib.login uses the recording ones as well.
    smtp_any: Any = smtp
    for name in ("auth_plain", "auth_login", "auth_cram_md5"):
        setattr(smtp_any, name, credentials.recording(getattr(smtp, name)))
    advertised = smtp.esmtp_features.get("auth", "").upper().split()
    mechanism = next((m for m in ("PLAIN", "LOGIN") if m in advertised), None)
    if mechanism is None:
        smtp.login(user, password)
        return
    smtp.user, smtp.password = user, password
    smtp.auth(mechanism, getattr(smtp_any, f"auth_{mechanism.lower()}"))


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
        # Replies to AUTH often quote what was sent: long encoded runs are left out.
        reply = _OPAQUE.sub("***", _text(error.smtp_error))
        return f"{where} refused the login of {server.user}: {error.smtp_code} {reply}"
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
    return _one_line_text(str(error)) or type(error).__name__


def _text(reply: bytes | str) -> str:
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return _one_line_text(reply)


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
