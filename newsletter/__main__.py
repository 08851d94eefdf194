"""Run the command line: python -m newsletter, and the newsletter console script."""

from __future__ import annotations


def run() -> None:
    """Load the command line and run it; Ctrl-C while it loads ends it quietly, as interrupted."""
    try:
        from newsletter.cli import main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
