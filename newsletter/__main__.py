"""Run the command line: python -m newsletter, and the newsletter console script."""

from __future__ import annotations


def run() -> None:
    """Load the command line and run it; Ctrl-C at any moment ends it quietly, as interrupted."""
    try:
        # First, so that a Ctrl-C while the libraries load is remembered even where one
        # of them swallows the KeyboardInterrupt.
        from newsletter.runtime import startup

        startup.begin_process()
        from newsletter.cli import main

        if startup.interrupted():
            raise KeyboardInterrupt
        main()
    except KeyboardInterrupt:
        raise SystemExit(130) from None


if __name__ == "__main__":
    run()
