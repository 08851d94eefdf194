"""Fixtures: a throwaway copy of the example newsletter folder, a private cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import copy_example


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a copy of the example newsletter folder (content/ and templates/)."""
    return copy_example(tmp_path / "site")


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep compiled templates in a temporary folder, never in the user's cache."""
    from newsletter.cache import ENV_VAR

    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(folder))
        yield folder
