"""Imports that wait until the module is first used."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable


def defer_import(name: str) -> None:
    """Let ``import name`` succeed without loading the module until it is first used.

    The standard LazyLoader does not help: the import statement itself reads
    ``__spec__``, which loads the module.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    deferred = _Deferred(name, spec)
    sys.modules[name] = deferred
    parent, _, child = name.rpartition(".")
    if parent:
        # What loading it would do, for code that reaches it as package.module.
        setattr(sys.modules[parent], child, deferred)


def when_imported(name: str, action: Callable[[types.ModuleType], object]) -> None:
    """Run ``action`` on a module now if it is loaded, else once it is."""
    module = sys.modules.get(name)
    if isinstance(module, _Deferred):
        module.on_load.append(action)
    elif module is not None:
        action(module)
    else:
        action(importlib.import_module(name))


class _Deferred(types.ModuleType):
    """Stands in for a module until any of its attributes is asked for, then loads it."""

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec) -> None:
        super().__init__(name)
        self.__spec__ = spec
        self.on_load: list[Callable[[types.ModuleType], object]] = []

    def __getattr__(self, attribute: str) -> object:
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            sys.modules.pop(self.__name__, None)
            real = importlib.import_module(self.__name__)
            for action in self.__dict__.get("on_load", ()):
                action(real)
            self.__dict__["on_load"] = []
        return getattr(real, attribute)
