"""The cache store runs no code it did not make and serves no entry it did not keep.

Every test builds the example in a new process, as `newsletter build` runs, with the
cache in a folder of its own, and compares the output with a build that had no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import marshal
import os
import pickle
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsletter.runtime import fingerprint
from newsletter.runtime.cache import ENV_VAR, KEY_FILE, MAGIC, STATE_VAR, Store
from tests.support import EXAMPLE_SLUG, copy_example, own_template, tree_bytes


class _Payload:
    """Creates a file when unpickled: what a planted pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def build(site: Path, cache: Path, *args: str, umask: int | None = None) -> str:
    """Build the example in a new process; return what it printed on stderr."""
    shutil.rmtree(site / "out", ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "-q", *args, "--root", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(cache)},
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


# Templates of the folder's own (copies of built-in ones, so the output is the same):
# the built-in templates are compiled ahead of time and never reach the store.
OWN_TEMPLATES = ("email.html", "blocks/story.html", "blocks/quote.html")


@pytest.fixture(autouse=True)
def own_templates(site: Path) -> None:
    for name in OWN_TEMPLATES:
        own_template(site, name)


@pytest.fixture(scope="module")
def clean_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The example's output from a build with an empty cache."""
    root = tmp_path_factory.mktemp("clean")
    site = copy_example(root / "site")
    for name in OWN_TEMPLATES:
        own_template(site, name)
    build(site, root / "cache")
    return tree_bytes(site / "out" / EXAMPLE_SLUG)


def entries(cache: Path) -> list[Path]:
    """Return every entry of the store, of every kind."""
    return sorted(path for path in cache.rglob("*") if path.is_file())


def kinds(cache: Path) -> set[str]:
    return {path.parent.name for path in entries(cache)}


def test_a_build_keeps_every_kind_of_entry(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "cache")
    assert kinds(tmp_path / "cache") == {
        "templates",
        "premailer",
        "inlined",
        "builds",
        "closure",
        "images",
    }
    for path in entries(tmp_path / "cache"):
        assert path.read_bytes().startswith(MAGIC)


def planted_pickle(marker: Path) -> Callable[[bytes], bytes]:
    return lambda _old: pickle.dumps(_Payload(marker))


def planted_marshal(marker: Path) -> Callable[[bytes], bytes]:
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<planted>", "exec")
    return lambda _old: marshal.dumps(code)


def planted_behind_a_header(marker: Path) -> Callable[[bytes], bytes]:
    """Keep the entry's own header, put code behind it (the digest no longer matches)."""
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w')", "<planted>", "exec"))
    return lambda old: old[: old.index(b"\n", len(MAGIC)) + 1] + code


def truncated(old: bytes) -> bytes:
    return old[: len(old) // 2]


def flipped(old: bytes) -> bytes:
    middle = len(old) - max(1, (len(old) - len(MAGIC)) // 3)
    return old[:middle] + bytes([old[middle] ^ 0x20]) + old[middle + 1 :]


@pytest.mark.parametrize(
    "damage", ["pickle", "marshal", "behind-header", "truncated", "flipped-byte"]
)
def test_a_planted_or_damaged_entry_runs_nothing_and_changes_nothing(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes], damage: str
) -> None:
    cache, marker = tmp_path / "cache", tmp_path / "marker"
    make = {
        "pickle": planted_pickle(marker),
        "marshal": planted_marshal(marker),
        "behind-header": planted_behind_a_header(marker),
        "truncated": truncated,
        "flipped-byte": flipped,
    }[damage]
    build(site, cache)
    for path in entries(cache):
        path.write_bytes(make(path.read_bytes()))
    build(site, cache)
    assert not marker.exists()
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output
    # The damaged entries were made again.
    for path in entries(cache):
        assert path.read_bytes().startswith(MAGIC)


def test_two_swapped_entries_are_both_refused(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    cache = tmp_path / "cache"
    build(site, cache)
    templates = [path for path in entries(cache) if path.parent.name == "templates"]
    first, second = templates[0], templates[-1]
    one, other = first.read_bytes(), second.read_bytes()
    first.write_bytes(other)
    second.write_bytes(one)
    build(site, cache)
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output
    assert first.read_bytes() == one and second.read_bytes() == other  # compiled again


def test_swapped_build_records_of_two_folders_never_reuse_the_other_folders_output(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    sites = [copy_example(tmp_path / name) for name in ("a", "b")]
    settings = sites[1] / "content" / "newsletter.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("name: ", "name: Other ", 1), encoding="utf-8")
    outputs = []
    for site in sites:
        build(site, cache)
        outputs.append(tree_bytes(site / "out" / EXAMPLE_SLUG))
    records = [path for path in entries(cache) if path.parent.name == "builds"]
    assert len(records) == 2
    one, other = (path.read_bytes() for path in records)
    records[0].write_bytes(other)
    records[1].write_bytes(one)
    for site, output in zip(sites, outputs, strict=True):
        build(site, cache)
        assert tree_bytes(site / "out" / EXAMPLE_SLUG) == output
    assert outputs[0] != outputs[1]


def test_force_bypasses_every_cache_even_a_valid_looking_entry(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    cache = tmp_path / "cache"
    build(site, cache)
    (memo,) = [path for path in entries(cache) if path.parent.name == "premailer"]
    header, payload = memo.read_bytes()[len(MAGIC) :].split(b"\n", 1)
    rules = json.loads(payload)
    for stylesheet in rules.values():
        for rule in stylesheet:
            rule[2] = rule[2].replace("color:", "color:#ff00ff;x-was:")
    payload = json.dumps(rules).encode()
    memo.write_bytes(MAGIC + signed(header, payload, key=own_key()) + b"\n" + payload)

    for path in entries(cache):  # the email's inlined HTML is made again from the memo
        if path.parent.name == "inlined":
            path.unlink()
    build(site, cache)  # someone with the user's key can change the output
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) != clean_output
    build(site, cache, "--force")
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output


def own_key() -> bytes:
    """Return this user's signing key (the tests' state folder)."""
    return (Path(os.environ[STATE_VAR]) / KEY_FILE).read_bytes()


def signed(header: bytes, payload: bytes, *, key: bytes) -> bytes:
    """Return an entry's header for ``payload``, signed with ``key`` as the store signs."""
    fields = json.loads(header)
    fields.pop("hmac")
    fields["sha256"] = hashlib.sha256(payload).hexdigest()
    body = json.dumps(fields, sort_keys=True).encode()
    fields["hmac"] = hmac.new(key, body, hashlib.sha256).hexdigest()
    return json.dumps(fields, sort_keys=True).encode()


def test_a_restored_cache_signed_by_another_key_runs_nothing(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    """A cache from elsewhere (CI, a backup) with well-formed entries is still not trusted."""
    cache, marker = tmp_path / "cache", tmp_path / "marker"
    build(site, cache)
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w')", "<planted>", "exec"))
    planted = 0
    for path in entries(cache):
        if path.parent.name == "templates":
            header = path.read_bytes()[len(MAGIC) :].split(b"\n", 1)[0]
            forged = signed(header, code, key=b"another machine's key, 32 bytes")
            path.write_bytes(MAGIC + forged + b"\n" + code)
            planted += 1
    assert planted >= len(OWN_TEMPLATES)
    build(site, cache)
    assert not marker.exists()
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output


def test_an_entry_path_that_is_a_fifo_is_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", "code")
    store.put("templates", "one", b"payload")
    (entry,) = [path for path in (tmp_path / "store").rglob("*") if path.is_file()]
    entry.unlink()
    os.mkfifo(entry)
    assert store.get("templates", "one") is None  # and it did not block


def test_a_cache_folder_others_can_write_is_not_used(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    stderr = build(site, cache)
    assert stderr.count("warning:") == 1 and "not private" in stderr and str(cache) in stderr
    assert entries(cache) == []
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output


def test_a_cache_folder_of_another_user_is_not_used(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root, to hand a folder to another user")
        pytest.skip("handing a folder to another user needs root")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    os.chown(cache, 12345, 12345)
    stderr = build(site, cache)
    assert stderr.count("warning:") == 1 and "not private" in stderr
    assert entries(cache) == []
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output


def test_every_folder_the_store_creates_is_private_whatever_the_umask(
    site: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "home" / ".cache" / "newsletter"
    build(site, cache, umask=0)
    made = [tmp_path / "home", tmp_path / "home" / ".cache", cache]
    made += [path for path in cache.rglob("*") if path.is_dir()]
    assert len(made) > 5
    for folder in made:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in entries(cache):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_entry_is_served_only_for_its_own_kind_key_and_code(tmp_path: Path) -> None:
    store = Store(tmp_path, "code-a")
    store.put("templates", "one", b"payload")
    assert store.get("templates", "one") == b"payload"
    assert Store(tmp_path, "code-b").get("templates", "one") is None
    assert store.bypassed().get("templates", "one") is None
    path = next(tmp_path.rglob("*/*"))
    other = path.with_name(hashlib.sha256(b"two").hexdigest()[:40])
    other.write_bytes(path.read_bytes())
    assert store.get("templates", "two") is None


def test_the_code_fingerprint_follows_a_library_deep_in_the_dependencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dict(fingerprint.dependency_closure("newsletter"))
    assert "mdurl" in before  # markdown-it-py's, not ours
    newer = tmp_path / "site-packages" / "mdurl-99.0.dist-info"
    newer.mkdir(parents=True)
    (newer / "METADATA").write_text("Metadata-Version: 2.1\nName: mdurl\nVersion: 99.0\n")
    store = Store(tmp_path / "libraries")
    first = fingerprint.code_fingerprint(store)
    monkeypatch.syspath_prepend(str(newer.parent))
    assert dict(fingerprint.dependency_closure("newsletter"))["mdurl"] == "99.0"
    assert fingerprint.code_fingerprint(store) != first


def test_force_works_out_the_libraries_afresh_too(
    site: Path, tmp_path: Path, clean_output: dict[str, bytes]
) -> None:
    cache = tmp_path / "cache"
    build(site, cache)
    (closure,) = [path for path in entries(cache) if path.parent.name == "closure"]
    header, _payload = closure.read_bytes()[len(MAGIC) :].split(b"\n", 1)
    forged = json.dumps([["mdurl", "0.0.1-forged"]]).encode()
    closure.write_bytes(MAGIC + signed(header, forged, key=own_key()) + b"\n" + forged)
    build(site, cache)  # read: the forged list names the code
    assert b"forged" in closure.read_bytes()
    build(site, cache, "--force")
    assert b"forged" not in closure.read_bytes() and b"markdown-it-py" in closure.read_bytes()
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == clean_output


def test_a_forced_build_reads_nothing_from_the_store_but_the_build_records(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsletter import opening
    from newsletter.commands.build import build as build_in_process
    from newsletter.render import environment, memo
    from newsletter.runtime import cache

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    build_in_process(site, jobs=1)  # every kind of entry is there to be read
    reads: list[str] = []
    real_get = Store.get

    def spy(self: Store, kind: str, key: str) -> bytes | None:
        found = real_get(self, kind, key)
        if found is not None:
            reads.append(kind)
        return found

    monkeypatch.setattr(Store, "get", spy)
    for remembered in (cache._store_at, environment._environment, memo.memo_premailer):
        remembered.cache_clear()  # as a new process would start
    monkeypatch.setattr(opening, "_opened", {})
    build_in_process(site, jobs=1, force=True)
    assert set(reads) <= {"builds"}
