"""A preview that stays up quietly, and Ctrl-C that ends any command quietly.

Real sockets against the preview server: clients that hang up early or reset the
connection, idle connections held open, bursts of concurrent requests. Real processes
interrupted with SIGINT at many moments, from the first line of the package's code on.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from newsletter.preview import http as preview_http
from newsletter.preview.server import PreviewServer
from newsletter.project import EMAIL_FILES, MANIFEST_FILE
from tests import signals
from tests.signals import own_lines
from tests.support import EXAMPLE_SLUG, REPO

# Bounds on waits, generous for a loaded machine; none is a timing assertion.
WAIT = 60.0
IDLE = 40
CONCURRENT = 200
# A connection to a listening socket completes in the kernel, long before this, unless
# the accept queue overflowed and the handshake waits for a TCP retransmit (1 s).
CONNECT_TIMEOUT = 0.9


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    with PreviewServer(site, port=0) as running:
        yield running


def address(server: PreviewServer) -> tuple[str, int]:
    host, port = server.httpd.server_address[:2]
    return host, port


def wait_for_handlers(baseline: int) -> None:
    """Wait until the server's connection threads have finished."""
    deadline = time.monotonic() + WAIT
    while threading.active_count() > baseline and time.monotonic() < deadline:
        time.sleep(0.05)


def reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a RST, as from a crashed or killed browser."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_hang_up_early_are_not_errors(
    server: PreviewServer, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Event streams notice a gone page at their next keep-alive; make that soon.
    monkeypatch.setattr(preview_http, "KEEPALIVE_SECONDS", 0.2)
    host, port = address(server)
    baseline = threading.active_count()
    paths = [f"/out/{EXAMPLE_SLUG}/email.html", f"/out/{EXAMPLE_SLUG}/email.eml", "/api/events"]
    for round_ in range(10):
        for path in paths:
            sock = socket.create_connection((host, port), timeout=WAIT)
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            if round_ % 2:
                sock.recv(100)  # read a little, then vanish
            reset(sock)
        half = socket.create_connection((host, port), timeout=WAIT)
        half.sendall(b"GET /out/2026-06-05/email.html HT")  # hang up mid-request
        reset(half)
    wait_for_handlers(baseline)
    status = http.client.HTTPConnection(host, port, timeout=WAIT)
    status.request("GET", "/api/state")
    assert status.getresponse().status == 200
    status.close()
    captured = capfd.readouterr()
    assert captured.err == "", captured.err
    assert captured.out == ""


def test_answers_a_burst_of_requests_while_idle_connections_are_open(
    server: PreviewServer, capfd: pytest.CaptureFixture[str]
) -> None:
    host, port = address(server)
    idle = [socket.create_connection((host, port), timeout=WAIT) for _ in range(IDLE)]
    try:

        def fetch(index: int) -> int:
            sock = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
            sock.settimeout(WAIT)
            path = "/api/state" if index % 2 else f"/out/{EXAMPLE_SLUG}/email.txt"
            connection = http.client.HTTPConnection(host, port, timeout=WAIT)
            connection.sock = sock
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.status

        barrier = threading.Barrier(CONCURRENT, timeout=WAIT)

        def together(index: int) -> int | str:
            barrier.wait()
            try:
                return fetch(index)
            except OSError as error:
                return type(error).__name__

        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            statuses = list(pool.map(together, range(CONCURRENT)))
    finally:
        for sock in idle:
            sock.close()
    failed = [status for status in statuses if status != 200]
    assert failed == [], f"{len(failed)} of {CONCURRENT} failed: {sorted(set(map(str, failed)))}"
    assert capfd.readouterr().err == ""


def test_idle_connections_are_closed_by_the_server(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 0 < preview_http.Handler.timeout <= 30  # an idle socket holds a thread that long
    monkeypatch.setattr(preview_http.Handler, "timeout", 0.2)
    host, port = address(server)
    sock = socket.create_connection((host, port), timeout=WAIT)
    try:
        assert sock.recv(10) == b""  # closed by the server, not by this test's timeout
    finally:
        sock.close()


def test_errors_other_than_disconnects_are_one_line(
    server: PreviewServer, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self, raw: str, *, body: bool, dark: bool = False) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(preview_http.Handler, "_file", broken)
    host, port = address(server)
    baseline = threading.active_count()
    connection = http.client.HTTPConnection(host, port, timeout=WAIT)
    connection.request("GET", f"/out/{EXAMPLE_SLUG}/email.html")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        connection.getresponse()
    connection.close()
    wait_for_handlers(baseline)
    assert capfd.readouterr().err == "error: preview: RuntimeError: disk on fire\n"


# -- Ctrl-C in a real process, at many moments ------------------------------------------

# Seconds after the package's first import (the interpreter's own start-up, before any
# of the package's code runs, is not the package's to handle).
BUILD_DELAYS = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2, 1.8]
QUIET_CODES = (130, -signal.SIGINT)


def start(args: list[str], root: Path, *, imports: bool = True) -> subprocess.Popen[str]:
    """Start ``python -m newsletter`` with its imports reported (see signals.start)."""
    return signals.start(
        [sys.executable, "-m", "newsletter", *args, "--root", str(root)],
        report=imports,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def interrupt(
    process: subprocess.Popen[str], *, after: float, once: str = "newsletter"
) -> tuple[str, str]:
    """Send SIGINT ``after`` seconds past the import of module ``once``; return the output."""
    return signals.interrupt(process, after=after, once=once, timeout=WAIT)


def assert_out_whole(root: Path) -> None:
    out = root / "out"
    for folder in out.iterdir() if out.is_dir() else []:
        if folder.name.startswith("."):
            continue  # a leftover, removed by the next build
        files = {path.name: path.read_bytes() for path in folder.iterdir()}
        assert sorted(files) == sorted(EMAIL_FILES), folder
        listed = json.loads(files[MANIFEST_FILE])["files"]
        for name, body in files.items():
            if name != MANIFEST_FILE:
                assert listed[name]["sha256"] == hashlib.sha256(body).hexdigest(), name


def test_ctrl_c_right_after_start_is_quiet(site: Path) -> None:
    """Ctrl-C as soon as the command's own code runs ends it quietly, having built nothing.

    Its first import is its start-up module; before that, Python is still starting
    (its site module, runpy), and what a Ctrl-C does there is Python's.
    """
    process = start(["build", "-q"], site)
    _, stderr = interrupt(process, after=0, once="newsletter.runtime.startup")
    assert process.returncode in QUIET_CODES
    assert own_lines(stderr) == []
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert not (site / "out" / EXAMPLE_SLUG).exists()


def test_ctrl_c_at_any_moment_of_a_build_exits_130_quietly(tmp_path: Path, site: Path) -> None:
    roots = []
    for index in range(len(BUILD_DELAYS)):
        root = tmp_path / f"site-{index}"
        shutil.copytree(site, root)
        roots.append(root)

    def run(index: int) -> tuple[int | None, str, str]:
        process = start(["build"], roots[index])
        stdout, stderr = interrupt(process, after=BUILD_DELAYS[index])
        return process.returncode, stdout, stderr

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, range(len(BUILD_DELAYS))))
    interrupted = 0
    for root, delay, (code, _stdout, stderr) in zip(roots, BUILD_DELAYS, results, strict=True):
        lines = own_lines(stderr)
        if code == 0:
            assert lines == [], (delay, lines)  # it finished first
        else:
            interrupted += 1
            assert code in QUIET_CODES, (delay, code, lines)
            assert lines == [], (delay, lines)
        assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, delay
        assert_out_whole(root)
    assert interrupted >= len(BUILD_DELAYS) // 2


@pytest.mark.parametrize("moment", ["building", "serving"])
def test_ctrl_c_stops_the_preview_with_130_quietly(site: Path, moment: str) -> None:
    # Serving, only stdout is read until the Ctrl-C: no import report to fill stderr.
    process = start(["preview", "--port", "0"], site, imports=moment == "building")
    try:
        if moment == "building":
            stdout, stderr = interrupt(process, after=0.3)
        else:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("preview at "):
                    break
            process.send_signal(signal.SIGINT)
            rest, stderr = process.communicate(timeout=WAIT)
            stdout = line + rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode in QUIET_CODES, (process.returncode, stderr)
    assert own_lines(stderr) == []
    if moment == "serving":
        assert stdout.rstrip().endswith("stopped")
