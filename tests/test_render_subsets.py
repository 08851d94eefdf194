"""check --render on the example cut to a sample of its block subsets: no findings.

All 4,095 subsets take over half an hour (benchmarks/render_subsets.py runs them); the
suite runs a fixed sample with one browser: every block type alone and a few seeded
random larger subsets, in every mode at every width; and every pair with a block that
lays out columns, images or buttons (grid, promo, button, lead) in every mode, at the
widths where those break only (320 and 414 px phones, 800 px desktop).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks.render_subsets import render_findings, subsets, write_subset
from newsletter.checks.render.modes import Mode, modes
from newsletter.errors import CommandFailed
from newsletter.models import BLOCK_TYPES
from tests.browser import unavailable
from tests.support import copy_example

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Blocks with their own columns, images or buttons: the ones neighbours can break.
LAYOUT_TYPES = ("grid", "promo", "button", "lead")
# The widths pairs are looked at: the narrowest phone; the 3-column grid's critical
# width without <style>, where the modes measured at two widths are measured instead;
# the widest desktop, where Outlook's button is estimated.
PAIR_WIDTHS = (320, 414, 800)
PAIR_PHONE = 414
SEED = 21
RANDOM_SUBSETS = 4


def pair_modes() -> tuple[Mode, ...]:
    """Return every mode, cut to the widths pairs are looked at."""
    return tuple(
        replace(mode, widths=tuple(w for w in mode.widths if w in PAIR_WIDTHS) or (PAIR_PHONE,))
        for mode in modes()
    )


SINGLES = [frozenset({kind}) for kind in BLOCK_TYPES]
PAIRS = [
    frozenset(pair)
    for pair in itertools.combinations(BLOCK_TYPES, 2)
    if set(pair) & set(LAYOUT_TYPES)
]
RANDOM = random.Random(SEED).sample([s for s in subsets() if 3 <= len(s) <= 11], RANDOM_SUBSETS)


def name(types: frozenset[str]) -> str:
    return "+".join(sorted(types))


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    from newsletter.checks.render.look import browser_page

    try:
        with browser_page() as opened:
            yield opened
    except CommandFailed as error:
        unavailable(str(error))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("render-subsets"))


def test_the_sample_is_what_it_says() -> None:
    assert len(subsets()) == 2 ** len(BLOCK_TYPES) - 1 == 4095
    assert len(SINGLES) == 12 and len(PAIRS) == 38 and len(set(RANDOM)) == RANDOM_SUBSETS
    cut = {mode.name: mode.widths for mode in pair_modes()}
    assert cut["phone"] == (320, 414) and cut["desktop"] == (800,)
    assert cut["no-style"] == PAIR_WIDTHS and cut["dark-outlook"] == (PAIR_PHONE,)
    assert set(cut) == {mode.name for mode in modes()}


@pytest.mark.parametrize("types", SINGLES + RANDOM, ids=name)
def test_a_subset_passes_in_every_mode(page: Page, site: Path, types: frozenset[str]) -> None:
    write_subset(site, types)
    assert render_findings(site, page) == []


@pytest.mark.parametrize("types", PAIRS, ids=name)
def test_a_pair_with_a_layout_block_passes(page: Page, site: Path, types: frozenset[str]) -> None:
    write_subset(site, types)
    assert render_findings(site, page, only=pair_modes()) == []
