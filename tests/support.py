"""Helpers the tests share: the example folder, the CLI run in-process, content edits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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
