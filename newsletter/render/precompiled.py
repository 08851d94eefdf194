"""The built-in templates compiled ahead of time, so that a first run need not compile them.

Jinja compiles a template's text to Python before it can render it: for the
built-in templates, about a hundred milliseconds of a first run (later runs load
them from the cache store). ``python -m newsletter.render.precompiled`` compiles
them with Jinja's ``compile_templates`` into the package, beside a manifest of the
Jinja version, the compile options and the source text each one was made from; a
test fails while they are not current. Python's own bytecode of those modules is
made when the package is installed.

A compiled template is used only when its manifest names the running Jinja, the
same options and the very text the loader just read: an edited built-in template,
or another Jinja, is compiled as usual.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

from newsletter.project import BUILTIN_COMPILED, BUILTIN_TEMPLATES, COMPILED_MANIFEST

_MODULE = re.compile(r"tmpl_[0-9a-f]{40}\.py")


def code_for(name: str, filename: str | None, source: str, *, options: str) -> CodeType | None:
    """Return the compiled code of a built-in template read from ``filename``, if current."""
    if filename is None or Path(filename) != BUILTIN_TEMPLATES / name:
        return None
    entry = _manifest(options).get(name)
    if entry is None or entry[1] != _digest(source):
        return None
    module = BUILTIN_COMPILED / entry[0]
    loader = importlib.machinery.SourceFileLoader(f"newsletter_template_{module.stem}", str(module))
    try:
        code = loader.get_code(loader.name)
    except (OSError, SyntaxError, ImportError):
        return None
    # Jinja names a template's file, in messages, after its code's.
    return None if code is None else code.replace(co_filename=filename)


@lru_cache(maxsize=4)
def _manifest(options: str) -> dict[str, tuple[str, str]]:
    """Return {template: (module file, source digest)} if made by this Jinja and options."""
    try:
        data = json.loads((BUILTIN_COMPILED / COMPILED_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or (data.get("jinja"), data.get("options")) != (
        jinja2.__version__,
        options,
    ):
        return {}
    templates = data.get("templates")
    if not isinstance(templates, dict):
        return {}
    return {
        name: (entry["module"], entry["source"])
        for name, entry in templates.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("module"), str)
        and _MODULE.fullmatch(entry["module"])
        and isinstance(entry.get("source"), str)
    }


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def write(env: jinja2.Environment, target: Path, *, options: str) -> None:
    """Compile every template ``env`` finds into ``target``, with its manifest."""
    if target.exists():
        shutil.rmtree(target)
    env.compile_templates(str(target), zip=None, ignore_errors=False)
    assert env.loader is not None
    templates: dict[str, Any] = {}
    for name in env.list_templates():
        source, _filename, _uptodate = env.loader.get_source(env, name)
        templates[name] = {
            "module": jinja2.ModuleLoader.get_module_filename(name),
            "source": _digest(source),
        }
    manifest = {"jinja": jinja2.__version__, "options": options, "templates": templates}
    (target / COMPILED_MANIFEST).write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def main() -> None:
    """Compile the built-in templates into the package."""
    from newsletter.render.environment import builtin_environment, compile_fingerprint

    write(builtin_environment(), BUILTIN_COMPILED, options=compile_fingerprint())
    print(f"compiled the built-in templates into {BUILTIN_COMPILED}", file=sys.stderr)


if __name__ == "__main__":
    main()
