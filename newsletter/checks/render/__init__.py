"""Checks on the email as Chromium draws it in emulated client modes (``check --render``).

The rules register with the others and report nothing until the email has been looked
at (``look``); the browser and Playwright are only loaded then.
"""

from __future__ import annotations

from newsletter.checks.render import rules

__all__ = ["rules"]
