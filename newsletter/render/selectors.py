"""CSS selection for premailer with one index per document instead of one XPath pass per rule.

premailer turns each selector of the stylesheet into an XPath query (lxml.cssselect)
and runs it over the whole document: with 80 rules, 80 walks of every element, most
of its time on a large issue. Email stylesheets use few kinds of selector, so those
are matched here against an index of the document built once (elements by class and
by tag), returning what lxml.cssselect would: the same elements, in document order.

Only this grammar is taken, and anything else is left to lxml.cssselect:
compounds of an optional tag name, classes (``.x``), ids (``#x``) and attribute
presence (``[x]``), joined by descendant (space), child (``>``) and adjacent-sibling
(``+``) combinators.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

_NAME = r"-?[_a-zA-Z][_a-zA-Z0-9-]*"
_COMPOUND = re.compile(
    rf"(?P<tag>[a-zA-Z][a-zA-Z0-9]*)?(?P<parts>(?:\.{_NAME}|#{_NAME}|\[{_NAME}\])*)"
)
_PART = re.compile(rf"([.#\[])({_NAME})\]?")
_SELECTOR = re.compile(r"[a-zA-Z0-9_.#\[\] >+-]+")
_COMBINATOR = re.compile(r"\s*([>+])\s*|\s+")
# What XPath's normalize-space() splits on, as lxml.cssselect matches a class.
_XML_SPACE = re.compile(r"[ \t\r\n]+")

Element = Any


class Compound(NamedTuple):
    """One compound selector: tag, classes, ids and attribute names, all required."""

    tag: str | None
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    attributes: tuple[str, ...]

    def matches(self, el: Element, index: Index) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.classes:
            have = index.classes(el)
            if not all(name in have for name in self.classes):
                return False
        if any(el.get("id") != value for value in self.ids):
            return False
        return all(el.get(name) is not None for name in self.attributes)


class Selector(NamedTuple):
    """A complex selector, matched from its last compound leftwards."""

    text: str
    compounds: tuple[Compound, ...]
    combinators: tuple[str, ...]
    """combinators[i] joins compounds[i] and compounds[i + 1]: " ", ">" or "+"."""

    def __call__(self, context: Element) -> list[Element]:
        """Return the matching elements in document order, as lxml.cssselect would."""
        root = context.getroot() if hasattr(context, "getroot") else context
        if root is None or root.getparent() is not None:
            return _fallback(self.text)(context)  # a subtree: not what premailer asks
        return list(self._found(Index.of(root)))

    def matches_any(self, context: Element) -> bool:
        """Tell whether any element matches: the search stops at the first."""
        root = context.getroot() if hasattr(context, "getroot") else context
        if root is None or root.getparent() is not None:
            return bool(_fallback(self.text)(context))
        return next(self._found(Index.of(root)), None) is not None

    def _found(self, index: Index) -> Iterator[Element]:
        """Yield the matching elements in document order."""
        # The elements each compound matches on its own; the last one in document order.
        matching = [index.matching(compound) for compound in self.compounds]
        if not all(matching):
            return
        if len(matching) == 1:
            yield from matching[0]
            return
        sets = [frozenset(found) for found in matching[:-1]]
        end = len(self.compounds) - 1
        yield from (el for el in matching[-1] if self._joined(el, end, sets))

    def _joined(self, el: Element, position: int, sets: list[frozenset[Element]]) -> bool:
        """Tell whether the compounds left of ``position`` match around ``el``."""
        if position == 0:
            return True
        left = sets[position - 1]
        combinator = self.combinators[position - 1]
        if combinator == ">":
            parent = el.getparent()
            return parent in left and self._joined(parent, position - 1, sets)
        if combinator == "+":
            sibling = _previous_element(el)
            return sibling in left and self._joined(sibling, position - 1, sets)
        ancestor = el.getparent()
        while ancestor is not None:
            if ancestor in left and self._joined(ancestor, position - 1, sets):
                return True
            ancestor = ancestor.getparent()
        return False


class Index:
    """A document's elements in order, by class and by tag: built once per document."""

    _last = threading.local()

    def __init__(self, root: Element) -> None:
        self.root = root
        self.elements = [el for el in root.iter() if isinstance(el.tag, str)]
        self.by_tag: dict[str, list[Element]] = {}
        self.by_class: dict[str, list[Element]] = {}
        self._classes: dict[Element, frozenset[str]] = {}
        self._matching: dict[Compound, list[Element]] = {}
        for el in self.elements:
            self.by_tag.setdefault(el.tag, []).append(el)
            value = el.get("class")
            if value is None:
                continue
            names = _class_names(value)
            self._classes[el] = names
            for name in names:
                self.by_class.setdefault(name, []).append(el)

    def classes(self, el: Element) -> frozenset[str]:
        return self._classes.get(el, frozenset())

    def matching(self, compound: Compound) -> list[Element]:
        """Return the elements that the compound matches on its own, in document order."""
        found = self._matching.get(compound)
        if found is None:
            if not (compound.ids or compound.attributes) and len(compound.classes) <= 1:
                if compound.tag is None and compound.classes:  # the commonest: one class
                    return self.by_class.get(compound.classes[0], [])
                if not compound.classes and compound.tag is not None:  # or one tag
                    return self.by_tag.get(compound.tag, [])
            if compound.classes:
                candidates = self.by_class.get(compound.classes[0], [])
            elif compound.tag is not None:
                candidates = self.by_tag.get(compound.tag, [])
            elif compound.attributes:  # e.g. [data-ogsc]: let libxml2 walk the document
                candidates = _having(compound.attributes[0])(self.root)
            else:
                candidates = self.elements
            found = self._matching[compound] = [
                el for el in candidates if compound.matches(el, self)
            ]
        return found

    @classmethod
    def of(cls, root: Element) -> Index:
        """Return the index of the document, reusing the last one built in this thread."""
        last = getattr(cls._last, "index", None)
        if last is None or last.root is not root:
            last = cls._last.index = cls(root)
        return last

    @classmethod
    def forget(cls) -> None:
        """Drop this thread's index, and with it the document it holds."""
        cls._last.index = None


@lru_cache(maxsize=256)
def _having(attribute: str) -> Callable[[Element], list[Element]]:
    """Return an XPath finding the elements that carry an attribute, in document order."""
    from lxml import etree

    return etree.XPath(f"descendant-or-self::*[@{attribute}]")


@lru_cache(maxsize=4096)
def _class_names(value: str) -> frozenset[str]:
    """Return the classes of a class attribute, split as XPath's normalize-space() does."""
    return frozenset(_XML_SPACE.split(value.strip(" \t\r\n"))) - {""}


def _previous_element(el: Element) -> Element | None:
    sibling = el.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


@lru_cache(maxsize=1024)
def compile_selector(text: str) -> Selector | None:
    """Return a fast selector for ``text``, or None if it is outside the grammar."""
    text = text.strip()
    if not text or not _SELECTOR.fullmatch(text):
        return None
    compounds: list[Compound] = []
    combinators: list[str] = []
    position = 0
    for separator in _COMBINATOR.finditer(text):
        compound = _compound(text[position : separator.start()])
        if compound is None:
            return None
        compounds.append(compound)
        combinators.append(separator.group(1) or " ")
        position = separator.end()
    compound = _compound(text[position:])
    if compound is None:
        return None
    compounds.append(compound)
    return Selector(text, tuple(compounds), tuple(combinators))


def _compound(text: str) -> Compound | None:
    match = _COMPOUND.fullmatch(text)
    if not text or match is None:
        return None
    classes: list[str] = []
    ids: list[str] = []
    attributes: list[str] = []
    for kind, name in _PART.findall(match.group("parts")):
        {".": classes, "#": ids, "[": attributes}[kind].append(name)
    if any(name.startswith("-") for name in attributes):
        return None  # not an XPath name (see _having): left to lxml.cssselect
    return Compound(match.group("tag"), tuple(classes), tuple(ids), tuple(attributes))


@lru_cache(maxsize=1024)
def _fallback(text: str) -> Callable[[Element], list[Element]]:
    from lxml.cssselect import CSSSelector

    return CSSSelector(text)
