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

import pytest

from newsletter.ingest.errors import FeedError
from newsletter.ingest.fetch import _redirect_target, fetch
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
    result = run_cli("new", "x\n", root=site)
    assert result.returncode == 2, result.stderr
    assert sorted(p.name for p in (site / "content/issues").iterdir()) == [f"{EXAMPLE_SLUG}.md"]
    (site / "content/issues/y\n.md").write_bytes((site / f"content/issues/{EXAMPLE_SLUG}.md").read_bytes())
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
def test_public_urls_refuse_credentials_and_backslashes(
    site: Path, url: str, message: str
) -> None:
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
