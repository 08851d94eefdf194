"""Shared fixtures: a throwaway copy of the example newsletter, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SLUG = "2026-06-05"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a copy of the example newsletter folder (content/ and templates/)."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def run_cli(*args: str, root: Path | None = None, check: bool = False,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newsletter`` as a user would, returning its exit code and output."""
    command = [sys.executable, "-m", "newsletter", *args]
    if root is not None:
        command += ["--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise AssertionError(f"{command} exited {result.returncode}:\n{result.stderr}")
    return result


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
