"""The preview's HTTP side: its pages, the files under out/, and change events."""

from __future__ import annotations

import json
import re
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from newsletter.errors import CommandFailed
from newsletter.project import ARCHIVE_DIR, HTML_FILE

if TYPE_CHECKING:
    from newsletter.preview.server import Preview

PAGE = Path(__file__).with_name("page.html")
CONFIG_MARK = "__PREVIEW_CONFIG__"
# Idle event streams send a comment this often, so a closed tab is noticed.
KEEPALIVE_SECONDS = 15.0
# A connection that sends nothing for this long is closed, so idle sockets (a browser's
# speculative ones, say) do not hold a thread each for ever.
IDLE_SECONDS = 10.0
# Connections waiting to be accepted; the system's default of 5 made a burst of page
# loads wait for TCP retransmits. The kernel caps it at net.core.somaxconn.
BACKLOG = 1024
# What a browser closing a tab or a request early looks like to the server.
DISCONNECTS = (ConnectionError, TimeoutError)
_SLUG = r"([a-z0-9][a-z0-9-]*)"
_ISSUE_PAGE = re.compile(rf"/issues/{_SLUG}/?")
_DARK_PAGE = re.compile(rf"/dark/{_SLUG}/{re.escape(HTML_FILE)}")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    # Shown as text so the raw message can be read in the browser.
    ".eml": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
}
ARCHIVE_PATH = f"/{ARCHIVE_DIR}"
# Put into archive pages as they are served (never into out/): reload on the next build.
RELOAD_SCRIPT = (
    "<script>new EventSource('/api/events').onmessage = (event) => "
    "{ if (event.data !== '__VERSION__') location.reload(); };</script>"
)
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_DARK = re.compile(r"\(\s*prefers-color-scheme\s*:\s*dark\s*\)", re.IGNORECASE)
_LIGHT = re.compile(r"\(\s*prefers-color-scheme\s*:\s*light\s*\)", re.IGNORECASE)
# Media conditions that are always true and never true, valid wherever a feature is.
_ALWAYS = "(min-width: 0px)"
_NEVER = "((min-width: 1px) and (max-width: 0px))"


class PreviewHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the preview it serves.

    One thread per connection, a deep accept queue and an idle timeout keep it
    answering under bursts; a client that goes away early is not an error.
    """

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        # Behind loopback, refuse other Host names: a web page that rebinds its own
        # DNS name to 127.0.0.1 must not read the preview.
        self.check_host = address[0] in _LOOPBACK_NAMES
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that disconnect; report anything else in one line, no traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, DISCONNECTS):
            return
        print(f"error: preview: {type(error).__name__}: {error}", file=sys.stderr)


class PreviewHTTPServer6(PreviewHTTPServer):
    """The same, listening on an IPv6 address."""

    address_family = socket.AF_INET6


def make_server(preview: Preview, *, host: str, port: int) -> PreviewHTTPServer:
    """Bind the preview's server to host and port (0 picks a free port)."""
    kind = PreviewHTTPServer6 if ":" in host else PreviewHTTPServer
    try:
        return kind((host, port), preview)
    except OSError as error:
        raise CommandFailed(
            f"cannot listen on {host}:{port}: {error.strerror or error}; "
            "pick another with --port (0 picks a free one)"
        ) from None


def _changed(state: dict[str, Any]) -> str:
    """Return the events that tell a page of a new state."""
    # json.dumps writes no line breaks, which would end the event's data line.
    data = json.dumps(state, ensure_ascii=False)
    return f"event: state\ndata: {data}\n\ndata: {state['version']}\n\n"


class Handler(BaseHTTPRequestHandler):
    """Answer GET and HEAD for the preview's pages, out/ files and events; 404 otherwise."""

    server: PreviewHTTPServer
    server_version = "newsletter-preview"
    sys_version = ""
    timeout = IDLE_SECONDS

    def do_GET(self) -> None:
        """Serve a page, a file or the event stream."""
        self._route(body=True)

    def do_HEAD(self) -> None:
        """Serve the headers a GET would."""
        self._route(body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build messages."""

    def _route(self, *, body: bool) -> None:
        if self.server.check_host and not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"unknown host\n", "text/plain", body=body)
            return
        preview = self.server.preview
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            self._page({"slug": None}, body=body)
        elif (match := _ISSUE_PAGE.fullmatch(path)) and preview.issue(match[1]):
            self._page({"slug": match[1], "modes": client_modes()}, body=body)
        elif path == "/api/state":
            data = json.dumps(preview.state, ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, data, "application/json", body=body)
        elif path == "/api/events" and body:
            self._events()
        elif path == ARCHIVE_PATH or path.startswith(ARCHIVE_PATH + "/"):
            self._archive(path.removeprefix(ARCHIVE_PATH), body=body)
        elif path.startswith("/out/"):
            self._file(path.removeprefix("/out/"), body=body)
        elif match := _DARK_PAGE.fullmatch(path):
            self._file(f"{match[1]}/{HTML_FILE}", body=body, dark=True)
        else:
            self._not_found(body=body)

    def _host_allowed(self) -> bool:
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.strip("[]").lower() in _LOOPBACK_NAMES

    def _page(self, config: dict[str, Any], *, body: bool) -> None:
        # "<" escaped so no value can close the <script> holding the configuration.
        data = json.dumps(config).replace("<", "\\u003c")
        html = PAGE.read_text(encoding="utf-8").replace(CONFIG_MARK, data)
        self._send(HTTPStatus.OK, html.encode(), TYPES[".html"], body=body)

    def _file(
        self, raw: str, *, body: bool, dark: bool = False, reload_at: str | None = None
    ) -> None:
        target = resolve_under(self.server.preview.out, raw)
        if target is None:
            self._not_found(body=body)
            return
        try:
            data = target.read_bytes()
        except OSError:
            self._not_found(body=body)
            return
        if dark:
            data = dark_mode(data.decode("utf-8", errors="replace")).encode()
        if reload_at is not None and target.suffix == ".html":
            script = RELOAD_SCRIPT.replace("__VERSION__", reload_at).encode()
            data = data.replace(b"</body>", script + b"</body>", 1)
        kind = TYPES.get(target.suffix, "application/octet-stream")
        self._send(HTTPStatus.OK, data, kind, body=body)

    def _archive(self, rest: str, *, body: bool) -> None:
        """Serve out/archive/ as a web host would (a folder's index.html), with live reload."""
        version = str(self.server.preview.state["version"])
        base = self.server.preview.project.archive_dir
        inner = rest[1:]  # rest is "" or starts with "/"
        folder_index = f"{inner}/index.html" if inner else "index.html"
        if not rest.endswith("/") and resolve_under(base, folder_index):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", f"{ARCHIVE_PATH}{rest}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        raw = inner + ("index.html" if rest.endswith("/") else "")
        self._file(f"{ARCHIVE_DIR}/{raw}", body=body, reload_at=version)

    def _events(self) -> None:
        """Stream the build version as Server-Sent Events until the page goes away.

        Each new version comes as a "state" event holding the whole state (what
        /api/state gives; the preview page need not ask for it), then as a plain
        message holding the version number (what archive pages reload on).
        """
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = preview.state["version"]
        message = f"retry: 1000\ndata: {version}\n\n"
        try:
            while not preview.closed:
                self.wfile.write(message.encode())
                self.wfile.flush()
                current = preview.wait(version, timeout=KEEPALIVE_SECONDS)
                message = _changed(preview.state) if current != version else ": idle\n\n"
                version = current
        except DISCONNECTS:
            pass
        self.close_connection = True

    def _not_found(self, *, body: bool) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body=body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, *, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if body:
            self.wfile.write(data)


def dark_mode(html: str) -> str:
    """Return the HTML with its prefers-color-scheme: dark rules applying unconditionally."""

    def rewrite(match: re.Match[str]) -> str:
        css = _LIGHT.sub(_NEVER, _DARK.sub(_ALWAYS, match.group(2)))
        return match.group(1) + css + match.group(3)

    return _STYLE.sub(rewrite, html)


def resolve_under(base: Path, raw: str) -> Path | None:
    """Return the file that the URL path ``raw`` names under ``base``, or None.

    None for anything that is not a plain file inside base: parent or hidden
    segments (also percent-encoded), backslashes, folders, and symlinks that
    lead outside.
    """
    try:
        text = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in text or "\x00" in text:
        return None
    parts = text.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return None
    try:
        real_base = base.resolve(strict=True)
        target = real_base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(real_base) or not target.is_file():
        return None
    return target


def client_modes() -> list[dict[str, str]]:
    """Return the check --render modes the page can apply to its frames, with their scripts."""
    from newsletter.checks.render.modes import modes

    return [
        {"name": mode.name, "label": mode.label, "script": mode.script}
        for mode in modes()
        if mode.script is not None
    ]
