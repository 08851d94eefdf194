"""Nothing lost: a build killed at any moment leaves each out/<slug>/ whole, old or new.

Real build processes are killed with SIGKILL, at random moments and, through fault
injection, at each exact step of the folder swap; after every kill each folder of
out/ must be the complete previous or the complete new set, its manifest matching
its files, and the next build must clean up.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsletter import output
from newsletter.project import EMAIL_FILES, MANIFEST_FILE
from newsletter.runtime import platform
from tests.support import (
    REPO,
    Ran,
    Step,
    copy_example,
    run_cli,
    run_process,
    run_steps,
    tree_bytes,
)

ISSUE = """---
subject: "Issue {n}, version {v}"
preheader: A small issue for the kill tests, version {v}.
date: 2026-06-0{n}
blocks:
  - type: text
    title: Note {v}
    body: Version {v} of issue {n}, with a [link](https://example.org/{n}/{v}).
---
Introduction, version {v}.
"""
SLUGS = ("k1", "k2", "k3")
KILLS = 15  # per swap method: random moments across the build


def versions(v: str) -> dict[str, str]:
    """Return the issue files of one version of the content."""
    return {f"content/issues/{slug}.md": ISSUE.format(n=n, v=v) for n, slug in enumerate(SLUGS, 1)}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = copy_example(tmp_path / "site")
    (site / "content/issues/2026-06-05.md").unlink()
    for path, text in versions("A").items():
        (site / path).write_text(text, encoding="utf-8")
    return site


def assert_whole(ran: Ran, sets: dict[str, list[dict[str, object]]], *, fallback: bool) -> None:
    """Each issue folder in out/ is one complete set; a missing one (fallback only, killed
    between its two renames) has its previous set whole under the retired name."""
    out = ran.out
    for slug in SLUGS:
        retired = [name for name in out if name.startswith(f".{slug}.old-")]
        if slug not in out:
            assert fallback, f"out/{slug}/ is missing ({ran.code}): {sorted(out)}"
            assert len(retired) == 1, sorted(out)
            folder = out[retired[0]]
        else:
            folder = out[slug]
        assert folder["dir"], slug
        assert sorted(folder["files"]) == sorted(EMAIL_FILES), (slug, folder)
        manifest = folder["manifest"]
        for name in EMAIL_FILES:
            if name != MANIFEST_FILE:
                assert manifest[name]["sha256"] == folder["files"][name], (slug, name)
                assert manifest[name]["bytes"] == folder["sizes"][name], (slug, name)
        assert folder["files"] in [known["files"] for known in sets[slug]], slug


def assert_clean(ran: Ran, expected: dict[str, dict[str, object]]) -> None:
    """After a build that ran to the end: no leftovers, every folder the expected set."""
    assert ran.code == 0, ran.stderr
    assert sorted(ran.out) == sorted(SLUGS), sorted(ran.out)
    for slug in SLUGS:
        assert ran.out[slug]["files"] == expected[slug]["files"], slug


# One process: fault injection patches the command's own process, not a worker's.
BUILD = ("build", "-q", "--jobs", "1")
REFERENCE = [
    Step(BUILD),
    Step(BUILD, files=versions("B")),
]


def reference_sets(ran: list[Ran]) -> dict[str, list[dict[str, object]]]:
    """Return both complete sets of every folder, from the builds of REFERENCE."""
    assert [r.code for r in ran] == [0, 0], [r.stderr for r in ran]
    sets = {slug: [ran[0].out[slug], ran[1].out[slug]] for slug in SLUGS}
    assert all(a["files"] != b["files"] for a, b in sets.values())
    return sets


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_sigkill_at_random_moments_leaves_every_folder_whole(root: Path, fallback: bool) -> None:
    rng = random.Random(20260605 + fallback)
    patch = f"{__name__}:no_exchange" if fallback else None
    steps = [
        Step(
            ("build", "-q", "--jobs", "1"),
            files=versions("AB"[i % 2]),
            kill_at=rng.uniform(0, 0.4),
            patch=patch,
        )
        for i in range(KILLS)
    ]
    results = run_steps(root, [*REFERENCE, *steps, Step(BUILD, patch=patch)], warm=True)
    sets = reference_sets(results[:2])
    for result in results[2:-1]:
        assert result.code in (0, -signal.SIGKILL), result.stderr
        assert "Traceback" not in result.stderr
        assert_whole(result, sets, fallback=fallback)
    killed = [r for r in results if r.code == -signal.SIGKILL]
    # How many kills land before a build ends depends on the machine's load; the
    # check must see some land to mean anything, and every outcome is checked above.
    assert killed, "no kill landed before the build ended"
    last_version = (KILLS - 1) % 2
    assert_clean(results[-1], {slug: sets[slug][last_version] for slug in SLUGS})


# -- faults injected at each step of the swap (called in the child, before the build) --


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def no_exchange() -> None:
    """Pretend the file system has no atomic exchange: the two-rename fallback runs."""
    platform.exchange = lambda first, second: False


def _after_rename(condition) -> None:
    rename = os.rename

    def patched(src, dst, *args, **kwargs):
        rename(src, dst, *args, **kwargs)
        if condition(str(src), str(dst)):
            _kill()

    os.rename = patched


def kill_before_swap() -> None:
    """All files of the new set written and synced, nothing swapped yet."""
    output._swap_in = lambda staging, folder: _kill()


def kill_mid_write() -> None:
    """Two of the four files written."""
    write = output._write_file
    count = [0]

    def patched(path: Path, body: bytes) -> None:
        write(path, body)
        count[0] += 1
        if count[0] == 2:
            _kill()

    output._write_file = patched


def kill_after_exchange() -> None:
    """The new set swapped in; the old one not yet deleted."""
    exchange = platform.exchange

    def patched(first: Path, second: Path) -> bool:
        swapped = exchange(first, second)
        if swapped:
            _kill()
        return swapped

    platform.exchange = patched


def kill_mid_delete() -> None:
    """Swapped; the old set half deleted."""
    remove = output._remove

    def patched(path: Path) -> None:
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.iterdir())[:2]:
                child.unlink()
            _kill()
        remove(path)

    output._remove = patched


def kill_between_renames() -> None:
    """Fallback: the old folder renamed away, the new one not yet in place."""
    no_exchange()
    _after_rename(lambda src, dst: ".old-" in dst)


def kill_after_renames() -> None:
    """Fallback: the new folder in place, the old one still under its retired name."""
    no_exchange()
    _after_rename(lambda src, dst: ".new-" in src and ".old-" not in dst and ".new-" not in dst)


def kill_after_retiring() -> None:
    """Fallback: the old folder renamed for deletion, not deleted."""
    no_exchange()
    _after_rename(lambda src, dst: ".old-" in src)


def kill_before_first_rename() -> None:
    """First build of an issue: its folder complete under the staging name."""
    rename = os.rename

    def patched(src, dst, *args, **kwargs):
        if ".new-" in str(src) and not Path(dst).exists():
            _kill()
        rename(src, dst, *args, **kwargs)

    os.rename = patched


MOMENTS = [
    "kill_mid_write",
    "kill_before_swap",
    "kill_after_exchange",
    "kill_mid_delete",
    "kill_between_renames",
    "kill_after_renames",
    "kill_after_retiring",
]


def test_sigkill_at_each_step_of_the_swap_leaves_every_folder_whole(root: Path) -> None:
    steps = []
    for index, moment in enumerate(MOMENTS):
        content = versions("AB"[index % 2])
        steps.append(Step(BUILD, files=content, patch=f"{__name__}:{moment}"))
        steps.append(Step(BUILD))  # the next build repairs and cleans up
    first_build = Step(BUILD, patch=f"{__name__}:kill_before_first_rename")
    results = run_steps(root, [first_build, *REFERENCE, *steps], warm=True)
    # Killed in its first build, with every folder complete under its staging name:
    assert results[0].code == -signal.SIGKILL
    assert not any(name in results[0].out for name in SLUGS), sorted(results[0].out)
    sets = reference_sets(results[1:3])
    results = results[3:]
    for index, moment in enumerate(MOMENTS):
        killed, repaired = results[2 * index], results[2 * index + 1]
        assert killed.code == -signal.SIGKILL, (moment, killed.stderr)
        assert_whole(killed, sets, fallback="renames" in moment)
        assert_clean(repaired, {slug: sets[slug][index % 2] for slug in SLUGS})


def test_a_real_build_process_killed_while_writing_then_rebuilt(root: Path) -> None:
    run_cli("build", "-q", root=root, check=True)
    before = {slug: tree_bytes(root / "out" / slug) for slug in SLUGS}
    for path, text in versions("B").items():
        (root / path).write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsletter", "build", "--root", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # "built out/k1/ ...": k2 is being rendered or written
    process.kill()
    _, stderr = process.communicate(timeout=60)
    assert first.startswith(b"built"), (first, stderr)
    assert b"Traceback" not in stderr
    out = root / "out"
    for slug in SLUGS:
        folder = tree_bytes(out / slug)
        assert set(folder) == set(EMAIL_FILES), slug
        manifest = json.loads(folder[MANIFEST_FILE])["files"]
        for name, body in folder.items():
            if name != MANIFEST_FILE:
                assert manifest[name]["sha256"] == hashlib.sha256(body).hexdigest(), name
        assert folder == before[slug] or b"version B" in folder["email.txt"], slug
    done = run_process("build", "-q", root=root, cwd=REPO)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted(SLUGS)


# -- a build that fails while writing keeps the previous set ----------------------------


def test_a_write_failing_at_the_third_file_keeps_the_previous_set(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("build", "-q", root=root, check=True)
    before = tree_bytes(root / "out")
    for path, text in versions("B").items():
        (root / path).write_text(text, encoding="utf-8")
    mkdtemp = output.tempfile.mkdtemp

    def eml_is_a_folder(*args, **kwargs):
        staging = mkdtemp(*args, **kwargs)
        os.mkdir(os.path.join(staging, "email.eml"))  # the third file cannot be written
        return staging

    monkeypatch.setattr(output.tempfile, "mkdtemp", eml_is_a_folder)
    failed = run_cli("build", "-q", root=root)
    monkeypatch.undo()
    assert failed.returncode == 1
    lines = failed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), failed.stderr
    assert "email.eml" in lines[0]
    assert tree_bytes(root / "out") == before
    assert sorted(p.name for p in (root / "out").iterdir()) == sorted(SLUGS)  # no leftovers


def test_a_link_in_place_of_the_folder_is_replaced_not_followed(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("not for out/")
    (root / "out").mkdir()
    (root / "out" / "k1").symlink_to(elsewhere, target_is_directory=True)
    run_cli("build", "-q", root=root, check=True)
    folder = root / "out" / "k1"
    assert folder.is_dir() and not folder.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == sorted(EMAIL_FILES)  # nothing copied in
    assert (elsewhere / "secret.txt").read_text() == "not for out/"
    assert sorted(p.name for p in (root / "out").iterdir()) == sorted(SLUGS)


def test_leftovers_of_every_kind_are_removed(root: Path) -> None:
    out = root / "out"
    out.mkdir()
    (out / ".k1.new-file").write_text("x")
    (out / ".k1.new-dir").mkdir()
    (out / ".k1.new-link").symlink_to(root / "content")
    run_cli("build", "-q", root=root, check=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(SLUGS)
    assert (root / "content" / "newsletter.yaml").is_file()  # the link's target is untouched


def test_writers_to_one_out_folder_take_turns(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "k1"
    output.write_folder(folder, {"a.txt": b"first"})
    writing = threading.Event()
    release = threading.Event()
    write = output._write_file
    blocked = {"thread": None}

    def slow(path: Path, body: bytes) -> None:
        if threading.current_thread() is blocked["thread"]:
            writing.set()
            release.wait(10)
        write(path, body)

    errors: list[BaseException] = []

    def run(body: bytes) -> None:
        try:
            output.write_folder(folder, {"a.txt": body}, keep_others=False)
        except BaseException as error:
            errors.append(error)

    output._write_file = slow
    try:
        first = threading.Thread(target=run, args=(b"second",))
        blocked["thread"] = first
        first.start()
        assert writing.wait(10)
        second = threading.Thread(target=run, args=(b"third",))
        second.start()
        second.join(0.5)
        assert second.is_alive(), "the second writer must wait for the first"
        release.set()
        first.join(10)
        second.join(10)
    finally:
        output._write_file = write
    assert errors == []
    assert (folder / "a.txt").read_bytes() == b"third"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["k1"]


def test_ctrl_c_between_the_two_renames_puts_the_previous_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out" / "k1"
    output.write_folder(folder, {"a.txt": b"old"})
    rename = os.rename

    def interrupted(src, dst, *args, **kwargs):
        rename(src, dst, *args, **kwargs)
        if ".old-" in str(dst):
            raise KeyboardInterrupt

    monkeypatch.setattr(platform, "exchange", lambda first, second: False)
    monkeypatch.setattr(os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_folder(folder, {"a.txt": b"new"})
    monkeypatch.undo()
    assert (folder / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["k1"]
