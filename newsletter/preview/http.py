"""The preview's HTTP side: its pages, the files under out/, and change events."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
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
# Threads answering requests; a connection gets one only once it has sent something,
# so idle connections cost a socket, not a thread.
WORKERS = 32
# Open event streams (one per preview tab); each holds a thread while the tab is open.
STREAMS = 16
# Accepted connections that have not sent a request yet; beyond this the oldest is closed.
WAITING = 1000
# Seconds a thread with nothing to do waits for more before it ends.
_LINGER = 1.0
# What a browser closing a tab or a request early looks like to the server.
DISCONNECTS = (ConnectionError, TimeoutError)
_SLUG = r"([a-z0-9][a-z0-9-]*)"
_ISSUE_PAGE = re.compile(rf"/issues/{_SLUG}/?")
_DARK_PAGE = re.compile(rf"/dark/{_SLUG}/{re.escape(HTML_FILE)}")
# The email as the preview shows it: out/'s, with its pictures served from here.
_EMAIL_PAGE = re.compile(rf"/email/{_SLUG}/{re.escape(HTML_FILE)}")
# An edition's email, light or dark, and the files of its folder: any segment matches
# here, and only an id of one of the issue's editions (as last built) is served.
_EDITION_EMAIL = re.compile(rf"/(email|dark)/{_SLUG}/([^/]*)/{re.escape(HTML_FILE)}")
_EDITION_FILE = re.compile(rf"/out/{_SLUG}/([^/]*)/(.+)")
PICTURES_PATH = "/pictures"
_PICTURE = re.compile(rf"{PICTURES_PATH}/{_SLUG}/([a-z0-9-]+\.(?:jpg|png|gif))")
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
    "<script>new EventSource('/api/events').addEventListener('archive', (event) => "
    "{ if (event.data !== '__VERSION__') location.reload(); });</script>"
)
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_DARK = re.compile(r"\(\s*prefers-color-scheme\s*:\s*dark\s*\)", re.IGNORECASE)
_LIGHT = re.compile(r"\(\s*prefers-color-scheme\s*:\s*light\s*\)", re.IGNORECASE)
# Media conditions that are always true and never true, valid wherever a feature is.
_ALWAYS = "(min-width: 0px)"
_NEVER = "((min-width: 1px) and (max-width: 0px))"


class PreviewHTTPServer(HTTPServer):
    """An HTTP server that knows the preview it serves, with bounded threads.

    Accepted connections wait in one selector until they send something; then one of
    at most WORKERS + STREAMS threads answers. A connection idle for IDLE_SECONDS,
    before or during a request, is closed; a client that goes away early is not an error.
    """

    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        # Behind loopback, refuse other Host names: a web page that rebinds its own
        # DNS name to 127.0.0.1 must not read the preview.
        self.check_host = address[0] in _LOOPBACK_NAMES
        self.streams = threading.BoundedSemaphore(STREAMS)
        self._workers = _Workers(self._answer, limit=WORKERS + STREAMS)
        self._waiting = _Waiting(self._workers.submit, close=self.shutdown_request)
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Park the new connection until it sends its request."""
        self._waiting.add(request, client_address)

    def server_close(self) -> None:
        """Stop listening, close the waiting connections and let the threads end."""
        super().server_close()
        self._waiting.close()
        self._workers.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that disconnect; report anything else in one line, no traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, DISCONNECTS):
            return
        print(f"error: preview: {type(error).__name__}: {error}", file=sys.stderr)

    def _answer(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


class _Workers:
    """At most ``limit`` daemon threads, started as work comes, taking it from one queue."""

    def __init__(self, handle: Callable[..., None], *, limit: int) -> None:
        self._handle = handle
        self._limit = limit
        self._queue: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    def submit(self, *work: Any) -> None:
        """Queue work; start a thread for it if none is free and the limit allows."""
        with self._lock:
            self._queue.put(work)
            if self._idle == 0 and self._threads < self._limit:
                self._threads += 1
                threading.Thread(target=self._run, name="preview-worker", daemon=True).start()
            else:
                self._idle -= 1  # that thread is as good as taken

    def close(self) -> None:
        """Let every thread end after its current work."""
        with self._lock:
            for _ in range(self._threads):
                self._queue.put(None)

    def _run(self) -> None:
        while True:
            try:
                work = self._queue.get(timeout=_LINGER)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:  # no work is promised to this thread: end it
                        self._idle -= 1
                        self._threads -= 1
                        return
                continue
            if work is None:
                return
            self._handle(*work)
            with self._lock:
                self._idle += 1


class _Waiting:
    """Connections accepted but not yet readable, watched by one thread, closed when idle."""

    def __init__(self, ready: Callable[..., None], *, close: Callable[[Any], None]) -> None:
        self._ready = ready
        self._close = close
        self._lock = threading.Lock()
        self._new: list[tuple[Any, Any]] = []
        self._since: dict[Any, tuple[Any, float]] = {}
        self._wake_read, self._wake = socket.socketpair()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        self._thread: threading.Thread | None = None
        self._closed = False

    def add(self, request: Any, client_address: Any) -> None:
        """Watch a new connection (from the accepting thread)."""
        with self._lock:
            if self._closed:
                self._close(request)
                return
            self._new.append((request, client_address))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="preview-waiting", daemon=True
                )
                self._thread.start()
        with contextlib.suppress(OSError):
            self._wake.send(b"\0")

    def close(self) -> None:
        """Close every waiting connection and stop watching."""
        with self._lock:
            self._closed = True
        with contextlib.suppress(OSError):
            self._wake.send(b"\0")
        if self._thread is not None:
            self._thread.join(timeout=IDLE_SECONDS)
        else:
            self._shut()

    def _watch(self) -> None:
        while not self._closed:
            events = self._selector.select(timeout=min(_LINGER, Handler.timeout or IDLE_SECONDS))
            if not events and not self._since:
                with self._lock:
                    if not self._new and not self._closed:
                        self._thread = None  # nothing to watch: the next add starts one
                        return
            for key, _ in events:
                if key.fileobj is self._wake_read:
                    with contextlib.suppress(OSError):
                        self._wake_read.recv(4096)
                    continue
                self._selector.unregister(key.fileobj)
                address, _ = self._since.pop(key.fileobj)
                self._ready(key.fileobj, address)
            self._take_new()
            self._expire()
        self._shut()

    def _take_new(self) -> None:
        with self._lock:
            new, self._new = self._new, []
        now = time.monotonic()
        for request, address in new:
            self._selector.register(request, selectors.EVENT_READ)
            self._since[request] = (address, now)
        while len(self._since) > WAITING:  # oldest first: dicts keep their order
            self._drop(next(iter(self._since)))

    def _expire(self) -> None:
        cutoff = time.monotonic() - (Handler.timeout or IDLE_SECONDS)
        for request in [r for r, (_, since) in self._since.items() if since < cutoff]:
            self._drop(request)

    def _drop(self, request: Any) -> None:
        self._selector.unregister(request)
        del self._since[request]
        self._close(request)

    def _shut(self) -> None:
        for request in list(self._since):
            self._drop(request)
        with self._lock:
            new, self._new = self._new, []
        for request, _ in new:
            self._close(request)
        self._selector.close()
        self._wake_read.close()
        self._wake.close()


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
    return f"event: state\ndata: {data}\n\ndata: {state['version']}\n\n" + _archive_event(state)


def _archive_event(state: dict[str, Any]) -> str:
    """Return the event that tells archive pages which build of the archive is current."""
    return f"event: archive\ndata: {state['archive_version']}\n\n"


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
        elif (match := _EDITION_FILE.fullmatch(path)) and preview.edition_ids(match[1]):
            self._edition_file(match[1], match[2], match[3], body=body)
        elif path.startswith("/out/"):
            self._file(path.removeprefix("/out/"), body=body)
        elif match := _EDITION_EMAIL.fullmatch(path):
            self._edition_file(match[2], match[3], HTML_FILE, body=body, view=match[1])
        elif match := _DARK_PAGE.fullmatch(path):
            self._file(f"{match[1]}/{HTML_FILE}", body=body, dark=True, pictures=match[1])
        elif match := _EMAIL_PAGE.fullmatch(path):
            self._file(f"{match[1]}/{HTML_FILE}", body=body, pictures=match[1])
        elif match := _PICTURE.fullmatch(path):
            self._picture(match[1], match[2], body=body)
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
        self,
        raw: str,
        *,
        body: bool,
        dark: bool = False,
        reload_at: str | None = None,
        pictures: str | None = None,
    ) -> None:
        """Serve a file of out/; ``pictures`` names the issue whose pictures it shows from here."""
        target = resolve_under(self.server.preview.out, raw)
        if target is None:
            self._not_found(body=body)
            return
        try:
            data = target.read_bytes()
        except OSError:
            self._not_found(body=body)
            return
        if dark or pictures is not None:
            html = data.decode("utf-8", errors="replace")
            if pictures is not None:
                html = self.server.preview.with_local_pictures(pictures, html)
            data = (dark_mode(html) if dark else html).encode()
        if reload_at is not None and target.suffix == ".html":
            script = RELOAD_SCRIPT.replace("__VERSION__", reload_at).encode()
            data = data.replace(b"</body>", script + b"</body>", 1)
        kind = TYPES.get(target.suffix, "application/octet-stream")
        self._send(HTTPStatus.OK, data, kind, body=body)

    def _edition_file(
        self, slug: str, raw: str, rest: str, *, body: bool, view: str | None = None
    ) -> None:
        """Serve a file of one of an issue's editions; 404 unless ``raw`` is one of their ids.

        ``view`` is "email" or "dark" for the email as the frames show it.
        """
        # The folder's name is the known id, never the request's text.
        edition = next(
            (known for known in self.server.preview.edition_ids(slug) if known == raw), None
        )
        if edition is None:
            self._not_found(body=body)
            return
        shown = None if view is None else slug
        self._file(f"{slug}/{edition}/{rest}", body=body, dark=view == "dark", pictures=shown)

    def _picture(self, slug: str, name: str, *, body: bool) -> None:
        """Serve a picture file the build made for an issue, before it is pushed."""
        placed = self.server.preview.pictures(slug).get(name)
        if placed is None:
            self._not_found(body=body)
            return
        try:
            data = placed.file.read_bytes()
        except OSError:
            self._not_found(body=body)
            return
        self._send(HTTPStatus.OK, data, placed.content_type, body=body)

    def _archive(self, rest: str, *, body: bool) -> None:
        """Serve out/archive/ as a web host would (a folder's index.html), with live reload."""
        version = str(self.server.preview.state["archive_version"])
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
        message holding the version number, then as an "archive" event holding the
        version of the web archive (what archive pages reload on: only a build that
        rewrote the archive changes it).
        """
        if not self.server.streams.acquire(blocking=False):
            self.close_connection = True
            self._send(
                HTTPStatus.SERVICE_UNAVAILABLE,
                b"too many preview pages are open; close some\n",
                "text/plain; charset=utf-8",
                body=True,
            )
            return
        try:
            self._stream()
        finally:
            self.server.streams.release()

    def _stream(self) -> None:
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = preview.state
        version = state["version"]
        message = f"retry: 1000\n{_archive_event(state)}data: {version}\n\n"
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
