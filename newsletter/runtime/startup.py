"""How a command's process starts: Ctrl-C remembered, the garbage collector paused while loading.

Loading a command makes some 100,000 objects that live to the end of the process, and
the collector would walk them again and again: a twentieth of a cold build. It is off
while a command loads; once the command is loaded (a build: once its first issue is
written) what the process holds is frozen out of its way and collection resumes.
"""

from __future__ import annotations

import gc
import signal
import sys
from typing import Any


class _Pressed:
    """Whether Ctrl-C was pressed while the command ran."""

    ctrl_c = False


_pressed = _Pressed()


def begin_process() -> None:
    """Prepare this process to run one command from its console script."""
    signal.signal(signal.SIGINT, _ctrl_c)
    sys.unraisablehook = _unraisable
    gc.disable()


def loaded() -> None:
    """Freeze what the process holds so far, and collect garbage again from here on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def start_worker() -> None:
    """Prepare a forked worker: leave the parent's objects alone, collect its own."""
    # Ctrl-C reaches the whole process group; the main process stops the workers after
    # the issue each one is writing, so that no folder is left half-written.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.enable()


def interrupted() -> bool:
    """Tell whether Ctrl-C was pressed while the command ran (even where it was swallowed)."""
    return _pressed.ctrl_c


def _ctrl_c(*_: object) -> None:
    _pressed.ctrl_c = True
    raise KeyboardInterrupt


def _unraisable(unraisable: Any) -> None:
    """Drop a Ctrl-C that landed in code Python runs for itself (a weakref callback).

    Python prints such an exception and goes on, so the command runs to its end, and
    then exits as interrupted; anything else is reported as Python would.
    """
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)
