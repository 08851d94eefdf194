"""Bounded work on hostile content: every case fails fast, in one line, and keeps out/.

Each hostile file is built in a process of its own, measured by the kernel: exit 2,
one ``error:`` line naming the file (and line, and field where there is one), out/
untouched, no traceback, and peak memory and CPU time within generous safety bounds.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.content.loader import MAX_FILE_BYTES, load_issue, load_settings
from newsletter.errors import ContentError
from newsletter.project import Project
from tests.support import EXAMPLE_SLUG, Ran, Step, run_cli, run_steps, snapshot_out

# Safety bounds, far above what a failing build needs (about 60 MB and 0.1 s).
MAX_RSS_MB = 200
MAX_CPU_SECONDS = 5
SETTINGS = "content/newsletter.yaml"
HYPOTHESIS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def laughs(levels: int = 9, *, key: str = "lol") -> str:
    """Return a "billion laughs" alias bomb: 9**levels values from a few hundred bytes."""
    lines = [f'{key}0: &{key}0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*{key}{level - 1}"] * 9)
        lines.append(f"{key}{level}: &{key}{level} [{refs}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 20) -> str:
    """Return merge keys that double the mapping at each level."""
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for level in range(1, levels):
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}]}}")
    return "\n".join(lines) + "\n"


def issue(front: str, *, body: str = "Hello.\n") -> str:
    """Return an issue file with the given YAML, after a valid subject line."""
    return f'---\nsubject: "Hostile"\n{front}---\n{body}'


def example(root: Path) -> str:
    return (root / "content/issues" / f"{EXAMPLE_SLUG}.md").read_text(encoding="utf-8")


def with_line(field: str, value: str):
    """Return a case: the example issue with one top-level field's line written raw."""

    def make(root: Path) -> tuple[str, int]:
        text = example(root)
        start = text.index(f"\n{field}:") + 1
        end = text.index("\n", start)
        return text[:start] + f"{field}: {value}" + text[end:], text[:start].count("\n") + 1

    return make


def with_body(extra: str):
    """Return a case: the example issue with a line added to its Markdown body."""

    def make(root: Path) -> tuple[str, int]:
        text = example(root)
        return text + extra, text.count("\n") + 1

    return make


def raw(text: str | bytes, line: int | str | None = None):
    """Return a case: a whole file, and the line its error names."""
    return lambda root: (text, line)


ISSUE_CASES = {
    # name: (how to make the file and the line its error names, text in the message)
    "alias-bomb": (raw(issue(laughs()), "any"), "aliases (*name) repeat values"),
    "merge-bomb": (raw(issue(merge_bomb()), "any"), "aliases (*name) repeat values"),
    "self-alias": (raw(issue("blocks: &b [*b]\n"), 3), "inside the value it refers to"),
    "flow-5000": (raw(issue("blocks: " + "[" * 5000 + "]" * 5000 + "\n"), 3), "50 levels deep"),
    "flow-100000": (raw(issue("a: " + "[" * 100_000 + "]" * 100_000 + "\n"), 3), "levels deep"),
    "map-100000": (raw(issue("a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"), 3), "deep"),
    "block-2000": (
        raw(issue("blocks:\n" + "".join(" " * i + "- \n" for i in range(1, 2000))), 53),
        "levels deep",
    ),
    "dashes-100000": (raw(issue("blocks:\n  " + "- " * 100_000 + "x\n"), 4), "levels deep"),
    "long-int": (with_line("number", "7" * 5000), "number: is a number of more than"),
    "long-sexagesimal": (with_line("number", ":".join(["59"] * 3000)), "number: is a number"),
    "bad-timestamp": (with_line("date", "!!timestamp 2026-13-45"), "date: is not a valid"),
    "many-values": (raw(issue("blocks:\n" + "  - 1\n" * 30_000), "any"), "more than 20 000"),
    "nul-escape": (with_line("preheader", '"a\\0b"'), "preheader: has the control character"),
    "raw-bel": (with_line("preheader", "a\x07b"), "preheader: has the control character U+0007"),
    "raw-nul-body": (with_body("Hello\x00 world\n"), "intro: has the control character"),
    "ls-subject": (with_line("subject", '"Mill\\L Bcc: x@example.org"'), "remove the U+2028"),
    "nel-subject": (with_line("subject", '"Mill\\N Bcc: x@example.org"'), "remove the U+0085"),
    "cr-subject": (with_line("subject", '"Mill\\r Bcc: x@example.org"'), "remove the U+000D"),
    "not-utf8": (raw(b"---\nsubject: \xff\xfe\n---\n", 2), "is not UTF-8 text"),
}
SETTINGS_CASES = {
    "alias-bomb": (laughs(key="x"), "any", "aliases (*name) repeat values"),
    "flow-100000": ("theme: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "levels deep"),
    "long-int": (None, "  width: 600", "theme.width: is a number of more than 100 characters"),
    "nul-name": (None, "name: ", "name: has the control character U+0000"),
}


def assert_bounded_failure(
    ran: Ran, *, file: str, line: int | str | None, text: str, before: object
) -> None:
    assert ran.code == 2, (ran.code, ran.stderr)
    lines = ran.stderr.splitlines()
    assert len(lines) == 1, ran.stderr
    if line == "any":
        assert re.match(rf"error: {re.escape(file)}:\d+: ", lines[0]), lines[0]
    else:
        place = f"error: {file}:{line}: " if line else f"error: {file}: "
        assert lines[0].startswith(place), lines[0]
    assert text in lines[0], lines[0]
    assert "Traceback" not in ran.stderr and ran.stdout == ""
    assert ran.out == before
    assert ran.max_rss_mb < MAX_RSS_MB, ran.max_rss_mb
    assert ran.cpu_seconds < MAX_CPU_SECONDS, ran.cpu_seconds


@pytest.fixture
def built(site: Path) -> Path:
    run_cli("build", "-q", root=site, check=True)
    return site


def test_hostile_issues_fail_fast_in_one_line(built: Path) -> None:
    issues = built / "content" / "issues"
    steps = []
    lines = {}
    for name, (make, _) in ISSUE_CASES.items():
        path = issues / f"zz-{name}.md"
        text, lines[name] = make(built)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        steps.append(Step(("build", "-q", f"zz-{name}")))
    before = snapshot_out(built / "out")
    for (name, (_, text)), ran in zip(ISSUE_CASES.items(), run_steps(built, steps), strict=True):
        file = f"content/issues/zz-{name}.md"
        assert_bounded_failure(ran, file=file, line=lines[name], text=text, before=before)


def test_hostile_settings_fail_fast_in_one_line(built: Path) -> None:
    good = (built / SETTINGS).read_text(encoding="utf-8")
    edited = {
        "long-int": good.replace("width: 600", "width: " + "6" * 5000),
        "nul-name": good.replace("name: The Millbrook Weekly\n", 'name: "The Millbrook\\0"\n', 1),
    }
    steps = [
        Step(("build", "-q"), files={SETTINGS: front or edited[name]})
        for name, (front, _, _) in SETTINGS_CASES.items()
    ]
    steps.append(Step(("build", "-q"), files={SETTINGS: good}))
    results = run_steps(built, steps)
    before = results[-1].out
    assert results[-1].code == 0
    for (_, line, text), ran in zip(SETTINGS_CASES.values(), results, strict=False):
        if isinstance(line, str) and line != "any":  # the line that starts so
            line = next(n for n, row in enumerate(good.split("\n"), 1) if row.startswith(line))
        assert_bounded_failure(ran, file=SETTINGS, line=line, text=text, before=before)


# -- files that are not plain text files inside the folder --------------------------


def special_entries(root: Path) -> dict[str, str]:
    """Make each kind of bad entry in content/issues/; return its expected message."""
    issues = root / "content" / "issues"
    outside = root.parent / "outside.md"
    outside.write_text((issues / f"{EXAMPLE_SLUG}.md").read_text(encoding="utf-8"))
    (issues / "zz-zero.md").symlink_to("/dev/zero")
    (issues / "zz-outside.md").symlink_to(outside)
    (issues / "zz-dangling.md").symlink_to(issues / "missing.md")
    (issues / "zz-loop.md").symlink_to(issues / "zz-loop.md")
    (issues / "zz-folder.md").mkdir()
    os.mkfifo(issues / "zz-fifo.md")
    big = issues / "zz-huge.md"
    with big.open("wb") as stream:
        stream.write(b"---\nsubject: x\n---\n")
        stream.truncate(MAX_FILE_BYTES + 10)
    (issues / "zz-inside-link.md").symlink_to(issues / f"{EXAMPLE_SLUG}.md")
    return {
        "zz-zero": "is a link to a file outside the newsletter folder",
        "zz-outside": "is a link to a file outside the newsletter folder",
        "zz-dangling": "is a link to nothing",
        "zz-loop": "is a link that loops",
        "zz-folder": "is not a regular file",
        "zz-fifo": "is not a regular file",
        "zz-huge": "is larger than 5 MB",
    }


def test_links_devices_fifos_and_huge_files_are_refused_in_bounded_time(built: Path) -> None:
    expected = special_entries(built)
    before = snapshot_out(built / "out")
    results = run_steps(built, [Step(("build", "-q", slug)) for slug in expected])
    for (slug, message), ran in zip(expected.items(), results, strict=True):
        assert_bounded_failure(
            ran, file=f"content/issues/{slug}.md", line=None, text=message, before=before
        )


def test_valid_issues_build_beside_bad_entries_each_with_one_error(built: Path) -> None:
    expected = special_entries(built)
    result = run_cli("build", root=built)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), lines
    for slug, message in expected.items():
        [line] = [line for line in lines if f"content/issues/{slug}.md" in line]
        assert line.startswith(f"error: content/issues/{slug}.md: {message}"), line
    assert "built out/2026-06-05/" in result.stdout
    assert "built out/zz-inside-link/" in result.stdout  # a link to a file in the folder is fine


def test_settings_that_are_a_fifo_or_a_link_outside_are_refused(site: Path) -> None:
    settings_path = site / SETTINGS
    settings_path.unlink()
    os.mkfifo(settings_path)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert result.stderr == f"error: {SETTINGS}: is not a regular file; it must be a text file\n"
    settings_path.unlink()
    settings_path.symlink_to("/etc/hostname")
    result = run_cli("build", root=site)
    assert result.stderr.startswith(f"error: {SETTINGS}: is a link to a file outside")


# -- property tests: the loader never fails with anything but ContentError ----------

YAMLISH = st.lists(
    st.sampled_from(
        [
            *list("abc:-[]{}&*!|>'\"#,?%@`<= \n\t\\0123.~"),
            "---",
            "...",
            "<<",
            "&a",
            "*a",
            "!!int",
            "!!timestamp",
            "!!binary",
            "\x00",
            "\u2028",
            "\x85",
            "\ufeff",
            "é",
            "\r",
            "\n  ",
            "\n- ",
            "subject",
            "blocks",
            "type: text",
        ]
    ),
    max_size=60,
).map("".join)


def _scalar() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["1", "-1", "0x1F", "1e400", ".nan", "~", "yes", "2026-02-30", "''"]),
        st.text(max_size=12).map(json.dumps),
    )


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_scalar(), children), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
        children.map(lambda value: f"&a {value}"),
        st.just("*a"),
    )


YAML_VALUES = st.recursive(_scalar(), _node, max_leaves=20)
FIELDS = ["subject", "preheader", "date", "number", "blocks", "intro", "x"]


@HYPOTHESIS
@given(front=YAMLISH)
def test_arbitrary_text_as_front_matter_fails_only_as_content_error(
    tmp_path: Path, front: str
) -> None:
    load(tmp_path, f"---\n{front}\n---\nBody\n")


@settings(HYPOTHESIS, max_examples=60)
@given(values=st.lists(st.tuples(st.sampled_from(FIELDS), YAML_VALUES), max_size=6))
def test_arbitrary_yaml_values_fail_only_as_content_error(tmp_path: Path, values) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in values)
    load(tmp_path, f"---\n{front}---\nBody\n")


@HYPOTHESIS
@given(text=YAMLISH)
def test_arbitrary_settings_fail_only_as_content_error(tmp_path: Path, text: str) -> None:
    root = tmp_path / "p"
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / SETTINGS).write_text(text, encoding="utf-8", newline="")
    try:
        load_settings(Project(root))
    except ContentError as error:
        assert error.problems and all("\n" not in str(p) for p in error.problems)


def load(tmp_path: Path, text: str) -> None:
    root = tmp_path / "p"
    issues = root / "content" / "issues"
    issues.mkdir(parents=True, exist_ok=True)
    path = issues / "x.md"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        load_issue(path, project=Project(root))
    except ContentError as error:
        assert error.problems and all("\n" not in str(p) for p in error.problems)
