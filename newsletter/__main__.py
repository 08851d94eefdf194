"""Run the command line: python -m newsletter, and the newsletter console script."""

from __future__ import annotations


def run() -> None:
    """Load the command line and run it; Ctrl-C while it loads ends it quietly, as interrupted."""
    try:
        # First, so that a Ctrl-C while the libraries load is remembered even where one
        # of them swallows the KeyboardInterrupt.
        from newsletter.runtime import startup

        startup.begin_process()
        from newsletter.cli import main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    if startup.interrupted():
        raise SystemExit(130)
    main()


if __name__ == "__main__":
    run()
