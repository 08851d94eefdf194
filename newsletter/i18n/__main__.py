"""``python -m newsletter.i18n``: compile the catalogs after editing a .po file."""

from __future__ import annotations

import sys

from newsletter.i18n.compile import compile_all


def main() -> int:
    """Compile every stale catalog and name it."""
    for language in compile_all():
        print(f"compiled {language}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
