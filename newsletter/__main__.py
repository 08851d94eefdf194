"""Run the command line: python -m newsletter."""

from newsletter.cli import main

main()
