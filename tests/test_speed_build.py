"""Incremental and parallel builds: unchanged issues are reused, never stale; workers agree."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.generate import write_issue as generate_issue
from newsletter.commands import build as build_module
from newsletter.commands.build import BuildFailed, Built, build
from newsletter.commands.buildkey import Records
from newsletter.project import Project
from tests.support import (
    EXAMPLE_SLUG,
    edit_settings,
    issue_data,
    own_template,
    run_cli,
    tree_bytes,
    write_issue,
)

OUT_FILES = {"email.html", "email.txt", "email.eml", "manifest.json"}


def rebuilt(site: Path, **options: object) -> list[str]:
    """Build, and return the slugs that were rendered rather than reused."""
    return [built.slug for built in build(site, **options).built if not built.reused]  # type: ignore[arg-type]


def html(site: Path, slug: str = EXAMPLE_SLUG) -> str:
    return (site / "out" / slug / "email.html").read_text(encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def built(site: Path) -> Path:
    """A copy of the example, built once, plus a second issue."""
    generate_issue(site, "second", 12, seed=2)
    assert rebuilt(site) == [EXAMPLE_SLUG, "second"]
    return site


# -- unchanged issues are reused ---------------------------------------------------------


def test_unchanged_issues_are_reported_without_rendering(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {b.slug: b for b in build(built, force=True).built}
    before = tree_bytes(built / "out")

    def no_render(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unchanged issue was rendered")

    monkeypatch.setattr("newsletter.pipeline.render_issue", no_render)
    again = build(built).built
    assert [b.slug for b in again] == [EXAMPLE_SLUG, "second"]
    assert all(b.reused and not b.changed for b in again)
    for item in again:
        assert item.findings == first[item.slug].findings
        assert item.html_bytes == first[item.slug].html_bytes
    assert tree_bytes(built / "out") == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_reports_each_issues_email_made_or_reused(built: Path, jobs: int) -> None:
    made = {item.slug: item for item in build(built, force=True, jobs=jobs).built}
    assert list(made) == [EXAMPLE_SLUG, "second"]
    for slug, item in made.items():
        out = built / "out" / slug
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        email = item.email
        assert email is not None and item.parts == ()
        assert (email.subject, email.preheader, email.date.isoformat()) == (
            manifest["subject"],
            manifest["preheader"],
            manifest["date"],
        )
        assert (email.sender, email.reply_to) == (manifest["from"], manifest["reply_to"])
        for part, name in (("html", "email.html"), ("text", "email.txt")):
            data = (out / name).read_bytes()
            assert getattr(email, f"{part}_sha256") == hashlib.sha256(data).hexdigest()
            assert getattr(email, f"{part}_bytes") == len(data)
        assert email.inbox.startswith(manifest["preheader"][:40])
        assert list(email.findings) == item.findings
        # The issue as the build loaded it, for the archive: it came back from the worker.
        assert item.loaded is not None and item.loaded.path.name == f"{slug}.md"
        assert item.loaded.issue.subject == email.subject
    again = build(built, jobs=jobs).built
    assert all(item.reused and item.loaded is None for item in again)
    assert [item.email for item in again] == [item.email for item in made.values()]


def test_the_cli_says_which_issues_were_unchanged(built: Path) -> None:
    result = run_cli("build", root=built, check=True)
    line = rf"built out/{EXAMPLE_SLUG}/ \(HTML [\d.]+ KB, images [\d.]+ KB, unchanged\)"
    assert re.search(line, result.stdout)
    assert "built 2 issues (2 unchanged) in " in result.stdout
    forced = run_cli("build", "--force", root=built, check=True)
    assert f"built out/{EXAMPLE_SLUG}/ (HTML " in forced.stdout
    assert "unchanged" not in forced.stdout


def test_records_live_in_the_cache_folder_not_in_out(built: Path, cache_folder: Path) -> None:
    folder = built / "out" / EXAMPLE_SLUG
    assert {p.name for p in folder.iterdir()} == OUT_FILES
    assert sorted(p.name for p in (built / "out").iterdir()) == [EXAMPLE_SLUG, "second"]
    records = Records(Project(built))
    assert records.path is not None and records.path.is_relative_to(cache_folder)
    key, manifest = records.get(EXAMPLE_SLUG)  # type: ignore[misc]
    assert len(key) == 64 and len(manifest) == 64


def test_a_lost_or_foreign_record_only_rebuilds(built: Path, tmp_path: Path) -> None:
    records = Records(Project(built))
    assert records.path is not None
    records.path.write_text("not json", encoding="utf-8")
    assert rebuilt(built) == [EXAMPLE_SLUG, "second"]
    # A copy of the folder elsewhere has its own records: it renders once.
    other = tmp_path / "copy"
    shutil.copytree(built, other)
    assert rebuilt(other) == [EXAMPLE_SLUG, "second"]
    assert rebuilt(other) == []


def test_without_a_cache_folder_every_build_renders(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(blocker))
    assert rebuilt(built) == [EXAMPLE_SLUG, "second"]
    assert rebuilt(built) == [EXAMPLE_SLUG, "second"]


# -- every kind of input change rebuilds -------------------------------------------------


def change_issue(site: Path) -> None:
    data, body = issue_data(site)
    data["blocks"][0]["title"] = "A changed headline"
    write_issue(site, data, body)


def change_settings(site: Path) -> None:
    edit_settings(site, tagline="A changed tagline")


def change_partial(site: Path) -> None:
    edit(own_template(site, "blocks/quote.html"), "{{ block.text }}", "{{ block.text }} (changed)")


def change_stylesheet(site: Path) -> None:
    css = own_template(site, "style.css")
    css.write_text(
        css.read_text(encoding="utf-8") + "\n.story-title { word-spacing: 3px; }\n", "utf-8"
    )


def add_override(site: Path) -> None:
    from newsletter.project import BUILTIN_TEMPLATES

    target = site / "templates" / "blocks" / "divider.html"
    assert not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = (BUILTIN_TEMPLATES / "blocks" / "divider.html").read_text(encoding="utf-8")
    target.write_text("<!-- changed divider -->\n" + source, encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "seen"),
    [
        (change_issue, "A changed headline"),
        (change_settings, "A changed tagline"),
        (change_partial, "(changed)"),
        (change_stylesheet, "word-spacing:3px"),
        (add_override, "changed divider"),
    ],
    ids=["issue", "settings", "partial", "stylesheet", "override"],
)
def test_a_changed_input_rebuilds(built: Path, change: Callable[[Path], None], seen: str) -> None:
    assert rebuilt(built) == []
    assert seen not in html(built)
    change(built)
    expected = [EXAMPLE_SLUG] if change is change_issue else [EXAMPLE_SLUG, "second"]
    assert rebuilt(built) == expected
    assert seen in html(built)
    assert rebuilt(built) == []


def test_removing_an_override_rebuilds(built: Path) -> None:
    change_partial(built)
    rebuilt(built)
    (built / "templates" / "blocks" / "quote.html").unlink()
    assert rebuilt(built) == [EXAMPLE_SLUG, "second"]
    assert "(changed)" not in html(built)


def test_force_rebuilds_unchanged_issues(built: Path) -> None:
    assert rebuilt(built, force=True) == [EXAMPLE_SLUG, "second"]


@pytest.mark.parametrize("name", ["email.html", "email.txt", "email.eml", "manifest.json"])
def test_an_edited_output_file_is_rebuilt(built: Path, name: str) -> None:
    path = built / "out" / EXAMPLE_SLUG / name
    good = path.read_bytes()
    path.write_bytes(good.replace(b"Mill Lane", b"Mill Road", 1))
    assert path.read_bytes() != good
    assert rebuilt(built) == [EXAMPLE_SLUG]
    assert path.read_bytes() == good


def test_a_removed_output_file_or_folder_is_rebuilt(built: Path) -> None:
    (built / "out" / EXAMPLE_SLUG / "email.txt").unlink()
    shutil.rmtree(built / "out" / "second")
    assert rebuilt(built) == [EXAMPLE_SLUG, "second"]
    assert (built / "out" / EXAMPLE_SLUG / "email.txt").is_file()


def test_an_invalid_edit_keeps_the_old_folder_and_rebuilds_once_fixed(built: Path) -> None:
    data, body = issue_data(built)
    path = built / "content" / "issues" / f"{EXAMPLE_SLUG}.md"
    original = path.read_bytes()
    before = tree_bytes(built / "out" / EXAMPLE_SLUG)
    write_issue(built, {k: v for k, v in data.items() if k != "subject"}, body)
    with pytest.raises(BuildFailed) as failed:
        build(built)
    assert [b.slug for b in failed.value.report.built] == ["second"]
    assert tree_bytes(built / "out" / EXAMPLE_SLUG) == before
    path.write_bytes(original)  # back to the content the folder was built from
    assert rebuilt(built) == []
    data["subject"] = "Fixed"
    write_issue(built, data, body)
    assert rebuilt(built) == [EXAMPLE_SLUG]


def test_an_issue_edited_while_it_renders_is_rendered_again(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsletter import pipeline

    path = built / "content" / "issues" / f"{EXAMPLE_SLUG}.md"
    original = path.read_bytes()
    real = pipeline.render_issue
    change_issue(built)

    def render_then_revert(*args: object, **kwargs: object) -> object:
        rendered = real(*args, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(original)  # the editor undoes the change meanwhile
        return rendered

    monkeypatch.setattr(pipeline, "render_issue", render_then_revert)
    assert rebuilt(built, slugs=[EXAMPLE_SLUG]) == [EXAMPLE_SLUG]
    monkeypatch.undo()
    assert "A changed headline" in html(built)
    # The folder shows the edit, the file no longer has it: it must not count as built.
    assert rebuilt(built) == [EXAMPLE_SLUG]
    assert "A changed headline" not in html(built)


def test_a_folder_without_issues_still_needs_settings(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = run_cli("build", root=tmp_path)
    assert result.returncode == 2
    assert "content/newsletter.yaml: not found: this is not a newsletter folder" in result.stderr


# -- worker processes ---------------------------------------------------------------------


@pytest.fixture
def batch(site: Path) -> Path:
    for seed in range(1, 7):
        generate_issue(site, f"issue-{seed}", 10 + 4 * seed, seed=seed)
    return site


def test_workers_write_what_one_process_writes(batch: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(batch, other)
    one = [b.slug for b in build(batch, jobs=1).built]
    two = [b.slug for b in build(other, jobs=2).built]
    assert one == two and len(one) == 7
    assert tree_bytes(batch / "out") == tree_bytes(other / "out")


def test_workers_report_in_issue_order(batch: Path) -> None:
    seen: list[Built] = []
    report = build(batch, jobs=2, on_built=seen.append)
    slugs = [EXAMPLE_SLUG, *(f"issue-{n}" for n in range(1, 7))]
    assert [b.slug for b in seen] == [b.slug for b in report.built] == slugs
    assert all(b.html_bytes == len(html(batch, b.slug).encode()) for b in seen)


def test_every_workers_errors_are_reported_in_issue_order(batch: Path) -> None:
    for slug in ("issue-2", "issue-5"):
        path = batch / "content" / "issues" / f"{slug}.md"
        edit(path, "subject:", "subjekt:")
    seen: list[str] = []
    with pytest.raises(BuildFailed) as failed:
        build(batch, jobs=2, on_built=lambda b: seen.append(b.slug))
    files = [problem.file for problem in failed.value.report.problems]
    assert files == sorted(files) and len(files) >= 2
    assert {f.removeprefix("content/issues/") for f in files} == {"issue-2.md", "issue-5.md"}
    assert seen == [EXAMPLE_SLUG, "issue-1", "issue-3", "issue-4", "issue-6"]
    assert not (batch / "out" / "issue-2").exists()


def test_a_failure_inside_a_worker_stops_the_build(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error (a full disk, say) ends the build instead of being lost."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write", broken)
    monkeypatch.setattr(build_module, "_context", _fork_context)
    with pytest.raises(OSError, match="No space left"):
        build(batch, jobs=2)


def _fork_context() -> object:
    import multiprocessing

    return multiprocessing.get_context("fork")


def test_jobs_from_the_command_line(batch: Path) -> None:
    result = run_cli("build", "--jobs", "2", "--quiet", root=batch, check=True)
    assert result.stdout == ""
    assert len(list((batch / "out").iterdir())) == 7
    assert run_cli("build", "--jobs", "0", root=batch).returncode == 2
