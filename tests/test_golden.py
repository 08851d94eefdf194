"""The example's four output files, pinned byte for byte.

A change that alters the email on purpose updates these files in the same commit:
``python -m tests.test_golden`` rewrites them from a fresh build of the example.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.support import EXAMPLE_SLUG, copy_example, run_cli

GOLDEN = Path(__file__).resolve().parent / "golden" / EXAMPLE_SLUG
FILES = ("email.html", "email.txt", "email.eml", "manifest.json")


def build_example(root: Path) -> Path:
    """Build a copy of the example newsletter and return its issue folder."""
    copy_example(root)
    run_cli("build", "--quiet", root=root, check=True)
    return root / "out" / EXAMPLE_SLUG


@pytest.mark.parametrize("name", FILES)
def test_example_output_is_unchanged(tmp_path: Path, name: str) -> None:
    built = build_example(tmp_path)
    assert (built / name).read_bytes() == (GOLDEN / name).read_bytes(), (
        f"{name} differs from tests/golden; if the change is meant, run python -m tests.test_golden"
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        out = build_example(Path(temp))
        for file in FILES:
            shutil.copyfile(out / file, GOLDEN / file)
    sys.exit(0)
