"""The two-edition (English and Welsh) example's output, pinned byte for byte.

``python -m tests.test_golden_editions`` rewrites tests/golden/editions/ from a fresh
build of tests/editions/ when a change of the output is meant.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.support import run_cli

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "editions"
SLUG = "2026-07-03"
EMAIL = ("email.html", "email.txt", "email.eml", "manifest.json")
FILES = (*(f"{edition}/{name}" for edition in ("en", "cy") for name in EMAIL), "manifest.json")


def build_fixture(root: Path) -> Path:
    """Build a copy of the editions example and return its issue folder."""
    shutil.copytree(HERE / "editions" / "content", root / "content")
    run_cli("build", "--quiet", root=root, check=True)
    return root / "out" / SLUG


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("editions"))


def comparable(path: Path) -> bytes:
    """Return a file's bytes; for the issue manifest, without the editions' build keys.

    The keys hold the code's fingerprint, which any change of the package changes.
    """
    if path.name != "manifest.json" or path.parent.name in ("en", "cy"):
        return path.read_bytes()
    data = json.loads(path.read_text(encoding="utf-8"))
    for edition in data["editions"]:
        edition["key"] = ""
    return json.dumps(data, indent=2, ensure_ascii=False).encode()


@pytest.mark.parametrize("name", FILES)
def test_editions_output_is_unchanged(built: Path, name: str) -> None:
    assert comparable(built / name) == comparable(GOLDEN / name), (
        f"{name} differs from tests/golden/editions; if meant, run "
        "python -m tests.test_golden_editions"
    )


def test_the_report_shows_which_story_goes_where(tmp_path: Path) -> None:
    shutil.copytree(HERE / "editions" / "content", tmp_path / "content")
    result = run_cli("editions", SLUG, root=tmp_path, check=True)
    rows = {line.split("  ")[0].strip(): line.split() for line in result.stdout.splitlines()}
    assert rows["1"][-2:] == ["x", "-"]  # parking: English only
    assert rows["2"][-2:] == ["-", "x"]  # Welsh classes: Welsh only
    assert rows["0"][-2:] == ["x", "x"]
    diff = run_cli("editions", SLUG, "--diff", "en", "cy", root=tmp_path, check=True).stdout
    assert "only in en: 1 story: Parking charges stay the same this year" in diff
    assert "only in cy: https://www.valecourier.example/news/welsh-classes" in diff
    assert "only in cy: promo of the edition: Eisteddfod y Fro" in diff


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        out = build_fixture(Path(temp))
        for file in FILES:
            (GOLDEN / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / file, GOLDEN / file)
    sys.exit(0)
