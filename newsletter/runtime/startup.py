"""How a command's process starts: Ctrl-C remembered, the garbage collector paused while loading.

Loading a command makes some 100,000 objects that live to the end of the process, and
the collector would walk them again and again: a twentieth of a cold build. It is off
while a command loads; once the command is loaded (a build: once its first issue is
written) what the process holds is frozen out of its way and collection resumes.
"""

from __future__ import annotations

import _thread
import contextlib
import gc
import signal
import sys
import threading
from typing import Any


class _Pressed:
    """Whether Ctrl-C was pressed while the command ran, and whether it is listened for."""

    ctrl_c = False
    listening = False


_pressed = _Pressed()


def begin_process() -> None:
    """Prepare this process to run one command from its console script (once)."""
    if _pressed.listening:
        return
    signal.signal(signal.SIGINT, _ctrl_c)
    _pressed.listening = True
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


def _press_again() -> None:
    """Deliver Ctrl-C to the main thread again, waking it from a blocking wait."""
    main = threading.main_thread().ident
    if hasattr(signal, "pthread_kill") and main is not None:
        signal.pthread_kill(main, signal.SIGINT)
    else:
        _thread.interrupt_main()


def interrupted() -> bool:
    """Tell whether Ctrl-C was pressed while the command ran (even where it was swallowed)."""
    return _pressed.ctrl_c


def _ctrl_c(*_: object) -> None:
    _pressed.ctrl_c = True
    raise KeyboardInterrupt


def _unraisable(unraisable: Any) -> None:
    """Pass on a Ctrl-C that landed in code Python runs for itself (a weakref callback).

    Python would print such an exception and go on, so a command that never ends by
    itself (the preview) would ignore the Ctrl-C. It is raised again in the main thread
    instead; anything else is reported as Python would.
    """
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        # A moment later, from another thread: by then the main thread is back in its
        # own code, where the KeyboardInterrupt can end the command.
        with contextlib.suppress(RuntimeError):  # the interpreter is shutting down
            later = threading.Timer(0.01, _press_again)
            later.daemon = True
            later.start()
    else:
        sys.__unraisablehook__(unraisable)
