"""A new process takes the models' validators from the cache folder, never stale ones."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsletter.cache import ENV_VAR
from newsletter.models import compiled
from tests.support import EXAMPLE_SLUG, tree_bytes

# Builds in a new process and says which models pydantic built a schema for itself.
BUILD_COUNTING_SCHEMAS = """
import json, sys
from pydantic._internal import _model_construction
built = []
complete = _model_construction.complete_model_class
def counting(cls, *args, **kwargs):
    built.append(cls.__name__)
    return complete(cls, *args, **kwargs)
_model_construction.complete_model_class = counting
from newsletter.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    print(json.dumps({"code": stop.code}))
print(json.dumps(built))
"""


def build(site: Path, cache: Path) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """Build the example with --force in a new process; return the models it built."""
    result = subprocess.run(
        [sys.executable, "-c", BUILD_COUNTING_SCHEMAS, "build", "--force", "-q", f"--root={site}"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(cache)},
    )
    return json.loads(result.stdout.splitlines()[-1]), result


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("models-*/*.pickle"))


def test_the_next_process_takes_the_validators_from_the_cache(site: Path, tmp_path: Path) -> None:
    first, _ = build(site, tmp_path / "cache")
    assert "Issue" in first
    kept = [path.name.split(".")[-2] for path in entries(tmp_path / "cache")]
    assert kept == ["Issue", "Palette", "Settings"]
    output = tree_bytes(site / "out" / EXAMPLE_SLUG)
    again, result = build(site, tmp_path / "cache")
    assert again == [], result.stderr
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == output


def test_a_validator_from_the_cache_words_errors_the_same(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "cache")
    issue = site / "content" / "issues" / f"{EXAMPLE_SLUG}.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("number: 142", "number: many"), encoding="utf-8"
    )
    built, cached = build(site, tmp_path / "cache")
    assert built == []
    shutil.rmtree(tmp_path / "cache")
    built, fresh = build(site, tmp_path / "cache")
    assert "Issue" in built
    assert cached.stderr == fresh.stderr
    assert f"{EXAMPLE_SLUG}.md:" in cached.stderr and "number" in cached.stderr


def test_a_damaged_entry_is_built_again(site: Path, tmp_path: Path) -> None:
    build(site, tmp_path / "cache")
    output = tree_bytes(site / "out" / EXAMPLE_SLUG)
    for index, entry in enumerate(entries(tmp_path / "cache")):
        entry.write_bytes([b"", b"not a pickle", entry.read_bytes()[:100]][index % 3])
    built, result = build(site, tmp_path / "cache")
    assert "Issue" in built, result.stderr
    assert tree_bytes(site / "out" / EXAMPLE_SLUG) == output
    built, _ = build(site, tmp_path / "cache")
    assert built == []


@pytest.mark.parametrize("edited", ["models/blocks.py", "models/settings.py", *compiled.SOURCES])
def test_the_fingerprint_follows_the_source_of_the_schemas(tmp_path: Path, edited: str) -> None:
    package = tmp_path / "newsletter"
    folder = package / "models"
    shutil.copytree(compiled.MODELS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in compiled.SOURCES:
        shutil.copy(compiled.MODELS.parent / name, package / name)
    before = compiled.fingerprint(folder)
    assert compiled.fingerprint(folder) == before
    path = package / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert compiled.fingerprint(folder) != before


def test_the_fingerprint_covers_every_module_the_models_import() -> None:
    imported = set()
    for path in compiled.MODELS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    ours = {name for name in imported if name.startswith("newsletter.")}
    outside = {name for name in ours if not name.startswith("newsletter.models")}
    # The cache module only says where entries go; it shapes no schema.
    covered = {f"newsletter.{name.removesuffix('.py')}" for name in compiled.SOURCES}
    assert outside - {"newsletter.cache"} <= covered


def test_with_pydantic_plugins_wanted_the_models_build_their_own(
    site: Path, tmp_path: Path
) -> None:
    build(site, tmp_path / "cache")
    result = subprocess.run(
        [sys.executable, "-c", BUILD_COUNTING_SCHEMAS, "build", "--force", "-q", f"--root={site}"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ENV_VAR: str(tmp_path / "cache"), "PYDANTIC_DISABLE_PLUGINS": ""},
    )
    assert "Issue" in json.loads(result.stdout.splitlines()[-1]), result.stderr
