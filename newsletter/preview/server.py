"""Preview issues in a browser: a local web server that rebuilds and reloads on change."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from newsletter.checks import Finding
from newsletter.checks.size import CLIP_BYTES
from newsletter.commands.build import BuildFailed, Built, build
from newsletter.commands.editions import EditionEmail
from newsletter.errors import ContentError, Problem
from newsletter.images.resolve import Placed
from newsletter.opening import open_folder
from newsletter.output import BuiltEmail
from newsletter.pipeline import issue_pictures
from newsletter.preview import watch
from newsletter.preview.http import ARCHIVE_PATH, PICTURES_PATH, make_server
from newsletter.project import ISSUE_SUFFIX, Project, check_slug

DEFAULT_HOST = "127.0.0.1"
# Unassigned by IANA and rarely used by development servers.
DEFAULT_PORT = 4717
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _quiet(*_args: Any, **_kwargs: Any) -> None:
    """Print nothing."""


class Preview:
    """Build the issues, remember the outcome, and wake pages waiting for a change."""

    def __init__(
        self, root: Path, *, slug: str | None = None, echo: Callable[..., None] = _quiet
    ) -> None:
        self.root = root
        self.project = Project(root)
        self.out = self.project.out_dir
        # The latest good build of each issue, shown while a later edit is invalid.
        self._built: dict[str, dict[str, Any]] = {}
        # The problems of each issue's latest build, and those of the folder as a whole
        # (settings, say), which stop every issue from building.
        self._problems: dict[str, list[Problem]] = {}
        self._shared: list[Problem] = []
        self.slug = slug
        self.echo = echo
        self.closed = False
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._state: dict[str, Any] = {
            "version": 0,
            "archive_version": 0,
            "problems": [],
            "issues": [],
        }
        # Counts the builds that rewrote the web archive: its pages reload on this alone.
        self._archive_version = 0
        # Each issue's picture files by name, for the email version they were made for.
        self._pictures: dict[str, tuple[str, dict[str, Placed]]] = {}
        self._picturing = threading.Lock()

    @property
    def state(self) -> dict[str, Any]:
        """Return the latest outcome: version, problems and a summary of each issue."""
        with self._changed:
            return self._state

    def rebuild(self, changed: Iterable[Path] | None = None) -> None:
        """Build what the changed files touch (all, when not told), and tell every page.

        An edited issue file rebuilds that issue only; any other change (settings,
        templates) rebuilds every issue the preview shows, which skips those unchanged.
        """
        with self._building:
            slugs = self._affected(changed)
            if slugs == []:
                if not self._forget_removed():
                    return  # nothing this preview shows has changed
            else:
                self._build(slugs)
            self._publish()

    def wait(self, version: int, *, timeout: float) -> int:
        """Wait until the version differs from ``version`` (or timeout); return the current one."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self._state["version"] != version, timeout=timeout
            )
            return self._state["version"]

    def close(self) -> None:
        """Release every waiting page."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def issue(self, slug: str) -> dict[str, Any] | None:
        """Return the summary of one issue, or None if the preview does not know it."""
        return next((item for item in self.state["issues"] if item["slug"] == slug), None)

    def edition_ids(self, slug: str) -> tuple[str, ...]:
        """Return the ids of an issue's editions as last built, in the settings' order."""
        issue = self.issue(slug)
        if issue is None:
            return ()
        return tuple(edition["id"] for edition in issue.get("editions", ()))

    def pictures(self, slug: str) -> dict[str, Placed]:
        """Return the picture files the build made for an issue's email, by file name.

        They are found again from the content (cached, so nothing is transformed twice),
        once per version of the email; none when the issue is not built or is invalid.
        """
        issue = self.issue(slug)
        if issue is None or not issue.get("built"):
            return {}
        version = issue["html_version"]
        with self._picturing:
            known = self._pictures.get(slug)
            if known is not None and known[0] == version:
                return known[1]
            try:
                made = issue_pictures(open_folder(self.root), slug)
            except ContentError:
                made = ()
            pictures = {placed.name: placed for placed in made}
            self._pictures[slug] = (version, pictures)
            return pictures

    def with_local_pictures(self, slug: str, html: str) -> str:
        """Return the email with each hosted picture's URL replaced by its file's here.

        A picture shows before it is pushed; out/ keeps the hosted URLs.
        """
        for name, placed in self.pictures(slug).items():
            local = picture_path(slug, name)
            html = html.replace(placed.url, local).replace(escape(placed.url), local)
        return html

    def _affected(self, changed: Iterable[Path] | None) -> list[str] | None:
        """Return the slugs to rebuild for these changes, or None for every issue shown."""
        if changed is None:
            return None
        issues = self.project.issues_dir.resolve()
        slugs: set[str] = set()
        for path in changed:
            path = Path(path).resolve()
            if path.parent != issues:
                return None  # settings, templates: every issue may change
            name = path.name
            if name.endswith(ISSUE_SUFFIX) and not name.startswith("."):
                slugs.add(name.removesuffix(ISSUE_SUFFIX))
            # Anything else in content/issues/ (an editor's swap file) is no issue.
        if self.slug:
            return [self.slug] if self.slug in slugs else []
        present = set(self.project.issue_slugs())
        return sorted(slugs & present)

    def _forget_removed(self) -> bool:
        """Drop what is known of issues whose files are gone; return whether there were any."""
        present = set(self._slugs())
        gone = [slug for slug in {*self._built, *self._problems} if slug not in present]
        for slug in gone:
            self._built.pop(slug, None)
            self._problems.pop(slug, None)
        return bool(gone)

    def _build(self, slugs: list[str] | None) -> None:
        if slugs is None:
            slugs = [self.slug] if self.slug else None
        self._forget_removed()
        try:
            report = build(
                self.root, slugs=slugs, on_built=self._report, on_unchecked=self._unchecked
            )
        except BuildFailed as failed:
            report = failed.report
        except ContentError as error:
            self._shared = list(dict.fromkeys(error.problems))
            self._echo_problems(self._shared)
            return
        except Exception as error:  # keep serving: the page shows what went wrong
            self._shared = [Problem("", f"{type(error).__name__}: {error}")]
            self._echo_problems(self._shared)
            return
        if report.archive is not None and report.archive.changed:
            self._archive_version += 1
        self._shared = []
        for slug in slugs if slugs is not None else self._slugs():
            self._problems[slug] = list(dict.fromkeys(report.failed.get(slug, [])))
        self._echo_problems(list(dict.fromkeys(report.problems)))

    def _echo_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.echo(f"error: {problem}", err=True)

    def _publish(self) -> None:
        """Put out a new version of the state and wake every waiting page."""
        slugs = self._slugs()
        problems = [*self._shared]
        for slug in sorted(slugs):
            problems.extend(self._problems.get(slug, []))
        problems = list(dict.fromkeys(problems))
        issues = [self._summary(slug) for slug in slugs]
        with self._changed:
            self._state = {
                "version": self._state["version"] + 1,
                "archive_version": self._archive_version,
                "problems": [str(problem) for problem in problems],
                "issues": issues,
                "clip_bytes": CLIP_BYTES,
            }
            self._changed.notify_all()

    def _unchecked(self, built: Built) -> None:
        """Show a newly written email at once; its checks run after this."""
        self._shared = []
        self._problems[built.slug] = []
        summary = {**_issue_summary(built), "checking": True}
        if "editions" in summary:
            # The page shows one edition's warnings: those rendered by this build are
            # not checked yet; a reused one's findings are known.
            summary["editions"] = [
                {**edition, "checking": edition["id"] in built.editions}
                for edition in summary["editions"]
            ]
        self._built[built.slug] = summary
        self._publish()

    def _report(self, built: Built) -> None:
        unchanged = ", unchanged" if built.reused else ""
        self.echo(f"built out/{built.slug}/ (HTML {built.html_bytes / 1000:.1f} KB{unchanged})")
        for finding in built.findings:
            self.echo(f"  {finding}")
        self._built[built.slug] = _issue_summary(built)

    def _slugs(self) -> list[str]:
        if self.slug:
            return [self.slug]
        return sorted(self.project.issue_slugs(), reverse=True)

    def _summary(self, slug: str) -> dict[str, Any]:
        problems = [*self._shared, *self._problems.get(slug, [])]
        return {
            "slug": slug,
            # Problems in this issue's build, or in files every issue shares.
            "problems": [str(p) for p in dict.fromkeys(problems)],
            "built": False,
            **self._built.get(slug, {}),
        }


def picture_path(slug: str, name: str) -> str:
    """Return the preview's address of one of an issue's picture files."""
    return f"{PICTURES_PATH}/{slug}/{name}"


def _issue_summary(built: Built) -> dict[str, Any]:
    """Return what the preview page shows of a built issue, from the build's typed result."""
    if built.email is not None:
        return _built_summary(built.email)
    return _editions_summary(built)


def _built_summary(email: BuiltEmail) -> dict[str, Any]:
    """Return what the preview page shows of an issue without editions: its one email."""
    return {"built": True, **_email_summary(email, findings=email.findings)}


def _editions_summary(built: Built) -> dict[str, Any]:
    """Return what the preview page shows of an issue built as editions, one per edition.

    The index lists the issue by its first edition, with the largest edition's size
    (the one Gmail would clip first) and every edition's warnings.
    """
    editions = [_edition_summary(email) for email in built.parts]
    first = editions[0]
    versions = "".join(edition["html_version"] for edition in editions)
    return {
        "built": True,
        "editions": editions,
        "subject": first["subject"],
        "preheader": first["preheader"],
        "date": first["date"],
        "html_bytes": max(edition["html_bytes"] for edition in editions),
        "warnings": [str(finding) for finding in built.findings],
        "checking": False,
        "html_version": hashlib.sha256(versions.encode()).hexdigest()[:16],
    }


def _edition_summary(email: EditionEmail) -> dict[str, Any]:
    """Return what the preview page shows of one edition's email, from the build's result."""
    # Labelled with the edition, as check and build print them.
    return {"id": email.id, "name": email.name, **_email_summary(email, findings=email.labelled)}


def _email_summary(email: BuiltEmail, *, findings: Iterable[Finding]) -> dict[str, Any]:
    """Return what the preview page shows of one email: envelope, inbox line, sizes, versions."""
    return {
        "subject": email.subject,
        "preheader": email.preheader,
        "inbox": email.inbox,
        "date": email.date.isoformat(),
        "sender": email.sender,
        "reply_to": email.reply_to,
        "html_bytes": email.html_bytes,
        "text_bytes": email.text_bytes,
        "warnings": [str(finding) for finding in findings],
        "checking": False,
        # Change only when the files do: the page reloads its frames on a new value.
        "html_version": email.html_sha256[:16],
        "text_version": email.text_sha256[:16],
    }


def check_root(root: Path, slug: str | None) -> None:
    """Raise ContentError unless root is a newsletter folder and slug a valid issue name."""
    problems = []
    if not (root / "content").is_dir():
        problems.append(
            Problem("content", "folder not found; run this in a newsletter folder or pass --root")
        )
    if slug is not None:
        try:
            check_slug(slug)
        except ValueError as error:
            problems.append(Problem(Project(root).issue_file(slug), str(error)))
    if problems:
        raise ContentError(problems)


class PreviewServer:
    """The preview: a web server, a watcher and the builds, started and stopped together."""

    def __init__(
        self,
        root: Path,
        *,
        slug: str | None = None,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        echo: Callable[..., None] = _quiet,
    ) -> None:
        check_root(root, slug)
        self.preview = Preview(root, slug=slug, echo=echo)
        self.httpd = make_server(self.preview, host=host, port=port)
        self._stop = threading.Event()
        self.watching = threading.Event()
        """Set once content/ and templates/ are watched: later changes rebuild."""
        self._threads: list[threading.Thread] = []

    @property
    def origin(self) -> str:
        """Return the server's address, e.g. http://127.0.0.1:4717."""
        host, port = self.httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        if host in ("0.0.0.0", "::"):
            host = "localhost"
        if ":" in str(host):
            host = f"[{host}]"
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """Return the address of the page to open: the issue, or the index of issues."""
        path = f"/issues/{self.preview.slug}" if self.preview.slug else "/"
        return f"{self.origin}{path}"

    def start(self) -> None:
        """Start watching, build once, then serve in a background thread.

        Returns once the folders are watched, so every change after it is seen.
        """
        watcher = watch.start(
            self.preview.root, on_paths=self.preview.rebuild, stop=self._stop, ready=self.watching
        )
        self._threads.append(watcher)
        self.preview.rebuild()
        if not watch.wait_ready(watcher, self.watching):
            self.preview.echo(
                "warning: not watching content/ and templates/; restart the preview to see changes",
                err=True,
            )
        thread = threading.Thread(
            target=self.httpd.serve_forever,
            name="preview-http",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving and watching, and release open pages."""
        self._stop.set()
        self.preview.close()
        if any(thread.name == "preview-http" for thread in self._threads):
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(
    root: Path,
    *,
    slug: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    echo: Callable[..., None] = _quiet,
) -> None:
    """Preview until interrupted with Ctrl-C (which then ends the command: exit 130)."""
    server = PreviewServer(root, slug=slug, host=host, port=port, echo=echo)
    try:
        server.start()
        echo(f"preview at {server.url} (Ctrl-C to stop)")
        if server.preview.project.archive_dir.is_dir():
            echo(f"  web archive at {server.origin}{ARCHIVE_PATH}/")
        if host not in LOOPBACK:
            echo(f"  note: listening on {host}: other machines can reach it")
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        threading.Event().wait()
    except KeyboardInterrupt:
        echo("stopped")
        raise
    finally:
        _stop_within(server, seconds=STOP_SECONDS)


# How long Ctrl-C waits for the server, the watcher and a running build to finish.
STOP_SECONDS = 10.0


def _stop_within(server: PreviewServer, *, seconds: float) -> None:
    """Stop the preview, but never let a stuck thread keep the command from exiting."""
    stopper = threading.Thread(target=server.stop, name="preview-stop", daemon=True)
    stopper.start()
    stopper.join(timeout=seconds)
