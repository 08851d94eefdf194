"""The package type-checks with mypy and passes ruff, as CI runs the suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import REPO


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mypy_finds_no_error(tmp_path: Path) -> None:
    result = run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing_to_lint_or_format() -> None:
    checked = run("ruff", "check", "--no-cache", ".")
    assert checked.returncode == 0, checked.stdout
    formatted = run("ruff", "format", "--check", "--no-cache", ".")
    assert formatted.returncode == 0, formatted.stdout
