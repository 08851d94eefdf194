"""Fixtures: a throwaway copy of the example newsletter folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import copy_example


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a copy of the example newsletter folder (content/ and templates/)."""
    return copy_example(tmp_path / "site")
