"""newsletter build: render each issue, check it, and write it to out/<slug>/.

Builds are incremental: each issue folder keeps, in ``.build-key``, a digest of
everything its files were made from (see :mod:`newsletter.commands.buildkey`). An
issue whose digest is unchanged, and whose files still match their manifest, is
reported from its manifest without being rendered again; ``force`` renders it anyway.

Issues to render are shared among ``jobs`` worker processes. Each worker writes the
folders of its issues; the results come back, and are reported, in issue order.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.checks import Finding
from newsletter.commands import buildkey
from newsletter.errors import ContentError, Problem
from newsletter.project import EMAIL_FILES, HTML_FILE, ISSUE_SUFFIX, MANIFEST_FILE, Project

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from newsletter.archive import Published
    from newsletter.pipeline import Newsletter, Rendered


@dataclass(frozen=True)
class Built:
    """One issue rendered, checked and written, or found unchanged since its last build."""

    slug: str
    findings: list[Finding]
    folder: Path
    changed: bool
    """Whether the folder's files changed (False when reused or rebuilt identically)."""
    html_bytes: int
    """The size of the HTML email in bytes."""
    reused: bool = False
    """True when the issue was unchanged and its folder kept as it was, not rendered."""
    record: buildkey.Record | None = field(default=None, repr=False, compare=False)
    """What this build records of the folder (see buildkey); None for a reused one."""


@dataclass
class BuildReport:
    """What a build did: the issues built, in order, and the problems of the others."""

    built: list[Built] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    """The problems of each issue that could not be built, by slug."""
    archive: Published | None = None

    @property
    def reused(self) -> int:
        """Return how many issues were unchanged and not rendered again."""
        return sum(built.reused for built in self.built)


class BuildFailed(ContentError):
    """Some issues were invalid; the report says which were built all the same."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__(report.problems)
        self.report = report


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def open_checked(root: Path) -> Newsletter:
    """Open the newsletter folder and refuse settings that name unknown check rules.

    A process that builds again (the preview) reuses the folder it opened while the
    settings file holds the same bytes; a new process reuses settings that an earlier
    one validated from the same bytes with the same code (see buildkey).
    """
    from newsletter import checks
    from newsletter.pipeline import open_newsletter

    project = Project(root)
    settings = buildkey.settings_content(project)
    known = _opened.get(project.root)
    if settings is not None and known is not None and known[0] == settings:
        return known[1]
    valid = buildkey.saved_settings(settings) if settings is not None else None
    newsletter = open_newsletter(root, settings=valid)
    if valid is None:
        unknown = checks.unknown_rules(newsletter.settings)
        if unknown:
            raise ContentError(unknown)
        if settings is not None and buildkey.settings_content(project) == settings:
            buildkey.save_settings(settings, newsletter.settings)
    if settings is not None and buildkey.settings_content(project) == settings:
        _opened.pop(project.root, None)
        while len(_opened) >= 8:
            _opened.pop(next(iter(_opened)))
        _opened[project.root] = (settings, newsletter)
    return newsletter


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


# The newsletter folders this process opened, with the settings they were read from.
_opened: dict[Path, tuple[bytes, Newsletter]] = {}


def build(
    root: Path,
    *,
    slugs: list[str] | None = None,
    on_built: Callable[[Built], None] | None = None,
    jobs: int | None = None,
    force: bool = False,
    on_unchecked: Callable[[Built], None] | None = None,
) -> BuildReport:
    """Build the named issues (or all) into out/, reporting each as it is written.

    Valid issues are written even when others are not; an invalid one leaves its
    previous output untouched, and BuildFailed is raised at the end. ``jobs`` worker
    processes render (default: one per core); ``force`` rebuilds unchanged issues.
    ``on_unchecked`` is told of each issue written before its checks ran (see write);
    it builds in this process.
    """
    project = Project(root)
    report = BuildReport()
    paths = _cheap_sources(project, slugs)
    if paths is None:  # a missing or misnamed issue: the full path says what is wrong
        paths = _sources(open_checked(root), slugs)
    inputs = buildkey.inputs(project)
    records = buildkey.Records(project)
    plan = [_plan(project, inputs, records, path, force=force) for path in paths]
    if not plan:
        open_checked(root)  # no issues: still refuse a missing folder or broken settings
    pending = [(path, key, inputs) for path, key, reused in plan if reused is None]
    results = _render_all(root, pending, jobs=1 if on_unchecked else jobs, unchecked=on_unchecked)
    made: dict[str, buildkey.Record | None] = {}
    try:
        for path, _key, reused in plan:
            result = reused if reused is not None else next(results)
            if isinstance(result, list):
                report.problems.extend(result)
                report.failed[path.name.removesuffix(ISSUE_SUFFIX)] = result
                continue
            if not result.reused:
                made[result.slug] = result.record
            report.built.append(result)
            if on_built is not None:
                on_built(result)
    finally:
        results.close()
        records.save(made)  # also after an interruption: what was written stays known
    if pending or not plan or _may_have_archive(project):
        newsletter = open_checked(root)
        if newsletter.settings.archive is not None:  # imported only for an archive
            from newsletter.archive import publish

            report.archive = publish(newsletter)
    if report.archive is not None:
        report.problems.extend(p for p in report.archive.problems if p not in report.problems)
    if report.problems:
        raise BuildFailed(report)
    return report


def stale_folders(project: Project) -> list[Path]:
    """Return the issue folders in out/ that a build made but whose issue file is gone."""
    if not project.out_dir.is_dir():
        return []
    slugs = set(project.issue_slugs())
    return [
        folder
        for folder in sorted(project.out_dir.iterdir())
        if folder.is_dir()
        and not folder.is_symlink()
        and folder.name not in slugs
        and _made_by_build(folder)
    ]


def _made_by_build(folder: Path) -> bool:
    """Tell whether a folder holds an issue build: a manifest naming it and its files."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("issue") == folder.name
        and set(EMAIL_FILES) - {MANIFEST_FILE} <= set(data.get("files") or {})
    )


def remove_stale(project: Project) -> list[Path]:
    """Remove the stale issue folders of out/; return them."""
    removed = stale_folders(project)
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def _may_have_archive(project: Project) -> bool:
    """Tell whether the settings may ask for a web archive, without reading them as YAML.

    A build whose issues are all unchanged opens the settings only for the archive,
    which is written on every build; settings that never say "archive" (comment
    lines aside) have none.
    """
    try:
        text = project.settings_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return any("archive" in line for line in lines)


def _plan(
    project: Project,
    inputs: buildkey.Inputs,
    records: buildkey.Records,
    path: Path,
    *,
    force: bool,
) -> tuple[Path, str | None, Built | None]:
    """Return the issue file, its build key, and its report if it need not be built.

    Reads only files: nothing is validated or rendered for an issue left as it was.
    """
    key = inputs.issue_key(path)
    reused = None if force or key is None else _unchanged(project, records, path, key)
    return path, key, reused


def _cheap_sources(project: Project, slugs: list[str] | None) -> list[Path] | None:
    """Return the issue files to build, or None where the full path must explain a problem."""
    try:
        return project.issue_sources(slugs)
    except ContentError:
        return None  # the full path reads the settings first, then names the problem


def _sources(newsletter: Newsletter, slugs: list[str] | None) -> list[Path]:
    from newsletter.pipeline import issue_sources

    return issue_sources(newsletter, slugs)


def _unchanged(project: Project, records: buildkey.Records, path: Path, key: str) -> Built | None:
    """Return the report of an issue whose folder was built from exactly these inputs."""
    slug = path.name.removesuffix(ISSUE_SUFFIX)
    folder = project.out_folder(slug)
    manifest = buildkey.verified_manifest(folder, records.get(slug), key)
    if manifest is None:
        return None
    return Built(
        slug=slug,
        findings=[Finding(**finding) for finding in manifest["checks"]],
        folder=folder,
        changed=False,
        html_bytes=manifest["files"][HTML_FILE]["bytes"],
        reused=True,
    )


def write(
    newsletter: Newsletter,
    rendered: Rendered,
    *,
    key: str | None = None,
    unchecked: Callable[[Built], None] | None = None,
) -> Built:
    """Check a rendered issue and write its files to out/<slug>/, with its build key.

    With ``unchecked``, the email files are written (with no findings and no key) and
    reported before the checks run, then written again with them: a preview shows
    the new email sooner.
    """
    from newsletter import checks, output

    folder = newsletter.project.out_folder(rendered.slug)
    before = None
    if unchecked is not None:
        # The manifest describes every other file: it tells whether the folder ends
        # up as it was.
        before = _read(folder / MANIFEST_FILE)
        files = output.email_files(rendered, findings=[])
        changed = output.write_folder(folder, files)
        unchecked(Built(rendered.slug, [], folder, changed, len(files[HTML_FILE])))
    findings = checks.check(rendered)
    files = output.email_files(rendered, findings=findings)
    changed = output.write_folder(folder, files)
    if before is not None:
        changed = before != files[MANIFEST_FILE]
    return Built(
        rendered.slug,
        findings,
        folder,
        changed,
        len(files[HTML_FILE]),
        record=buildkey.record(key, files),
    )


# -- rendering, in this process or in workers -------------------------------------------

Result = Built | list[Problem]
Task = tuple[Path, str | None, buildkey.Inputs]
_worker: dict[str, object] = {}


def _render_all(
    root: Path,
    pending: list[Task],
    *,
    jobs: int | None,
    unchecked: Callable[[Built], None] | None = None,
) -> Generator[Result, None, None]:
    """Yield the result of each pending issue, in order, from workers when it pays."""
    if not pending:
        return (result for result in ())
    newsletter = open_checked(root)  # settings problems are reported once, before any issue
    workers = min(jobs or default_jobs(), len(pending))
    if workers <= 1:
        return (_render_one(newsletter, task, unchecked=unchecked) for task in pending)
    return _in_workers(root, pending, workers=workers)


def _render_one(
    newsletter: Newsletter, task: Task, *, unchecked: Callable[[Built], None] | None = None
) -> Result:
    """Render, check and write one issue; return its report or its problems."""
    from newsletter.content.loader import load_issue
    from newsletter.pipeline import render_issue

    path, key, inputs = task
    try:
        rendered = render_issue(newsletter, load_issue(path, project=newsletter.project))
    except ContentError as error:
        return error.problems
    # An input edited while this issue rendered: record no key, so the next build renders.
    if key is not None and (inputs.issue_key(path) != key or not inputs.unchanged_since()):
        key = None
    return write(newsletter, rendered, key=key, unchecked=unchecked)


def _in_workers(root: Path, pending: list[Task], *, workers: int) -> Generator[Result, None, None]:
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_start_worker, initargs=(root,)
    )
    try:
        yield from executor.map(_work, pending, chunksize=1)
    except BaseException:
        # Running workers finish the issue they are writing; no other one starts.
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown()


def _context() -> BaseContext:
    """Fork where it is safe (Linux, one thread): workers start with this process's imports."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(root: Path) -> None:
    from newsletter.runtime import platform, startup

    startup.start_worker()
    platform.die_with_parent()
    _worker["root"] = root


def _work(task: Task) -> Result:
    """Build one issue in a worker, opening the newsletter folder on its first issue."""
    newsletter = _worker.get("newsletter")
    if newsletter is None:
        newsletter = _worker["newsletter"] = open_checked(_worker["root"])  # type: ignore[arg-type]
    return _render_one(newsletter, task)  # type: ignore[arg-type]
