"""The preview server over real HTTP: what it serves, what it refuses, and live rebuilds."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsletter.mail.inbox import inbox_text
from newsletter.preview import watch
from newsletter.preview.http import dark_mode
from newsletter.preview.server import Preview, PreviewServer
from tests.support import EXAMPLE_SLUG, REPO, issue_data, own_template, run_cli, write_issue
from tests.test_editions import SLUG as EDITIONS_SLUG
from tests.test_editions import copy_fixture

SECRET = "TOP-SECRET-OUTSIDE-OUT"
# Bound on every wait for the server, the watcher or a command; none is a timing assertion,
# so it is generous: a loaded CI machine may take many seconds to build.
WAIT = 60.0
# After an edit, how long to wait for its rebuild before saving the file again.
RESAVE = 5.0


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    """Run the preview of a temporary newsletter on an ephemeral port."""
    with PreviewServer(site, port=0) as running:
        yield running


def request(
    server: PreviewServer, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """Send ``path`` exactly as written (no normalising) and return status, headers, body."""
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=WAIT)
    try:
        headers = headers or {}
        connection.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Events:
    """Read the preview's Server-Sent Events stream."""

    def __init__(self, server: PreviewServer) -> None:
        host, port = server.httpd.server_address[:2]
        self.connection = http.client.HTTPConnection(host, port, timeout=WAIT)
        self.connection.request("GET", "/api/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_event(self) -> tuple[str, str]:
        """Return the type and data of the next event (times out after WAIT seconds)."""
        kind, data = "message", []
        while True:
            line = self.response.fp.readline().decode()
            assert line, "event stream closed"
            line = line.rstrip("\n")
            if not line and data:
                return kind, "\n".join(data)
            field, _, value = line.partition(": ")
            if field == "event":
                kind = value
            elif field == "data":
                data.append(value)

    def next_version(self) -> int:
        """Return the version in the next plain message, skipping the state events."""
        while True:
            kind, data = self.next_event()
            if kind == "message":
                return int(data)

    def close(self) -> None:
        self.connection.close()


def state(server: PreviewServer) -> dict:
    status, _, body = request(server, "/api/state")
    assert status == 200
    return json.loads(body)


def edit_until(
    server: PreviewServer, edit: Callable[[], object], done: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Make an edit and return the preview's state once ``done(state)`` holds.

    Like an editor saving again, the edit is repeated when no rebuild has done it after
    RESAVE seconds, for WAIT seconds in all, so a slow machine delays the test, not fails it.
    """
    preview = server.preview
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        edit()
        resave = min(deadline, time.monotonic() + RESAVE)
        version = preview.state["version"]
        while not done(preview.state):
            remaining = resave - time.monotonic()
            if remaining <= 0:
                break
            version = preview.wait(version, timeout=remaining)
        else:
            return preview.state
    raise AssertionError(f"no rebuild did the edit in {WAIT:.0f} s: {preview.state}")


def subject_is(subject: str) -> Callable[[dict[str, Any]], bool]:
    """Return a test of the preview's state: built without problems, with this subject."""
    return lambda current: (
        not current["problems"] and current["issues"][0].get("subject") == subject
    )


# -- what it serves -----------------------------------------------------------------------


def test_serves_the_built_files_byte_for_byte(server: PreviewServer, site: Path) -> None:
    out = site / "out" / EXAMPLE_SLUG
    for name, kind in (("email.html", "text/html"), ("email.txt", "text/plain")):
        status, headers, body = request(server, f"/out/{EXAMPLE_SLUG}/{name}?v=3")
        assert status == 200
        assert headers["Content-Type"].startswith(kind)
        assert body == (out / name).read_bytes()
    status, headers, body = request(server, f"/out/{EXAMPLE_SLUG}/email.html", method="HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) == (out / "email.html").stat().st_size


def test_state_describes_the_issue(server: PreviewServer, site: Path) -> None:
    manifest = json.loads((site / "out" / EXAMPLE_SLUG / "manifest.json").read_text())
    data = state(server)
    assert data["version"] >= 1
    assert data["problems"] == []
    assert data["clip_bytes"] == 102_000
    [issue] = data["issues"]
    assert issue["slug"] == EXAMPLE_SLUG
    assert issue["subject"] == manifest["subject"]
    assert issue["sender"] == manifest["from"]
    assert issue["reply_to"] == manifest["reply_to"]
    assert issue["html_bytes"] == (site / "out" / EXAMPLE_SLUG / "email.html").stat().st_size
    assert issue["warnings"] == manifest["warnings"]
    assert issue["inbox"].startswith(manifest["preheader"])
    assert "editions" not in issue


def test_an_issue_s_state_is_the_build_s_result_not_a_reading_of_out(site: Path) -> None:
    """The page's summary of an issue comes from the build, reused or rendered, not from out/.

    The echo of "built out/<slug>/" comes after the build wrote the folder and before
    the preview sums the issue up: what is written to out/ then is never seen.
    """
    folder = site / "out" / EXAMPLE_SLUG
    told: list[str] = []

    def tamper(message: str, **_options: object) -> None:
        if message.startswith(f"built out/{EXAMPLE_SLUG}/"):
            told.append(message)
            # Still an issue folder a build made, so the next build replaces it.
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            for field in ("subject", "preheader", "from", "reply_to", "warnings"):
                manifest[field] = "tampered"
            for described in manifest["files"].values():
                described.update(bytes=1, sha256="0" * 64)
            (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            (folder / "email.html").write_text("<p>tampered</p>", encoding="utf-8")
            (folder / "email.txt").write_text("tampered", encoding="utf-8")

    clean = Preview(site, slug=EXAMPLE_SLUG)
    clean.rebuild()
    [expected] = clean.state["issues"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert expected["built"] and expected["subject"] == manifest["subject"]
    assert expected["text_bytes"] == manifest["files"]["email.txt"]["bytes"]
    assert expected["html_version"] == manifest["files"]["email.html"]["sha256"][:16]
    # Reused as the build left it, then rendered again (the tampered folder is no build's).
    for unchanged in (True, False):
        preview = Preview(site, slug=EXAMPLE_SLUG, echo=tamper)
        preview.rebuild()
        assert told.pop().endswith(", unchanged)") is unchanged
        assert preview.state["problems"] == []
        assert preview.state["issues"] == [expected]


def test_pages_for_the_index_and_each_issue(server: PreviewServer) -> None:
    status, headers, body = request(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'{"slug": null}' in body
    status, _, body = request(server, f"/issues/{EXAMPLE_SLUG}")
    assert status == 200
    assert f'{{"slug": "{EXAMPLE_SLUG}", "modes": [{{"name": "no-style"'.encode() in body
    assert request(server, "/issues/2001-01-01")[0] == 404
    assert server.url.startswith("http://127.0.0.1:")


def test_dark_view_applies_the_dark_rules_and_leaves_out_alone(
    server: PreviewServer, site: Path
) -> None:
    path = site / "out" / EXAMPLE_SLUG / "email.html"
    before = path.read_bytes()
    status, _, body = request(server, f"/dark/{EXAMPLE_SLUG}/email.html")
    assert status == 200
    dark = body.decode()
    assert "(prefers-color-scheme: dark)" in before.decode()
    assert "(prefers-color-scheme: dark)" not in dark
    assert "@media (min-width: 0px) {" in dark
    assert path.read_bytes() == before
    # Only the media query differs, and the pictures come from the preview.
    light = before.decode().replace("(prefers-color-scheme: dark)", "(min-width: 0px)")
    assert dark == with_local_pictures(site, light)


def with_local_pictures(site: Path, html: str) -> str:
    """Return the HTML with each picture file's hosted URL replaced by the preview's path."""
    manifest = json.loads((site / "out" / EXAMPLE_SLUG / "manifest.json").read_bytes())
    assert manifest["images"], "the example has a picture file"
    for picture in manifest["images"]:
        name = picture["url"].rsplit("/", 1)[1]
        html = html.replace(picture["url"], f"/pictures/{EXAMPLE_SLUG}/{name}")
    return html


def test_the_email_view_serves_its_picture_files_from_here(
    server: PreviewServer, site: Path
) -> None:
    from io import BytesIO

    from PIL import Image

    out = site / "out" / EXAMPLE_SLUG
    status, _, body = request(server, f"/email/{EXAMPLE_SLUG}/email.html")
    assert status == 200
    assert body.decode() == with_local_pictures(site, (out / "email.html").read_text())
    manifest = json.loads((out / "manifest.json").read_bytes())
    for picture in manifest["images"]:
        name = picture["url"].rsplit("/", 1)[1]
        status, headers, data = request(server, f"/pictures/{EXAMPLE_SLUG}/{name}")
        assert status == 200 and headers["Content-Type"] == "image/jpeg"
        assert len(data) == picture["bytes"]
        assert Image.open(BytesIO(data)).size == (picture["width"], picture["height"])
    for wrong in (
        f"/pictures/{EXAMPLE_SLUG}/nothing-0123456789abcdef.jpg",
        f"/pictures/{EXAMPLE_SLUG}/..%2Fmanifest.json",
        "/pictures/no-such-issue/footbridge.jpg",
    ):
        assert request(server, wrong)[0] == 404, wrong


def test_dark_mode_rewrites_only_stylesheets() -> None:
    html = (
        "<style>@media (prefers-color-scheme: dark) { a { color: red; } }\n"
        "@media screen and (PREFERS-COLOR-SCHEME : light) { a { color: blue; } }</style>"
        "<p>(prefers-color-scheme: dark)</p>"
    )
    assert dark_mode(html) == (
        "<style>@media (min-width: 0px) { a { color: red; } }\n"
        "@media screen and ((min-width: 1px) and (max-width: 0px)) { a { color: blue; } }"
        "</style><p>(prefers-color-scheme: dark)</p>"
    )


def test_inbox_text_starts_with_the_preheader_and_hides_filler() -> None:
    html = (
        "<html><head><title>Subject</title><style>p { color: red }</style></head><body>"
        '<div class="preheader">Short preview.\n&#847;&zwnj;&nbsp;&#847;&zwnj;&nbsp;</div>'
        "<p>First   words\n of the body</p></body></html>"
    )
    assert inbox_text(html) == "Short preview. \u00a0\u00a0 First words of the body"
    assert len(inbox_text("<body>" + "word " * 100 + "</body>")) == 140


# -- what it refuses ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """Serve a newsletter with a secret outside out/, symlinks to it in out/, a hidden file."""
    base = tmp_path_factory.mktemp("trap")
    site = base / "site"
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, site / folder)
    secret = base / "secret.txt"
    secret.write_text(SECRET)
    (site / "content" / "secret.txt").write_text(SECRET)
    with PreviewServer(site, port=0) as server:
        out = site / "out"
        (out / EXAMPLE_SLUG / "leak.txt").symlink_to(secret)
        (out / "outside").symlink_to(base, target_is_directory=True)
        (out / ".hidden.txt").write_text(SECRET)
        yield server


TRAVERSALS = [
    "/out/../content/secret.txt",
    "/out/../../secret.txt",
    f"/out/{EXAMPLE_SLUG}/../../content/secret.txt",
    "/out/%2e%2e/content/secret.txt",
    "/out/%2E%2E/%2e%2E/secret.txt",
    "/out/..%2fcontent%2fsecret.txt",
    "/out/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/out/..%5ccontent%5csecret.txt",
    "/out/..\\content\\secret.txt",
    "/out/%252e%252e/content/secret.txt",
    "/out//etc/passwd",
    "/out/%2fetc%2fpasswd",
    "/out/%c0%ae%c0%ae/content/secret.txt",
    "/out/.%2e/content/secret.txt",
    "/out/..%00/content/secret.txt",
    f"/out/{EXAMPLE_SLUG}/leak.txt",
    "/out/outside/secret.txt",
    "/out/outside/site/content/secret.txt",
    "/out/.hidden.txt",
    "/out/%2ehidden.txt",
    "/dark/..%2f..%2fcontent/email.html",
    "/issues/../out/../content/secret.txt",
    "/../content/secret.txt",
    "/content/secret.txt",
    "/secret.txt",
    "//etc/passwd",
    "/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_gets_404(trap: PreviewServer, path: str) -> None:
    status, _, body = request(trap, path)
    assert status == 404
    assert SECRET.encode() not in body
    assert b"root:" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/out",
        "/out/",
        f"/out/{EXAMPLE_SLUG}",
        f"/out/{EXAMPLE_SLUG}/",
        "/out/outside/",
        "/api",
        "/favicon.ico",
        "/issues/",
    ],
)
def test_no_directory_listings_or_unknown_paths(trap: PreviewServer, path: str) -> None:
    status, _, body = request(trap, path)
    assert status == 404
    assert b"email.html" not in body


def test_symlink_inside_out_is_served(site: Path, server: PreviewServer) -> None:
    (site / "out" / "latest").symlink_to(site / "out" / EXAMPLE_SLUG, target_is_directory=True)
    status, _, body = request(server, "/out/latest/email.txt")
    assert status == 200
    assert body == (site / "out" / EXAMPLE_SLUG / "email.txt").read_bytes()


# -- editions -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """Preview the two-edition newsletter, built before it starts, beside a stale edition.

    out/<slug>/old/ is an edition the settings no longer have: its folder is left
    in out/ but must not be served.
    """
    site = copy_fixture(tmp_path_factory.mktemp("editions") / "site")
    run_cli("build", "--quiet", root=site, check=True)
    stale = site / "out" / EDITIONS_SLUG / "old"
    stale.mkdir()
    for name in ("email.html", "email.txt"):
        (stale / name).write_text(SECRET)
    (site / "content" / "secret.txt").write_text(SECRET)
    with PreviewServer(site, port=0) as server:
        yield server


def test_state_lists_each_edition_as_the_build_made_it(editions: PreviewServer) -> None:
    out = editions.preview.out / EDITIONS_SLUG
    [issue] = state(editions)["issues"]
    assert [(e["id"], e["name"]) for e in issue["editions"]] == [
        ("en", "English edition"),
        ("cy", "Rhifyn Cymraeg"),
    ]
    for edition in issue["editions"]:
        own = json.loads((out / edition["id"] / "manifest.json").read_text(encoding="utf-8"))
        assert edition["subject"] == own["subject"]
        assert edition["sender"] == own["from"]
        assert edition["inbox"].startswith(own["preheader"])
        assert edition["html_bytes"] == (out / edition["id"] / "email.html").stat().st_size
        assert edition["warnings"] and all(
            f" at [{edition['id']}] " in warning for warning in edition["warnings"]
        )
    assert issue["editions"][1]["subject"].startswith("Y bont yn ailagor")
    # The index lists the issue by its first edition, with every edition's warnings.
    assert issue["subject"] == issue["editions"][0]["subject"]
    assert len(issue["warnings"]) == sum(len(e["warnings"]) for e in issue["editions"])


def test_serves_each_edition_byte_for_byte(editions: PreviewServer) -> None:
    out = editions.preview.out / EDITIONS_SLUG
    for edition in ("en", "cy"):
        html = (out / edition / "email.html").read_bytes()
        status, headers, body = request(editions, f"/email/{EDITIONS_SLUG}/{edition}/email.html")
        assert (status, body) == (200, html)  # the fixture's pictures are all hosted
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        status, _, body = request(editions, f"/dark/{EDITIONS_SLUG}/{edition}/email.html?v=1")
        assert (status, body.decode()) == (200, dark_mode(html.decode()))
        for name in ("email.txt", "email.eml", "manifest.json"):
            status, _, body = request(editions, f"/out/{EDITIONS_SLUG}/{edition}/{name}?v=2")
            assert (status, body) == (200, (out / edition / name).read_bytes())
    assert "Rhifyn Cymraeg" in (out / "cy" / "email.html").read_text(encoding="utf-8")
    status, _, body = request(editions, f"/out/{EDITIONS_SLUG}/manifest.json")
    assert (status, body) == (200, (out / "manifest.json").read_bytes())
    # An issue with editions has no email of its own.
    assert request(editions, f"/email/{EDITIONS_SLUG}/email.html")[0] == 404


EDITION_REFUSALS = [
    "..",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "cy/../x",
    "cy/..",
    "../cy",
    "cy%2f..%2f..%2fcontent",
    "..%2f..%2fcontent",
    "%2e%2e%2f%2e%2e%2fcontent",
    "..\\..\\content",
    "old",  # a folder still in out/, but no edition of the settings
    "EN",
    "c%79",
    "cy%00",
    "en.",
    ".cy",
    "",
    "manifest.json",
]


@pytest.mark.parametrize("edition", EDITION_REFUSALS)
@pytest.mark.parametrize(
    "route",
    [
        "/email/{slug}/{edition}/email.html",
        "/dark/{slug}/{edition}/email.html",
        "/out/{slug}/{edition}/email.html",
        "/out/{slug}/{edition}/email.txt",
        "/out/{slug}/{edition}/../../content/secret.txt",
    ],
)
def test_an_edition_that_is_not_configured_gets_404(
    editions: PreviewServer, route: str, edition: str
) -> None:
    status, _, body = request(editions, route.format(slug=EDITIONS_SLUG, edition=edition))
    assert status == 404
    assert SECRET.encode() not in body


def test_refuses_other_host_names_and_methods(server: PreviewServer) -> None:
    path = f"/out/{EXAMPLE_SLUG}/email.html"
    assert request(server, path, headers={"Host": "attacker.example"})[0] == 403
    assert request(server, path, headers={"Host": "localhost"})[0] == 200
    assert request(server, path, method="POST")[0] == 501
    assert request(server, path, method="PUT")[0] == 501


# -- rebuilding ---------------------------------------------------------------------------


def test_start_returns_once_changes_are_watched(server: PreviewServer, site: Path) -> None:
    assert server.watching.is_set()
    version = server.preview.state["version"]
    # Saved once, with no retry: once start() has returned, the watcher must see it.
    style = own_template(site, "style.css")
    style.write_text(style.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert server.preview.wait(version, timeout=WAIT) > version


def test_watcher_reports_ready_then_sees_the_next_change(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    calls: queue.Queue[int] = queue.Queue()
    stop, ready = threading.Event(), threading.Event()
    thread = watch.start(tmp_path, on_change=lambda: calls.put(1), stop=stop, ready=ready)
    try:
        assert watch.wait_ready(thread, ready, timeout=WAIT)
        (tmp_path / "content" / "new.md").write_text("x")
        assert calls.get(timeout=WAIT) == 1
    finally:
        stop.set()
        thread.join(timeout=WAIT)
    assert not thread.is_alive()


def resubject(server: PreviewServer, site: Path, subject: str) -> None:
    """Give the issue a new subject and wait until the preview has built it."""
    data, body = issue_data(site)
    data["subject"] = subject
    edit_until(server, lambda: write_issue(site, data, body), subject_is(subject))


def test_change_rebuilds_and_notifies(server: PreviewServer, site: Path) -> None:
    events = Events(server)
    try:
        first = events.next_version()
        resubject(server, site, "Changed while the preview runs")
        assert events.next_version() > first
    finally:
        events.close()
    assert state(server)["issues"][0]["subject"] == "Changed while the preview runs"
    manifest = json.loads((site / "out" / EXAMPLE_SLUG / "manifest.json").read_text())
    assert manifest["subject"] == "Changed while the preview runs"


def test_archive_pages_are_told_only_of_builds_that_rewrote_the_archive(site: Path) -> None:
    """The email's early state (before its checks) and a draft's edit do not reload them."""
    from tests.test_archive import enable_archive

    enable_archive(site)
    with PreviewServer(site, port=0) as server:
        events = Events(server)
        try:
            kind, served = events.next_event()
            assert kind == "archive"
            resubject(server, site, "Changed with the archive open")
            seen: list[tuple[bool, str]] = []  # (checking, archive version) per state
            while not seen or seen[-1][0]:
                kind, data = events.next_event()
                if kind == "state":
                    issue = json.loads(data)["issues"][0]
                    assert events.next_event()[0] == "message"
                    archive_kind, version = events.next_event()
                    assert archive_kind == "archive"
                    seen.append((issue.get("checking", False), version))
            # Shown early with the archive as it was; then once the archive is rewritten.
            assert seen == [(True, served), (False, str(int(served) + 1))]
            page = request(server, f"/archive/{EXAMPLE_SLUG}/")[2]
            assert f"'{int(served) + 1}'".encode() in page

            draft_data, draft_body = issue_data(site)
            write_issue(site, {**draft_data, "status": "draft"}, draft_body, slug="2026-06-19")
            while True:
                kind, data = events.next_event()
                if kind == "state" and not json.loads(data)["issues"][0].get("checking"):
                    break
            assert events.next_event()[0] == "message"
            assert events.next_event() == ("archive", str(int(served) + 1))
        finally:
            events.close()


def test_each_new_state_comes_whole_then_as_its_version(server: PreviewServer, site: Path) -> None:
    events = Events(server)
    try:
        first = events.next_version()
        resubject(server, site, "Pushed \u2014 \u201cquoted\u201d caf\u00e9")
        kind, pushed = events.next_event()
        assert kind == "state"
        pushed_state = json.loads(pushed)
        assert pushed_state["version"] > first
        assert events.next_event() == ("message", str(pushed_state["version"]))
        assert set(pushed_state) == set(state(server))
    finally:
        events.close()


def test_invalid_content_shows_the_cli_errors_and_recovers(
    server: PreviewServer, site: Path
) -> None:
    data, body = issue_data(site)
    broken = {key: value for key, value in data.items() if key != "subject"}
    edit_until(
        server, lambda: write_issue(site, broken, body), lambda current: bool(current["problems"])
    )
    cli = run_cli("build", root=site)
    expected = [line.removeprefix("error: ") for line in cli.stderr.splitlines()]
    current = state(server)
    assert current["problems"] == expected
    assert current["issues"][0]["problems"] == expected
    assert any(
        f"content/issues/{EXAMPLE_SLUG}.md" in line and "subject" in line for line in expected
    )
    edit_until(server, lambda: write_issue(site, data, body), subject_is(data["subject"]))
    assert state(server)["issues"][0]["subject"] == data["subject"]


def test_problems_of_one_issue_stay_with_it(server: PreviewServer, site: Path) -> None:
    edit_until(
        server,
        lambda: (site / "content" / "issues" / "2026-06-12.md").write_text("no front matter\n"),
        lambda current: bool(current["problems"]),
    )
    issues = {issue["slug"]: issue for issue in state(server)["issues"]}
    assert list(issues) == ["2026-06-12", EXAMPLE_SLUG]
    assert issues[EXAMPLE_SLUG]["problems"] == []
    assert issues["2026-06-12"]["built"] is False
    assert issues["2026-06-12"]["problems"] == [
        "content/issues/2026-06-12.md:1: must start with YAML front matter between '---' lines"
    ]


# -- the command --------------------------------------------------------------------------


def read_lines(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def start_cli(*args: str, root: Path) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    command = [sys.executable, "-m", "newsletter", "preview", *args, "--root", str(root)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    return process, lines


def wait_for_url(lines: queue.Queue[str]) -> str:
    while True:
        line = lines.get(timeout=WAIT)
        if match := re.search(r"preview at (http://\S+)", line):
            return match[1]


def test_command_serves_and_stops_cleanly_on_ctrl_c(site: Path) -> None:
    process, lines = start_cli(EXAMPLE_SLUG, "--port", "0", root=site)
    try:
        url = wait_for_url(lines)
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1"
        assert parts.path == f"/issues/{EXAMPLE_SLUG}"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=WAIT)
        connection.request("GET", parts.path)
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in (0, 130)
    assert "Traceback" not in stderr
    assert stderr == ""


def test_command_reports_bad_usage(site: Path, tmp_path: Path) -> None:
    result = run_cli("preview", "Not_A_Slug", "--port", "0", root=site)
    assert result.returncode == 2
    assert "error: content/issues/Not_A_Slug.md: issue name 'Not_A_Slug'" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("preview", "--port", "0", root=empty)
    assert result.returncode == 2
    assert result.stderr.startswith("error: content: folder not found")


def test_command_reports_a_port_in_use(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("preview", "--port", str(port), root=site)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")
def test_command_keeps_serving_invalid_content(site: Path) -> None:
    data, body = issue_data(site)
    data.pop("subject")
    write_issue(site, data, body)
    process, lines = start_cli("--port", "0", root=site)
    try:
        url = urlsplit(wait_for_url(lines))
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=WAIT)
        connection.request("GET", "/api/state")
        current = json.loads(connection.getresponse().read())
        connection.close()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in (0, 130)
    assert any("subject: is required" in line for line in current["problems"])
    assert f"error: content/issues/{EXAMPLE_SLUG}.md" in stderr
    assert "Traceback" not in stderr
