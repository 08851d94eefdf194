"""newsletter build: render each issue, check it, and write it to out/<slug>/.

Builds are incremental: each issue folder keeps, in ``.build-key``, a digest of
everything its files were made from (see :mod:`newsletter.commands.buildkey`). An
issue whose digest is unchanged, and whose files still match their manifest, is
reported from its manifest without being rendered again; ``force`` renders it anyway.

Issues to render are shared among ``jobs`` worker processes. Each worker writes the
folders of its issues; the results come back, and are reported, in issue order.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.checks import Finding
from newsletter.commands import buildkey
from newsletter.errors import ContentError, Problem
from newsletter.opening import open_folder
from newsletter.project import (
    ARCHIVE_DIR,
    EMAIL_FILES,
    HTML_FILE,
    ISSUE_SUFFIX,
    MANIFEST_FILE,
    TEXT_FILE,
    Project,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

    from newsletter.archive import Published
    from newsletter.commands.editions import EditionEmail, Editions
    from newsletter.content.loader import Loaded
    from newsletter.output import BuiltEmail
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
    image_bytes: int = 0
    """The weight of the issue's picture files (those the build made), in bytes."""
    record: buildkey.Record | None = field(default=None, repr=False, compare=False)
    """What this build records of the folder (see buildkey); None for a reused one."""
    editions: tuple[str, ...] = ()
    """The editions rendered by this build (those unchanged since the last one are not)."""
    parts: tuple[EditionEmail, ...] = field(default=(), repr=False, compare=False)
    """Every edition's email, in the settings' order, reused or not (none without editions)."""
    email: BuiltEmail | None = field(default=None, repr=False, compare=False)
    """The one email of an issue without editions, reused or not (None with editions)."""
    loaded: Loaded | None = field(default=None, repr=False, compare=False)
    """The issue as this build loaded it (None for a reused one): the archive reads it."""


@dataclass
class BuildReport:
    """What a build did: the issues built, in order, and the problems of the others."""

    built: list[Built] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    """The problems of each issue that could not be built, by slug."""
    archive: Published | None = None
    notes: list[str] = field(default_factory=list)
    """What went wrong on the way but was put right (a worker that died, say)."""

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


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


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
        paths = _sources(open_folder(root), slugs)
    inputs = buildkey.inputs(project, force=force)
    records = buildkey.Records(project, force=force)
    refused = _refused_targets(project, paths)
    plan = [
        refused.get(path) or _plan(project, inputs, records, path, force=force) for path in paths
    ]
    if not plan:
        open_folder(root)  # no issues: still refuse a missing folder or broken settings
    pending = [(path, key, inputs) for path, key, reused in plan if reused is None]
    results = _render_all(
        root,
        pending,
        jobs=1 if on_unchecked else jobs,
        force=force,
        unchecked=on_unchecked,
        notes=report.notes,
    )
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
        newsletter = open_folder(root, force=force)
        if newsletter.settings.archive is not None:  # imported only for an archive
            from newsletter.archive import publish

            loaded = [built.loaded for built in report.built if built.loaded is not None]
            report.archive = publish(newsletter, loaded=loaded)
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
        and (
            set(EMAIL_FILES) - {MANIFEST_FILE} <= set(data.get("files") or {})
            or isinstance(data.get("editions"), list)
        )
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
) -> tuple[Path, str | None, Result | None]:
    """Return the issue file, its build key, and its report if it need not be built.

    Reads only files: nothing is validated or rendered for an issue left as it was.
    """
    key = inputs.issue_key(path)
    reused = None if force or key is None else _unchanged(project, records, path, key)
    return path, key, reused


def _refused_targets(
    project: Project, paths: list[Path]
) -> dict[Path, tuple[Path, None, list[Problem]]]:
    """Return the issues whose out/<slug> the build may not replace, with the reason.

    The build replaces only what it made: an issue folder, an empty folder, or a link
    (replaced, never followed). Anything else there is the user's, and the name of the
    web archive's folder is the archive's while the archive is on.
    """
    refused = {}
    for path in paths:
        slug = path.name.removesuffix(ISSUE_SUFFIX)
        problem = None
        if slug == ARCHIVE_DIR and _archive_on(project):
            problem = Problem(
                project.issue_file(slug),
                f"the name {slug!r} is taken by the web archive (out/{ARCHIVE_DIR}/); "
                "rename the file",
            )
        problem = problem or _foreign_target(project, slug)
        if problem is not None:
            refused[path] = (path, None, [problem])
    return refused


def _foreign_target(project: Project, slug: str) -> Problem | None:
    """Describe what is at out/<slug> if the build did not make it."""
    folder = project.out_folder(slug)
    if folder.is_symlink() or not folder.exists():
        return None
    if folder.is_dir() and (_made_by_build(folder) or not any(folder.iterdir())):
        return None
    what = "a folder" if folder.is_dir() else "a file"
    return Problem(
        project.relative(folder),
        f"is {what} this build did not make, and building "
        f"{project.issue_file(slug)} would replace it; move it away or rename the issue",
    )


def _archive_on(project: Project) -> bool:
    """Tell whether the settings turn the web archive on."""
    return _may_have_archive(project) and open_folder(project.root).settings.archive is not None


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
    from newsletter.output import read_email

    slug = path.name.removesuffix(ISSUE_SUFFIX)
    folder = project.out_folder(slug)
    verified = buildkey.verified_folder(folder, records.get(slug), key)
    if verified is None:
        return None
    manifest, files = verified
    parts: tuple[EditionEmail, ...] = ()
    email = None
    try:
        findings = [Finding(**finding) for finding in manifest["checks"]]
        if "editions" in manifest:
            from newsletter.commands.editions import emails_in

            parts = emails_in(manifest, files)
        else:
            email = read_email(manifest, html=files[HTML_FILE], text=files[TEXT_FILE])
    except (ValueError, KeyError, TypeError):
        return None
    return Built(
        slug=slug,
        findings=findings,
        folder=folder,
        changed=False,
        html_bytes=_html_bytes(manifest),
        reused=True,
        image_bytes=int(manifest.get("image_bytes") or 0),
        parts=parts,
        email=email,
    )


def _html_bytes(manifest: dict[str, Any]) -> int:
    """Return the size of an issue's HTML email, or of all its editions' together."""
    if "editions" in manifest:
        return int(manifest["html_bytes"])
    return int(manifest["files"][HTML_FILE]["bytes"])


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
        unchecked(
            Built(
                rendered.slug,
                [],
                folder,
                changed,
                len(files[HTML_FILE]),
                image_bytes=rendered.image_bytes,
                email=output.built_email(rendered, files=files, findings=[]),
            )
        )
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
        image_bytes=rendered.image_bytes,
        email=output.built_email(rendered, files=files, findings=findings),
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
    force: bool,
    unchecked: Callable[[Built], None] | None = None,
    notes: list[str] | None = None,
) -> Generator[Result, None, None]:
    """Yield the result of each pending issue, in order, from workers when it pays."""
    if not pending:
        nothing: list[Result] = []
        return (result for result in nothing)
    # Settings problems are reported once, before any issue.
    newsletter = open_folder(root, force=force)
    workers = min(jobs or default_jobs(), len(pending))
    if workers <= 1:
        return (_render_one(newsletter, task, unchecked=unchecked) for task in pending)
    return _in_workers(
        root, pending, workers=workers, force=force, notes=notes if notes is not None else []
    )


def _render_one(
    newsletter: Newsletter, task: Task, *, unchecked: Callable[[Built], None] | None = None
) -> Result:
    """Render, check and write one issue; return its report or its problems."""
    from newsletter.content.loader import load_issue
    from newsletter.pipeline import render_issue

    path, key, inputs = task
    try:
        loaded = load_issue(path, project=newsletter.project)
        if newsletter.settings.editions:
            return _write_editions(newsletter, loaded, key=key, inputs=inputs, unchecked=unchecked)
        rendered = render_issue(newsletter, loaded)
    except ContentError as error:
        return error.problems
    # An input edited while this issue rendered: record no key, so the next build renders.
    if key is not None and (inputs.issue_key(path) != key or not inputs.unchanged_since()):
        key = None
    return replace(write(newsletter, rendered, key=key, unchecked=unchecked), loaded=loaded)


def _write_editions(
    newsletter: Newsletter,
    loaded: Loaded,
    *,
    key: str | None,
    inputs: buildkey.Inputs,
    unchecked: Callable[[Built], None] | None = None,
) -> Built:
    """Build each edition of an issue into out/<slug>/<edition>/, with one manifest.

    With ``unchecked``, as ``write`` does: the editions are written and reported before
    their checks run, then written again with them.
    """
    from newsletter import output
    from newsletter.commands.editions import build_editions

    folder = newsletter.project.out_folder(loaded.slug)
    # The manifest describes every other file: it tells whether the folder ends up as it was.
    before = _read(folder / MANIFEST_FILE) if unchecked is not None else None

    def early(editions: Editions, tell: Callable[[Built], None]) -> None:
        changed = output.write_folder(folder, editions[1])
        tell(_editions_built(loaded, editions, folder=folder, changed=changed))

    editions = build_editions(
        newsletter,
        loaded,
        inputs=inputs,
        folder=folder,
        unchecked=None if unchecked is None else partial(early, tell=unchecked),
    )
    if key is not None and (inputs.issue_key(loaded.path) != key or not inputs.unchanged_since()):
        key = None
    files = editions[1]
    changed = output.write_folder(folder, files)
    if unchecked is not None:
        changed = before != files[MANIFEST_FILE]
    return _editions_built(
        loaded, editions, folder=folder, changed=changed, record=buildkey.record(key, files)
    )


def _editions_built(
    loaded: Loaded,
    editions: Editions,
    *,
    folder: Path,
    changed: bool,
    record: buildkey.Record | None = None,
) -> Built:
    """Return the report of an issue built as editions."""
    from newsletter.commands.editions import label

    built = editions[0]
    return Built(
        loaded.slug,
        [finding for edition in built for finding in label(edition.findings, edition.id)],
        folder,
        changed,
        sum(len(edition.files[HTML_FILE]) for edition in built),
        record=record,
        image_bytes=sum(int(edition.summary.get("image_bytes") or 0) for edition in built),
        editions=tuple(edition.id for edition in built if not edition.reused),
        parts=tuple(edition.email for edition in built),
        loaded=loaded,
    )


def _in_workers(
    root: Path, pending: list[Task], *, workers: int, force: bool, notes: list[str]
) -> Generator[Result, None, None]:
    """Yield the result of each issue, in order, as ``workers`` processes build them.

    An issue whose worker dies (killed, or crashed in a library) is noted and built once
    more in this process; the other workers go on.
    """
    pool = _Pool(root, size=workers, force=force)
    results: dict[int, Result] = {}
    started = 0
    try:
        for index in range(len(pending)):
            while index not in results:
                while started < len(pending) and pool.free():
                    pool.give(started, pending[started])
                    started += 1
                for done, outcome in pool.wait():
                    if isinstance(outcome, _Died):
                        results[done] = _again_here(
                            root, pending[done], outcome, force=force, notes=notes
                        )
                    else:
                        results[done] = outcome
            yield results.pop(index)
    except BaseException:
        # Running workers finish the issue they are writing; no other one starts.
        pool.finish()
        raise
    finally:
        pool.close()


@dataclass(frozen=True)
class _Died:
    """A worker process that ended without answering: its exit code (-N for signal N)."""

    exitcode: int | None

    def __str__(self) -> str:
        import signal

        code = self.exitcode
        if code is not None and code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"ended with exit code {code}"


def _again_here(root: Path, task: Task, died: _Died, *, force: bool, notes: list[str]) -> Result:
    """Build an issue whose worker died once more, in this process, noting it."""
    path = task[0]
    result = _render_one(open_folder(root, force=force), task)
    outcome = "built it again in the main process"
    if isinstance(result, list):
        outcome += ", which found the errors below"
    notes.append(
        f"{Project(root).relative(path)}: the worker process building it {died}; {outcome}"
    )
    return result


class _Pool:
    """Worker processes fed one issue at a time through a pipe each."""

    def __init__(self, root: Path, *, size: int, force: bool) -> None:
        self._root = root
        self._force = force
        self._context = _context()
        self._size = size
        self._idle: list[_Process] = []
        self._busy: dict[_Process, int] = {}

    def free(self) -> bool:
        """Tell whether a worker is (or may be started) free for an issue."""
        return bool(self._idle) or len(self._busy) < self._size

    def give(self, index: int, task: Task) -> None:
        """Send an issue to a free worker."""
        worker = (
            self._idle.pop()
            if self._idle
            else _Process(self._context, self._root, force=self._force)
        )
        self._busy[worker] = index
        worker.send(task)

    def wait(self) -> list[tuple[int, Result | _Died]]:
        """Wait for at least one busy worker to answer or die; return what came back."""
        from multiprocessing.connection import wait

        ready = set(wait([w.connection for w in self._busy] + [w.sentinel for w in self._busy]))
        answers: list[tuple[int, Result | _Died]] = []
        for worker in list(self._busy):
            if worker.connection not in ready and worker.sentinel not in ready:
                continue
            index = self._busy.pop(worker)
            try:
                answer = worker.receive()
            except BaseException:
                self._idle.append(worker)  # closed with the others
                raise
            answers.append((index, answer))
            if isinstance(answer, _Died):
                worker.close()
            else:
                self._idle.append(worker)
        return answers

    def finish(self) -> None:
        """Wait for the busy workers to end the issue each one is writing."""
        while self._busy:
            self.wait()

    def close(self) -> None:
        """Stop every worker."""
        for worker in [*self._idle, *self._busy]:
            worker.close()
        self._idle.clear()
        self._busy.clear()


class _Process:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, root: Path, *, force: bool) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, root, force), daemon=True)
        self.process.start()
        theirs.close()
        self.sentinel = self.process.sentinel

    def send(self, task: Task) -> None:
        """Hand the worker an issue to build (a dead one answers as dead when waited on)."""
        with contextlib.suppress(OSError):
            self.connection.send(task)

    def receive(self) -> Result | _Died:
        """Return the worker's answer, or how it died without one."""
        try:
            ok, answer = self.connection.recv()
        except (EOFError, OSError):
            self.process.join()
            return _Died(self.process.exitcode)
        if not ok:
            raise answer
        return answer

    def close(self) -> None:
        """Tell the worker to stop, and wait for it."""
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.connection.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _serve(connection: Connection, root: Path, force: bool) -> None:
    """Build the issues sent through ``connection`` until told to stop."""
    from newsletter.images.store import discard_scratch

    _start_worker(root, force)
    try:
        while True:
            try:
                task = connection.recv()
            except EOFError:
                return
            if task is None:
                return
            try:
                answer: tuple[bool, object] = (True, _work(task))
            except Exception as error:  # sent back, raised again in the main process
                answer = (False, error)
            connection.send(answer)
    finally:
        # A worker process ends without Python's exit handlers, which would remove it.
        discard_scratch()


def _context() -> BaseContext:
    """Fork where it is safe (Linux, one thread): workers start with this process's imports."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(root: Path, force: bool) -> None:
    from newsletter.runtime import platform, startup

    startup.start_worker()
    platform.die_with_parent()
    _worker["root"] = root
    _worker["force"] = force


def _work(task: Task) -> Result:
    """Build one issue in a worker, opening the newsletter folder on its first issue."""
    newsletter = _worker.get("newsletter")
    if newsletter is None:
        newsletter = _worker["newsletter"] = open_folder(
            _worker["root"],  # type: ignore[arg-type]
            force=bool(_worker["force"]),
        )
    return _render_one(newsletter, task)  # type: ignore[arg-type]
