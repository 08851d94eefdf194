"""The built email's markup: valid attributes, Outlook-safe structure, dark mode, <style>."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsletter.commands.build import build
from tests.support import EXAMPLE_SLUG

CELLS = {"table", "tr", "td", "th", "tbody", "thead", "tfoot"}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example once for the module; return its issue folder."""
    from tests.support import copy_example

    site = copy_example(tmp_path_factory.mktemp("example"))
    build(site)
    return site / "out" / EXAMPLE_SLUG


@pytest.fixture(scope="module")
def page(example: Path) -> str:
    return (example / "email.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(page)


def test_cell_attributes_stay_on_tables_and_cells(tree: lxml_html.HtmlElement) -> None:
    # premailer copies vertical-align and background-color into valign and bgcolor on
    # every element; the HTML validator refuses them outside tables.
    misplaced = [
        (el.tag, name)
        for el in tree.iter()
        if isinstance(el.tag, str) and el.tag not in CELLS | {"body"}
        for name in ("valign", "bgcolor", "align")
        if el.get(name) is not None
    ]
    assert misplaced == []
    assert tree.xpath("//td[@valign]") and tree.xpath("//table[@bgcolor]")
