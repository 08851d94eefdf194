"""premailer, doing each stylesheet's work once: per process, and across runs.

premailer spends most of its time on what is the same for every issue of a
newsletter: turning the stylesheet into (specificity, selector, declarations)
rules, parsing each rule's declarations and each template's style attribute
with cssutils, and walking the document once per rule to find its elements.
``memo_premailer()`` returns a premailer subclass that:

- remembers the rules of each stylesheet and the parsed declarations, in this
  process and in the user's cache folder (newsletter.cache), so that a new process
  needs neither cssutils' parser nor, until something is new, cssutils at all;
- selects elements from one index of the document (newsletter.render.selectors).

Everything remembered is plain strings and tuples that premailer made itself, so
the output is byte for byte premailer's. premailer looks up its helpers in its
modules on every call, so small wrappers are installed there once; outside this
subclass they hand every call to premailer's own, and plain premailer is unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import threading
import types
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsletter import cache
from newsletter.lazy import defer_import, when_imported
from newsletter.render.selectors import Index, compile_selector

# Stylesheets whose inlinable rules are remembered (one per newsletter folder, usually).
RULES_MEMO_SIZE = 16
# Parsed declaration lists remembered; a newsletter has a few hundred.
PAIRS_MEMO_SIZE = 20_000
STORE_FORMAT = 1

Rules = tuple[tuple[Any, ...], ...]
Pairs = list[tuple[str, str]]


class _Active(threading.local):
    """Whether this thread is inside a MemoPremailer transform."""

    on = False


_active = _Active()


class _Logging:
    """The cssutils logging level MemoPremailer set (or will set once cssutils loads)."""

    level: int | None = None


_logging = _Logging()


@lru_cache(maxsize=1)
def memo_premailer() -> type:
    """Return premailer's class, remembering each stylesheet's work and selecting faster."""
    # premailer imports requests only to fetch external stylesheets (allow_network is
    # off), and cssutils for work that is usually remembered: load them when used.
    defer_import("requests")
    defer_import("cssutils")
    _import_premailer()
    import premailer.merge_style
    import premailer.premailer
    from lxml import etree
    from premailer import Premailer

    _wrap(premailer.premailer, "merge_styles", _remembered_merge)
    _wrap(premailer.premailer, "_create_cssselector", _fast_selector)
    _wrap(premailer.premailer, "csstext_to_pairs", _remembered_pairs)
    _wrap(premailer.merge_style, "csstext_to_pairs", _remembered_pairs)

    class MemoPremailer(Premailer):  # type: ignore[misc]
        """premailer that does each stylesheet's work once, and selects from an index."""

        def __init__(self, html: Any = None, **options: Any) -> None:
            # premailer would touch cssutils here, loading it: set its logging once it is.
            level = options.pop("cssutils_logging_level", None)
            super().__init__(html, **options)
            if level and _logging.level != level:
                _logging.level = level
                when_imported("cssutils", lambda module: module.log.setLevel(_logging.level))

        def transform(self, *args: Any, **kwargs: Any) -> Any:
            _active.on = True
            try:
                return super().transform(*args, **kwargs)
            finally:
                _active.on = False
                Index.forget()
                _store().save()

        def _style_to_basic_html_attributes(
            self, element: Any, style_content: str, force: bool = False
        ) -> None:
            # The attributes a style implies depend on the style alone: work them out
            # once, on a scratch element, with premailer's own code; then apply them.
            implied = _BASIC.get(style_content)
            if implied is None:
                scratch = etree.Element("scratch")
                super()._style_to_basic_html_attributes(scratch, style_content, force=True)
                implied = _BASIC.put(style_content, tuple(scratch.attrib.items()))
            for key, value in implied:
                if (key in element.attrib and not force) or key in self.disable_basic_attributes:
                    continue
                element.attrib[key] = value

        def _parse_style_rules(self, css_body: str, ruleset_index: int) -> tuple[list, list]:
            # Leftover rules (media queries) are cssutils objects that premailer rewrites
            # in place when it drops <style>; with keep_style_tags it never reads them.
            if not self.keep_style_tags:
                return super()._parse_style_rules(css_body, ruleset_index)
            options = (
                self.strip_important,
                self.exclude_pseudoclasses,
                self.include_star_selectors,
                self.disable_validation,
            )
            key = hashlib.sha256(repr((css_body, ruleset_index, options)).encode()).hexdigest()
            rules = _store().rules.get(key)
            if rules is None:
                found, _leftover = super()._parse_style_rules(css_body, ruleset_index)
                rules = tuple(found)
                _store().add_rules(key, rules)
            return list(rules), []

    return MemoPremailer


def _import_premailer() -> None:
    """Import premailer with a CSSSelector that loads lxml.cssselect when first called.

    premailer takes the class at import; its selectors go through the index here,
    and lxml.cssselect (cssselect's parser is some 10 ms to import) is needed only for
    a selector the index cannot take.
    """
    if "premailer.premailer" in sys.modules:
        return
    stand_in = types.ModuleType("lxml.cssselect")
    stand_in.CSSSelector = _css_selector  # type: ignore[attr-defined]
    placed = sys.modules.setdefault("lxml.cssselect", stand_in) is stand_in
    try:
        import premailer.premailer  # noqa: F401
    finally:
        if placed and sys.modules.get("lxml.cssselect") is stand_in:
            del sys.modules["lxml.cssselect"]


def _css_selector(*args: Any, **kwargs: Any) -> Any:
    """Return lxml's CSSSelector for the selector, importing it on first use."""
    from lxml.cssselect import CSSSelector

    return CSSSelector(*args, **kwargs)


def _wrap(module: types.ModuleType, name: str, replacement: Callable[..., Any]) -> None:
    """Put ``replacement(original, ...)`` in place of a module's function, once."""
    original = getattr(module, name)
    if getattr(original, "newsletter_original", None) is not None:
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _active.on:
            return replacement(original, *args, **kwargs)
        return original(*args, **kwargs)

    # Keep the original's attributes: csstext_to_pairs reads its lock from its own name.
    functools.update_wrapper(wrapper, original)
    wrapper.newsletter_original = original  # type: ignore[attr-defined]
    setattr(module, name, wrapper)


class _Bounded(dict):  # type: ignore[type-arg]
    """A dict that forgets its oldest entries beyond a size."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        while len(self) >= self.size:
            self.pop(next(iter(self)))
        self[key] = value
        return value


# style attribute -> the HTML attributes premailer derives from it (bgcolor, align...)
_BASIC = _Bounded(8192)
# merge_styles' arguments -> the style attribute it makes of them
_MERGED = _Bounded(16384)


def _remembered_merge(
    original: Callable[..., str],
    inline_style: str,
    new_styles: list[Pairs],
    classes: list[str],
    remove_unset_properties: bool = False,
) -> str:
    key = (
        inline_style,
        tuple(tuple(style) for style in new_styles),
        tuple(classes),
        remove_unset_properties,
    )
    found = _MERGED.get(key)
    if found is None:
        found = _MERGED.put(
            key,
            original(
                inline_style, new_styles, classes, remove_unset_properties=remove_unset_properties
            ),
        )
    return found


def _fast_selector(original: Callable[[str], Any], selector: str) -> Any:
    found = compile_selector(selector)
    return found if found is not None else original(selector)


def _remembered_pairs(original: Callable[..., Pairs], csstext: str, validate: bool = True) -> Pairs:
    store = _store()
    key = f"{int(bool(validate))}{csstext}"
    found = store.pairs.get(key)
    if found is None:
        found = original(csstext, validate=validate)
        store.add_pairs(key, found)
    return found


class _Store:
    """What MemoPremailer remembered, loaded from and saved to the user's cache folder."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.rules: dict[str, Rules] = {}
        self.pairs: dict[str, Pairs] = {}
        self.dirty = False
        self._load()

    def add_rules(self, key: str, rules: Rules) -> None:
        while len(self.rules) >= RULES_MEMO_SIZE:
            self.rules.pop(next(iter(self.rules)))
        self.rules[key] = rules
        self.dirty = True

    def add_pairs(self, key: str, pairs: Pairs) -> None:
        if len(self.pairs) < PAIRS_MEMO_SIZE:
            self.pairs[key] = pairs
            self.dirty = True

    def save(self) -> None:
        """Write what is new, replacing the file in one step; skip a cache that cannot be."""
        if not self.dirty or self.path is None:
            return
        self.dirty = False
        data = {
            "format": STORE_FORMAT,
            "rules": {key: [list(rule) for rule in rules] for key, rules in self.rules.items()},
            "pairs": self.pairs,
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temporary, self.path)
        except (OSError, TypeError, ValueError):
            temporary.unlink(missing_ok=True)

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != STORE_FORMAT:
                return
            self.rules = {
                key: tuple((tuple(spec), selector, bulk) for spec, selector, bulk in rules)
                for key, rules in data["rules"].items()
            }
            self.pairs = {
                key: [(name, value) for name, value in pairs]
                for key, pairs in data["pairs"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.rules, self.pairs = {}, {}


@lru_cache(maxsize=1)
def _store() -> _Store:
    folder = cache.folder("premailer", _fingerprint())
    return _Store(None if folder is None else folder / "memo.json")


def _fingerprint() -> str:
    """Name what the remembered work depends on: premailer's and cssutils' code, Python."""
    parts = [sys.version]
    for name in ("premailer", "cssutils", "cachetools"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        size, mtime = (stat.st_size, stat.st_mtime_ns) if stat else (-1, -1)
        parts.append(f"{name} {origin} {size} {mtime}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
