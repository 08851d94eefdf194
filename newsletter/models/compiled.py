"""Model validators kept between runs, as compiled templates are.

pydantic builds a model's validator from its annotations the first time the model
validates (the models defer it): about 30 ms for an issue, in every new process. The
validator it builds pickles as the core schema it was made from, and pydantic-core
makes it again from that in about a millisecond. So the first process to validate a
model keeps the schema, the validator and the serializer in the user's cache folder,
under a fingerprint of the models' source, pydantic's version and Python's, and the
processes after it start from there. An entry that cannot be read is built again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

import pydantic
import pydantic_core
from pydantic import BaseModel
from pydantic_core import SchemaSerializer, SchemaValidator

from newsletter import cache

MODELS = Path(__file__).resolve().parent
# The modules outside models/ whose values end up in a schema (services.py names the
# mailing services a Literal lists) or whose functions it calls; tests/test_layout.py
# checks that every module the models import is here.
SOURCES = ("services.py", "markdown.py")
# What PYDANTIC_DISABLE_PLUGINS holds when pydantic uses no plugins: a kept validator
# is a plain one, so with plugins wanted the models build their own.
_NO_PLUGINS = ("__all__", "1", "true")


def prepare(model: type[BaseModel]) -> None:
    """Make ``model`` ready to validate, taking its validator from the cache if there."""
    if model.__pydantic_complete__:
        return
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _NO_PLUGINS:
        model.model_rebuild()
        return
    path = _entry(model)
    if path is not None and _install(model, path):
        return
    model.model_rebuild()
    if path is not None:
        _keep(model, path)


def fingerprint(folder: Path = MODELS) -> str:
    """Name what a model's schema is made from: the models' source, pydantic, Python."""
    digest = hashlib.sha256()
    for part in (sys.version, pydantic.VERSION, pydantic_core.__version__):
        digest.update(part.encode() + b"\0")
    # A rebuilt or patched pydantic may keep its version: its files say it changed.
    for module in (pydantic_core._pydantic_core, pydantic):
        stat = os.stat(module.__file__ or "")
        digest.update(f"{module.__file__} {stat.st_size} {stat.st_mtime_ns}\0".encode())
    sources = [*sorted(folder.glob("*.py")), *(folder.parent / name for name in SOURCES)]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    return cache.folder("models", fingerprint())


def _entry(model: type[BaseModel]) -> Path | None:
    folder = _folder()
    return None if folder is None else folder / f"{model.__module__}.{model.__qualname__}.pickle"


def _install(model: type[BaseModel], path: Path) -> bool:
    """Give the model the schema, validator and serializer kept at ``path``, if readable."""
    try:
        schema, validator, serializer = pickle.loads(path.read_bytes())
    except Exception:  # a missing, cut short or foreign entry: build it instead
        return False
    if not (
        isinstance(schema, dict)
        and isinstance(validator, SchemaValidator)
        and isinstance(serializer, SchemaSerializer)
    ):
        return False
    # What pydantic's own completion sets; the models have no computed or deprecated
    # fields, the rest of it.
    model.__pydantic_core_schema__ = schema
    model.__pydantic_validator__ = validator
    model.__pydantic_serializer__ = serializer
    model.__pydantic_complete__ = True
    return True


def _keep(model: type[BaseModel], path: Path) -> None:
    """Write the model's schema, validator and serializer to ``path`` in one step."""
    entry = (
        model.__pydantic_core_schema__,
        model.__pydantic_validator__,
        model.__pydantic_serializer__,
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        temporary.unlink(missing_ok=True)
