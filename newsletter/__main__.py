"""Run the command line: python -m newsletter."""

# The C module, loaded with the interpreter: importing "signal" would take milliseconds.
import _signal
import os

# Until main() takes over, Ctrl-C ends the process at once with the interrupted exit
# code, instead of printing a traceback from the middle of an import.
_signal.signal(_signal.SIGINT, lambda *_: os._exit(130))

from newsletter.cli import main  # noqa: E402 - after the handler, on purpose

main()
