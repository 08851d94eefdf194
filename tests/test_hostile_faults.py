"""Faults that must neither half-write nor run without bound: out/ collisions, starter
folders in the way, runaway calendars, huge and broken feeds, feed redirects, idle
preview connections, dying build workers, names with a newline, URLs with credentials.

Real files, processes, signals and a real local HTTP server; memory is bounded with
``resource.prlimit`` on the child process, with wide margins.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from newsletter.ingest.errors import FeedError
from newsletter.ingest.fetch import fetch, redirect_target
from newsletter.project import EMAIL_FILES, MANIFEST_FILE
from tests.support import (
    EXAMPLE_SLUG,
    REPO,
    copy_example,
    edit_settings,
    issue_data,
    run_cli,
    tree_bytes,
    write_issue,
)

WAIT = 120.0
GIB = 1024**3


def child(args: list[str], *, root: Path, memory: int = 2 * GIB) -> subprocess.Popen[str]:
    """Start ``python -m newsletter ARGS --root ROOT`` with its address space capped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsletter", *args, "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    resource.prlimit(process.pid, resource.RLIMIT_AS, (memory, memory))
    return process


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=WAIT)
    return process.returncode, stdout, stderr


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# -- names ------------------------------------------------------------------------------


def test_a_slug_ending_in_a_newline_is_refused(site: Path) -> None:
    before = sorted(p.name for p in (site / "content/issues").iterdir())
    result = run_cli("new", "x\n", root=site)
    assert result.returncode == 2, result.stderr
    assert sorted(p.name for p in (site / "content/issues").iterdir()) == before
    (site / "content/issues/y\n.md").write_bytes(
        (site / f"content/issues/{EXAMPLE_SLUG}.md").read_bytes()
    )
    result = run_cli("build", "-q", root=site)
    assert result.returncode == 2
    assert "issue name 'y\\n' must use only" in one_line(result.stderr)


# -- out/: only what the build made is replaced ------------------------------------------


def test_an_issue_named_archive_never_writes_into_the_archive(site: Path) -> None:
    edit_settings(site, archive={"base_url": "https://news.example/n/"})
    source = site / f"content/issues/{EXAMPLE_SLUG}.md"
    (site / "content/issues/archive.md").write_bytes(source.read_bytes())
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "content/issues/archive.md: the name 'archive' is taken" in result.stderr
    assert not (site / "out/archive").exists()  # left as it was: absent
    (site / "content/issues/archive.md").unlink()
    run_cli("build", "-q", root=site, check=True)
    before = tree_bytes(site / "out/archive")
    (site / "content/issues/archive.md").write_bytes(source.read_bytes())
    assert run_cli("build", root=site).returncode == 2
    assert tree_bytes(site / "out/archive") == before


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_what_the_build_did_not_make_at_out_slug_is_refused(site: Path, kind: str) -> None:
    target = site / "out" / EXAMPLE_SLUG
    target.parent.mkdir()
    if kind == "file":
        target.write_text("an editor's notes\n")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("an editor's notes\n")
    before = tree_bytes(site / "out")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        f"error: out/{EXAMPLE_SLUG}: is a {kind} this build did not make, and building "
        f"content/issues/{EXAMPLE_SLUG}.md would replace it; move it away or rename the issue"
    )
    assert tree_bytes(site / "out") == before
    assert sorted(p.name for p in (site / "out").iterdir()) == [EXAMPLE_SLUG]


def test_the_build_still_replaces_its_own_folders(site: Path) -> None:
    run_cli("build", "-q", root=site, check=True)
    (site / "out" / EXAMPLE_SLUG / "mailchimp.json").write_text("{}")
    run_cli("build", "-q", "--force", root=site, check=True)
    assert (site / "out" / EXAMPLE_SLUG / "mailchimp.json").read_text() == "{}"


# -- starting a folder: all or nothing ---------------------------------------------------


def listing(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


def test_init_with_templates_writes_nothing_when_a_template_is_in_the_way(
    tmp_path: Path,
) -> None:
    root = tmp_path / "news"
    (root / "templates").mkdir(parents=True)
    (root / "templates/email.html").write_text("mine")
    before = listing(root)
    result = run_cli("init", str(root), "--templates")
    assert result.returncode == 2
    assert "templates/email.html: already exists; nothing was written" in one_line(result.stderr)
    assert listing(root) == before


@pytest.mark.parametrize(
    ("command", "in_the_way"),
    [(["init"], "content/issues"), (["templates", "copy"], "templates/blocks")],
)
def test_a_file_where_a_folder_is_needed_stops_before_the_first_write(
    tmp_path: Path, command: list[str], in_the_way: str
) -> None:
    root = tmp_path / "news"
    if command == ["init"]:
        (root / "content").mkdir(parents=True)
        result_args = ["init", str(root)]
    else:
        copy_example(root)
        result_args = ["templates", "copy", "--root", str(root)]
    (root / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    (root / in_the_way).write_text("a file")
    before = listing(root)
    result = run_cli(*result_args)
    assert result.returncode == 2, result.stderr
    assert one_line(result.stderr) == (
        f"error: {in_the_way}: is a file where a folder is needed; nothing was written: "
        "move it away, or use another folder"
    )
    assert listing(root) == before


# -- URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://user:secret@news.example/n/", "must not hold a user name or password"),
        ("https://news.example\\@evil.example/n/", "must not contain a backslash"),
    ],
)
def test_public_urls_refuse_credentials_and_backslashes(site: Path, url: str, message: str) -> None:
    edit_settings(site, archive={"base_url": url})
    result = run_cli("build", root=site)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "content/newsletter.yaml" in line and "archive" in line and message in line
    assert "secret" not in line
    assert not (site / "out").exists() or not any((site / "out").iterdir())


def test_content_urls_refuse_backslashes(site: Path) -> None:
    data, body = issue_data(site)
    story = next(block for block in data["blocks"] if "url" in block)
    story["url"] = "https://a.example\\@b.example/"
    write_issue(site, data, body)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert f"content/issues/{EXAMPLE_SLUG}.md:" in line and "url" in line
    assert "must not contain a backslash" in line


def test_content_links_refuse_credentials_without_quoting_them(site: Path) -> None:
    path = site / f"content/issues/{EXAMPLE_SLUG}.md"
    path.write_text(path.read_text().rstrip() + "\n\n[x](https://me:hunter2@b.example/)\n")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "must not hold a user name or password" in line and "hunter2" not in line


# -- calendars and feeds ------------------------------------------------------------------


def calendar(start: str, rule: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:runaway-1@x\r\n"
        f"DTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nRRULE:{rule}\r\n"
        "SUMMARY:Again\r\nLOCATION:Here\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("start", "rule"),
    [("19700101T000000Z", "FREQ=SECONDLY"), ("19900101T000000Z", "FREQ=MINUTELY")],
)
def test_a_runaway_calendar_rule_is_refused_in_bounded_time_and_memory(
    site: Path, start: str, rule: str
) -> None:
    (site / "cal.ics").write_bytes(calendar(start, rule))
    started = time.monotonic()
    process = child(["new", "2026-06-12", "--from-feed", "cal.ics"], root=site, memory=GIB)
    code, _, stderr = finish(process)
    assert time.monotonic() - started < 60  # unbounded, it ran for minutes
    assert code == 2, stderr
    line = one_line(stderr)
    assert "cal.ics" in line and "'runaway-1@x'" in line and "repeats too often" in line
    assert not (site / "content/issues/2026-06-12.md").exists()


def test_a_frequent_rule_inside_the_window_still_drafts(site: Path) -> None:
    (site / "cal.ics").write_bytes(calendar("20260612T000000Z", "FREQ=HOURLY"))
    run_cli("new", "2026-06-12", "--from-feed", "cal.ics", root=site, check=True)
    assert "Again" in (site / "content/issues/2026-06-12.md").read_text()


def json_feed(items: list[dict[str, object]]) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": items}
    ).encode()


def story(n: int, **extra: object) -> dict[str, object]:
    return {
        "id": str(n),
        "url": f"https://news.example/{n}",
        "title": f"Story {n}",
        "content_text": f"What happened in story {n}.",
        "date_published": "2026-06-10T09:00:00+00:00",
        **extra,
    }


def test_a_huge_feed_makes_a_draft_that_builds(site: Path) -> None:
    (site / "big.json").write_bytes(json_feed([story(n) for n in range(15_000)]))
    process = child(["new", "2026-06-12", "--from-feed", "big.json"], root=site)
    code, _, stderr = finish(process)
    assert code == 0, stderr
    assert run_cli("check", "2026-06-12", root=site).returncode != 2
    result = run_cli("build", "-q", "2026-06-12", root=site)
    assert result.returncode == 0, result.stderr


def test_unreadable_items_are_skipped_and_reported_each(site: Path) -> None:
    items = [
        story(1, url="https://news.example:99999/1"),
        story(2, url="https://news.example:abc/2"),
        story(3, date_published="0001-01-01T00:00:00+14:00"),
        story(4, url="https://news.example\\@evil.example/4"),
        story(5),
    ]
    (site / "feed.json").write_bytes(json_feed(items))
    result = run_cli("new", "2026-06-12", "--from-feed", "feed.json", root=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    head, *lines = result.stdout.splitlines()
    # Story 3's date (year 1) is read, and falls outside the window.
    assert head == "feed feed.json: 1 taken, 4 skipped (3 unreadable, 1 outside the window)"
    unreadable = [line for line in lines if ": unreadable (" in line]
    assert len(unreadable) == 3, lines
    for number, line in zip((1, 2, 4), unreadable, strict=True):
        assert line.startswith(f"  skipped: item {number} ('Story {number}'): unreadable (")
    text = (site / "content/issues/2026-06-12.md").read_text()
    assert "https://news.example/5" in text and "evil.example" not in text


def test_a_feed_with_no_usable_item_fails_naming_it(site: Path) -> None:
    (site / "feed.json").write_bytes(json_feed([story(1, url="https://x.example:99999/")]))
    result = run_cli("new", "2026-06-12", "--from-feed", "feed.json", root=site)
    assert result.returncode == 2
    assert "feed.json: has no usable items" in one_line(result.stderr)


# -- redirects, against a real local server -------------------------------------------------


class Redirects(ThreadingHTTPServer):
    """Serve a feed at /feed.json and redirects elsewhere: /go?to=<location>."""

    daemon_threads = True

    def __init__(self, body: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Redirect)
        self.body = body
        self.thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Redirect(BaseHTTPRequestHandler):
    server: Redirects

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/go?to="):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", unquote(self.path.removeprefix("/go?to=")))
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/feed+json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)


@pytest.fixture
def feeds() -> Iterator[tuple[Redirects, Redirects]]:
    """Two servers on two ports of 127.0.0.1."""
    servers = (Redirects(json_feed([story(1)])), Redirects(json_feed([story(2)])))
    for server in servers:
        server.thread.start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_redirect_on_the_same_host_and_port_is_followed(
    feeds: tuple[Redirects, Redirects], tmp_path: Path
) -> None:
    first, _ = feeds
    fetched = fetch(first.url("/go?to=/feed.json"), base=tmp_path)
    assert fetched.url == first.url("/feed.json")
    assert b"news.example/1" in fetched.body


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("javascript:alert(1)", "redirected to an address that is not http(s) (javascript:)"),
        ("OTHER", "redirected to another port"),
        ("http://a.example\\@127.0.0.1/", "redirected to an address with a backslash"),
        ("http://u:p@127.0.0.1/", "redirected to an address with a user name or password"),
        ("http://127.0.0.1:99999/", "redirected to an address with an invalid port"),
    ],
)
def test_redirects_the_policy_refuses(
    feeds: tuple[Redirects, Redirects], site: Path, location: str, message: str
) -> None:
    first, second = feeds
    location = location.replace("OTHER", second.url("/feed.json"))
    start = first.url(f"/go?to={quote(location, safe=':/')}")
    result = run_cli("new", "2026-06-12", "--from-feed", start, root=site)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(f"error: feed {start}: {message}"), line
    assert not (site / "content/issues/2026-06-12.md").exists()


def test_a_public_feed_may_not_redirect_to_a_private_address() -> None:
    public = "https://93.184.215.14/feed.xml"
    for private in (
        "http://127.0.0.1/x",
        "http://10.0.0.8/x",
        "http://[::1]/x",
        "http://localhost/",
    ):
        with pytest.raises(FeedError) as caught:
            redirect_target(public, public, private)
        assert "private or local address" in caught.value.message
    assert redirect_target(public, public, "https://93.184.215.15/x") == "https://93.184.215.15/x"
    local = "http://127.0.0.1:8000/feed"
    assert redirect_target(local, local, "/other") == "http://127.0.0.1:8000/other"


# -- the preview under idle connections ---------------------------------------------------

IDLE_CONNECTIONS = 400


def threads_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Threads:\s+(\d+)", status, re.M)[1])  # type: ignore[index]


def test_idle_connections_do_not_exhaust_the_preview(site: Path) -> None:
    process = child(["preview", "--port", "0"], root=site, memory=2 * GIB)
    idle: list[socket.socket] = []
    try:
        assert process.stdout is not None
        line = next(line for line in process.stdout if line.startswith("preview at "))
        host, port = re.search(r"http://([\d.]+):(\d+)", line).groups()  # type: ignore[union-attr]
        idle = [
            socket.create_connection((host, int(port)), timeout=WAIT)
            for _ in range(IDLE_CONNECTIONS)
        ]
        for path in ("/api/state", f"/out/{EXAMPLE_SLUG}/email.txt"):
            with socket.create_connection((host, int(port)), timeout=WAIT) as sock:
                sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
                assert sock.makefile("rb").readline().split()[1] == b"200"
        assert threads_of(process.pid) < 100
    finally:
        for sock in idle:
            sock.close()
        process.kill()  # how the preview stops is tested elsewhere
        _, stderr = process.communicate(timeout=WAIT)
    assert "Traceback" not in stderr and "error" not in stderr, stderr


# -- a build worker that dies ----------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSEGV])
def test_a_worker_killed_mid_build_is_named_and_its_issue_built_again(
    site: Path, sig: signal.Signals
) -> None:
    source = (site / f"content/issues/{EXAMPLE_SLUG}.md").read_text()
    slugs = [f"2026-07-0{n}" for n in range(1, 7)]
    for slug in slugs:
        # New dates, the example's picture files.
        text = source.replace(EXAMPLE_SLUG, slug)
        text = text.replace(f"images/{slug}/", f"images/{EXAMPLE_SLUG}/")
        (site / f"content/issues/{slug}.md").write_text(text)
    process = child(["build", "--jobs", "2"], root=site)
    deadline = time.monotonic() + WAIT
    workers: list[int] = []
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = children(process.pid)
    assert workers, "no worker was started"
    os.kill(workers[0], sig)
    code, _, stderr = finish(process)
    assert code == 0, stderr
    notes = [line for line in stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1, stderr
    assert re.fullmatch(
        rf"note: content/issues/[\d-]+\.md: the worker process building it was killed by "
        rf"{sig.name}; built it again in the main process",
        notes[0],
    ), notes
    assert "Traceback" not in stderr
    for slug in [EXAMPLE_SLUG, *slugs]:
        folder = site / "out" / slug
        assert sorted(p.name for p in folder.iterdir()) == sorted(EMAIL_FILES), slug
        assert json.loads((folder / MANIFEST_FILE).read_text())["issue"] == slug


# -- templates and Markdown ------------------------------------------------------------------


def test_a_template_override_that_is_not_utf8_is_named(site: Path) -> None:
    own = site / "templates/blocks/_story.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_bytes(b"caf\xe9 {{ block.title }}")
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        "error: templates/blocks/_story.html: is not UTF-8 text (byte 3 cannot be read); "
        "save it with UTF-8 encoding"
    )


def test_scripted_markdown_links_are_reported_with_file_line_and_field(site: Path) -> None:
    path = site / f"content/issues/{EXAMPLE_SLUG}.md"
    text = path.read_text().rstrip()
    line = text.splitlines().index("---", 1) + 2  # the body (the intro) starts here
    path.write_text(
        text + "\n\nSee [one](javascript:alert(1)), [two](data:text/html,x) "
        "and [three](VBScript:msgbox).\n"
    )
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        f"error: content/issues/{EXAMPLE_SLUG}.md:{line}: intro: links 'javascript:alert(1)', "
        "'data:text/html,x', 'VBScript:msgbox' are not allowed: javascript:, data: and "
        "vbscript: links do nothing in email (or get it flagged); use an http(s) address"
    )


def test_a_long_feed_is_read_without_comparing_every_item_with_every_other(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading grows with the feed, not with its square (15,000 items took 20 s so)."""
    from newsletter.ingest.feeds import Item

    (site / "big.json").write_bytes(json_feed([story(n) for n in range(2_000)]))
    compared = 0
    equal = Item.__eq__

    def counting(self: Item, other: object) -> bool:
        nonlocal compared
        compared += 1
        return equal(self, other)

    monkeypatch.setattr(Item, "__eq__", counting)
    result = run_cli("new", "2026-06-12", "--from-feed", "big.json", root=site)
    assert result.returncode == 0, result.stderr
    assert compared < 10 * 2_000
