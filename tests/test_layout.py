"""The package's layers: data flows one way, and no module imports from a layer above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsletter"
# Lowest first. A module may import from its own layer or any layer below it.
LAYERS: list[tuple[str, ...]] = [
    ("runtime",),
    ("errors", "project", "markdown", "services", "i18n"),
    ("models",),
    ("content",),
    ("render", "mail", "images"),
    ("pipeline",),
    ("checks", "output"),
    ("opening",),
    ("delivery", "archive", "ingest"),
    ("commands",),
    ("preview",),
    ("cli", "__main__", "reference"),
]


def layer_of(module: str) -> int:
    """Return the layer of a module named like 'newsletter.render.css'."""
    top = module.split(".")[1] if "." in module else module
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"{module} is in no layer; add it to LAYERS")


def modules() -> list[tuple[str, Path]]:
    """Return every module of the package with its file."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) > 1:
            found.append((".".join(parts), path))
    return found


def imports(path: Path, module: str) -> set[str]:
    """Return the newsletter modules a file imports, at any depth (function-level too)."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if base == "newsletter")
    return {name for name in found if name.startswith("newsletter.")}


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_no_module_imports_from_a_layer_above(module: str, path: Path) -> None:
    own = layer_of(module)
    above = sorted(name for name in imports(path, module) if layer_of(name) > own)
    assert not above, f"{module} (layer {own}) imports from higher layers: {above}"


def test_click_is_used_only_by_the_cli() -> None:
    users = sorted(
        module
        for module, path in modules()
        if "click" in path.read_text(encoding="utf-8")
        and module != "newsletter.cli"
        and not module.startswith("newsletter.cli.")
        and any(
            line.strip().startswith(("import click", "from click"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    )
    assert users == []


def test_file_names_are_known_in_one_place() -> None:
    """The folder's file names appear as literals only in project.py."""
    literals = (
        '"content/newsletter.yaml"',
        '"content/issues"',
        '"email.html"',
        '"email.eml"',
        '"manifest.json"',
        '"published.json"',
    )
    offenders = sorted(
        f"{module}: {literal}"
        for module, path in modules()
        if module != "newsletter.project"
        for literal in literals
        if literal in path.read_text(encoding="utf-8")
    )
    assert offenders == []


def test_no_module_loads_code_from_data_or_leaves_the_process_abruptly() -> None:
    """No pickle (a cache entry must not run code) and no os._exit (exit as Python does)."""
    offenders = []
    for module, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(
                alias.name in ("pickle", "cPickle", "dill", "shelve") for alias in node.names
            ):
                offenders.append(f"{module}: import {node.names[0].name}")
            elif isinstance(node, ast.ImportFrom) and node.module in ("pickle", "shelve"):
                offenders.append(f"{module}: from {node.module} import ...")
            elif isinstance(node, ast.Attribute) and node.attr == "_exit":
                offenders.append(f"{module}: {ast.unparse(node)}")
    assert offenders == []


def test_no_module_sets_environment_variables_or_stands_in_for_another() -> None:
    """Options are passed, never set in os.environ; sys.modules holds only real modules."""
    offenders = []
    for module, path in modules():
        source = path.read_text(encoding="utf-8")
        for pattern in ("os.environ.setdefault(", "os.environ[", "os.putenv(", "sys.modules["):
            if pattern in source:
                offenders.append(f"{module}: {pattern}")
    assert offenders == []


def test_every_browser_wait_names_its_polling() -> None:
    """Browser waits poll on a timer: animation frames may not run in a frame (see POLL_MS)."""
    offenders = []
    for path in sorted(Path(__file__).parent.glob("**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for_function"
                and not any(keyword.arg == "polling" for keyword in node.keywords)
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
