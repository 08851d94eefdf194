"""Interrupting a command at a chosen moment of its start-up, however loaded the machine.

The command's Python reports each import it finishes (``PYTHONPROFILEIMPORTTIME``) on
a pipe of one page. It blocks on that report until the test reads it, so it cannot
run far ahead of the moment the test means to send Ctrl-C.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

# The smallest pipe Linux makes: a page.
PIPE_BYTES = 4096


def start(command: list[str | Path], *, report: bool = True, **popen: Any) -> subprocess.Popen[str]:
    """Start a command whose stderr is a one-page pipe, its imports reported there (``report``)."""
    env = dict(popen.pop("env", os.environ))
    if report:
        env["PYTHONPROFILEIMPORTTIME"] = "1"
    read, write = os.pipe()
    fcntl.fcntl(read, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=write,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            **popen,
        )
    finally:
        os.close(write)
    # Read by communicate() as the pipe Popen would have made.
    process.stderr = open(read, encoding="utf-8", errors="replace")  # noqa: SIM115
    return process


def read_line(process: subprocess.Popen[str]) -> str:
    """Read one line of stderr a byte at a time: nothing read ahead is lost to communicate()."""
    assert process.stderr is not None
    data = bytearray()
    while not data.endswith(b"\n"):
        byte = os.read(process.stderr.fileno(), 1)
        if not byte:
            break
        data += byte
    return data.decode("utf-8", "replace")


def interrupt(
    process: subprocess.Popen[str], *, after: float, once: str, timeout: float
) -> tuple[str, str]:
    """Send SIGINT ``after`` seconds past the import of module ``once``; return the output."""
    seen = []
    while line := read_line(process):
        seen.append(line)
        if re.search(rf"\|\s+{re.escape(once)}$", line.rstrip()):
            break
    time.sleep(after)
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=timeout)
    return stdout, "".join(seen) + stderr


def own_lines(stderr: str) -> list[str]:
    """Return what the command printed, without the import report."""
    return [line for line in stderr.splitlines() if not line.startswith("import time:")]
