"""Fixtures: a throwaway copy of the example newsletter folder, a private cache folder,
the machine's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import chromium
from tests.support import copy_example

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a copy of the example newsletter folder (content/ and templates/)."""
    return copy_example(tmp_path / "site")


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep compiled templates in a temporary folder, never in the user's cache."""
    from newsletter.runtime.cache import ENV_VAR, STATE_VAR

    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(folder))
        patch.setenv(STATE_VAR, str(tmp_path_factory.mktemp("state")))
        yield folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch the machine's Chromium once for the module that asks for it."""
    with chromium() as launched:
        yield launched
