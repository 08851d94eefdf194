"""Helpers the tests share: the example folder, the CLI run in-process, content edits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SLUG = "2026-06-05"


@dataclass(frozen=True)
class Result:
    """What a command did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def copy_example(root: Path) -> Path:
    """Copy the example newsletter folder (content/ and templates/) to ``root``."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def package_sources(folder: Path) -> Path:
    """Copy what a wheel is built from into ``folder``; return it.

    A build from the repository writes build/ there, which two builds at once (two test
    workers, say) would share.
    """
    folder.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, folder / name)
    shutil.copytree(
        REPO / "newsletter", folder / "newsletter", ignore=shutil.ignore_patterns("__pycache__")
    )
    return folder


def run_cli(
    *args: str, root: Path | None = None, check: bool = False, env: dict[str, str] | None = None
) -> Result:
    """Run the newsletter command in this process, as ``newsletter ARGS --root ROOT``."""
    from newsletter.cli import main

    argv = [*args, *(["--root", str(root)] if root is not None else [])]
    with CliRunner().isolation(env=env) as (stdout, stderr, _):
        try:
            main(argv)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        result = Result(code, stdout.getvalue().decode(), stderr.getvalue().decode())
    if check and result.returncode != 0:
        raise AssertionError(f"newsletter {argv} exited {result.returncode}:\n{result.stderr}")
    return result


def run_process(
    *args: str, root: Path | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newsletter`` in a new process, for what only a process can show."""
    command = [sys.executable, "-m", "newsletter", *args]
    if root is not None:
        command += ["--root", str(root)]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd
    )


def example_lead_url() -> str:
    """Return the hosted URL of the example's lead photo, as its ledger records it."""
    import json

    ledger = json.loads((REPO / "content" / "images.lock").read_text(encoding="utf-8"))
    (url,) = [entry["url"] for entry in ledger["images"].values() if "footbridge" in entry["name"]]
    return str(url)


def edit_settings(root: Path, **changes: object) -> None:
    """Change top-level fields of content/newsletter.yaml in a test's copy."""
    path = root / "content" / "newsletter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def issue_data(root: Path, slug: str = EXAMPLE_SLUG) -> tuple[dict, str]:
    """Return the front matter and body of an issue in a test's copy."""
    text = (root / "content" / "issues" / f"{slug}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def write_issue(root: Path, data: dict, body: str = "", slug: str = EXAMPLE_SLUG) -> Path:
    """Write an issue file with the given front matter and body."""
    path = root / "content" / "issues" / f"{slug}.md"
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` by relative path, to compare before and after."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def own_template(root: Path, name: str) -> Path:
    """Return the folder's own copy of a template, copying the built-in one there first."""
    from newsletter.project import BUILTIN_TEMPLATES

    path = root / "templates" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BUILTIN_TEMPLATES / name, path)
    return path


def greeting_as_sent(service: str, named: str, fallback: str) -> str:
    """Return a greeting as a service's email carries it: in its if/else tags, or the fallback."""
    from newsletter.services import PROFILES

    profile = PROFILES[service]
    branch = profile.if_first_name
    if branch is None or profile.first_name is None:
        return fallback
    with_tag = named.replace("{first_name}", profile.first_name)
    return f"{branch.start}{with_tag}{branch.otherwise}{fallback}{branch.end}"


# -- a runner that forks real CLI processes from an interpreter that has imported them ------


@dataclass(frozen=True)
class Step:
    """One command run by :func:`run_steps`: its arguments, and what to do to it.

    ``files`` are written (relative to the root; None deletes) before it starts;
    ``kill_at`` sends it SIGKILL after that fraction of the time the first step took
    (a step run to its end); ``patch`` names a function ``module:name`` the child
    calls first, to inject a fault.
    """

    args: tuple[str, ...]
    files: dict[str, str | None] | None = None
    kill_at: float | None = None
    patch: str | None = None


@dataclass(frozen=True)
class Ran:
    """What a step did: exit code (negative: killed by that signal), output, resources."""

    code: int
    stdout: str
    stderr: str
    max_rss_mb: float
    cpu_seconds: float
    out: dict[str, dict[str, object]]


def run_steps(
    root: Path, steps: list[Step], *, warm: bool = False, timeout: float = 300
) -> list[Ran]:
    """Run each step as ``newsletter ARGS --root ROOT`` in a process of its own, in order.

    One runner process imports the package once and forks a child per step, so that
    each command starts in milliseconds yet is a real process: killed by a real
    signal, measured by the kernel (peak RSS and CPU time from wait4). After each
    step the runner records out/: per folder, the sha256 of each file and the
    manifest's own list. With ``warm``, the runner renders and checks every issue once
    before forking, so templates are compiled and the stylesheet parsed in each child.
    """
    import json

    job = [
        {
            "args": [*step.args, "--root", str(root)],
            "files": {str(root / k): v for k, v in (step.files or {}).items()},
            "kill_at": step.kill_at,
            "patch": step.patch,
        }
        for step in steps
    ]
    done = subprocess.run(
        [sys.executable, "-c", "from tests.support import _runner; _runner()"],
        input=json.dumps(
            {"out": str(root / "out"), "warm": str(root) if warm else "", "steps": job}
        ),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**_clean_env(), "PYTHONPATH": str(REPO)},
    )
    if done.returncode != 0:
        raise AssertionError(f"runner failed:\n{done.stderr}")
    return [Ran(**result) for result in json.loads(done.stdout)]


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSLETTER_")}


def snapshot_out(out: Path) -> dict[str, dict[str, object]]:
    """Describe out/: for each entry, its files' sha256 and its manifest's file list."""
    import hashlib
    import json

    found: dict[str, dict[str, object]] = {}
    if not out.is_dir():
        return found
    for entry in sorted(out.iterdir()):
        item: dict[str, object] = {"dir": entry.is_dir() and not entry.is_symlink()}
        if item["dir"]:
            files = {p.name: p.read_bytes() for p in sorted(entry.iterdir()) if p.is_file()}
            item["files"] = {name: hashlib.sha256(body).hexdigest() for name, body in files.items()}
            item["sizes"] = {name: len(body) for name, body in files.items()}
            try:
                item["manifest"] = json.loads(files["manifest.json"])["files"]
            except (KeyError, ValueError):
                item["manifest"] = None
        found[entry.name] = item
    return found


def _runner() -> None:
    """The runner's side of :func:`run_steps` (reads the job as JSON on stdin)."""
    import importlib
    import json
    import os
    import signal
    import tempfile
    import time

    import newsletter.cli
    import newsletter.commands.build
    import newsletter.delivery.send
    import newsletter.render.inline

    job = json.load(sys.stdin)
    if job["warm"]:
        from newsletter import checks
        from newsletter.pipeline import open_newsletter, render_all

        for rendered in render_all(open_newsletter(Path(job["warm"]))):
            if not isinstance(rendered, Exception):
                checks.check(rendered)
    results = []
    first_took = 0.0
    for step in job["steps"]:
        for path, text in step["files"].items():
            if text is None:
                Path(path).unlink(missing_ok=True)
            else:
                Path(path).write_text(text, encoding="utf-8")
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            pid = os.fork()
            if pid == 0:  # the child: the command line, as `newsletter ARGS` runs it
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                code = 1
                try:
                    if step["patch"]:
                        module, name = step["patch"].split(":")
                        getattr(importlib.import_module(module), name)()
                    sys.argv = ["newsletter", *step["args"]]
                    newsletter.cli.main()
                except SystemExit as stop:
                    code = stop.code if isinstance(stop.code, int) else 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            started = time.monotonic()
            if step["kill_at"] is not None:
                time.sleep(step["kill_at"] * first_took)
                os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            first_took = first_took or time.monotonic() - started
            out.seek(0)
            err.seek(0)
            results.append(
                {
                    "code": os.waitstatus_to_exitcode(status),
                    "stdout": out.read().decode("utf-8", "replace"),
                    "stderr": err.read().decode("utf-8", "replace"),
                    "max_rss_mb": usage.ru_maxrss / 1024,
                    "cpu_seconds": usage.ru_utime + usage.ru_stime,
                    "out": snapshot_out(Path(job["out"])),
                }
            )
    json.dump(results, sys.stdout)


def page_before_inlining(root: Path, slug: str = EXAMPLE_SLUG) -> str:
    """Return an issue's HTML as the templates make it, before CSS inlining."""
    from newsletter.content.loader import load_issue
    from newsletter.images.resolve import resolve
    from newsletter.pipeline import open_newsletter
    from newsletter.render.environment import context, render_html

    newsletter = open_newsletter(root)
    loaded = load_issue(newsletter.project.issue_path(slug), project=newsletter.project)
    resolved = resolve(
        newsletter.project,
        newsletter.settings,
        loaded.issue,
        source=loaded.path,
        cache=newsletter.cache,
    )
    return render_html(newsletter.env, context(resolved.settings, resolved.issue))


def stylesheet_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the list that each stylesheet premailer parses from now on is added to."""
    import premailer

    calls: list[str] = []
    parse = premailer.Premailer._parse_style_rules

    def counting(self: premailer.Premailer, css: str, index: int) -> object:
        calls.append(css)
        return parse(self, css, index)

    monkeypatch.setattr(premailer.Premailer, "_parse_style_rules", counting)
    return calls
