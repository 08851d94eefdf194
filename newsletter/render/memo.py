"""premailer, parsing each stylesheet once: per process, and across runs.

premailer spends much of its time on what is the same for every issue of a
newsletter: turning the stylesheet into (specificity, selector, declarations) rules
with cssutils, compiling each rule's selector, parsing each rule's declarations,
and working out the HTML attributes each style implies. It keeps selectors and
declarations in one cache of 128 entries, fewer than one email's stylesheet needs,
so it compiles and parses most of them again for every email.

``memo_premailer(store)`` returns a premailer subclass that remembers all of it, the
rules also in the cache store, so that a new process need not parse the stylesheet
again. To use its own memory for selectors and declarations, the subclass applies
the rules itself, as premailer's ``transform`` does (sorted by specificity, merged
with premailer's ``merge_styles``), while premailer does the rest of the transform.

Everything remembered is plain strings and tuples that premailer made itself, so
the output is byte for byte premailer's (tested against plain premailer on the
example and generated issues). premailer itself is used as it is.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from operator import itemgetter
from typing import Any

from newsletter.render.css import statements
from newsletter.render.selectors import Index, compile_selector
from newsletter.runtime.cache import Store

# Statements of stylesheets whose rules are remembered (and kept in the store), and
# whole stylesheets remembered in the process (one per folder and edition, usually).
CHUNKS_MEMO_SIZE = 4096
SHEETS_MEMO_SIZE = 64
MEMO_KIND = "premailer"
MEMO_KEY = "statements 2"

Rules = tuple[tuple[Any, ...], ...]


@lru_cache(maxsize=4)
def memo_premailer(store: Store) -> type:
    """Return premailer's class, remembering each stylesheet's rules in ``store``."""
    from lxml import etree
    from premailer import Premailer
    from premailer.merge_style import csstext_to_pairs, merge_styles
    from premailer.premailer import FILTER_PSEUDOSELECTORS

    memo = _Memo(store)

    def declarations(css: str, *, validate: bool) -> list[tuple[str, str]]:
        """Return premailer's (property, value) pairs for a rule's declarations, once."""
        found = memo.pairs.get((css, validate))
        if found is None:
            found = memo.remember_pairs((css, validate), csstext_to_pairs(css, validate=validate))
        return found

    class MemoPremailer(Premailer):
        """premailer that parses each stylesheet, selector and declaration list once."""

        # The inlinable rules of the <style> elements, collected while premailer runs.
        _collected: list[tuple[Any, ...]] | None = None
        html: Any  # premailer's own attribute: the HTML it was made with

        def transform(self, html: Any = None, pretty_print: bool = True, **kwargs: Any) -> Any:
            source = self.html if html is None else html
            try:
                if isinstance(source, str) and not kwargs and self._rules_applied_here():
                    return self._transform(source, pretty_print=pretty_print)
                return super().transform(html, pretty_print=pretty_print, **kwargs)
            finally:
                memo.save()

        def _rules_applied_here(self) -> bool:
            """Tell whether premailer's options leave nothing after the rules to do."""
            return (
                self.method == "html"
                and self.keep_style_tags
                and not self.preserve_handlebar_syntax
                and not (self.external_styles or self.css_text)
                and not (self.remove_classes or self.capitalize_float_margin)
                and not self.align_floating_images
                and (not self.base_url or self.disable_link_rewrites)
            )

        def _transform(self, html: str, *, pretty_print: bool) -> str:
            """Let premailer read the stylesheets, apply their rules here, serialise."""
            stripped = html.strip()
            tree = etree.fromstring(stripped, etree.HTMLParser()).getroottree()
            page = tree.getroot()
            # As premailer does: keep the doctype only if the HTML started with it.
            root = tree if stripped.startswith(tree.docinfo.doctype) else page
            kept, self.html, self._collected = self.html, None, []
            try:
                super().transform(page)  # collects the rules, applies none of them
                self._apply(page.getroottree(), self._collected)
            finally:
                self.html, self._collected = kept, None
                Index.forget()  # the index holds the whole document
            out: bytes = etree.tostring(
                root, method="html", pretty_print=pretty_print, encoding="utf-8"
            )
            return out.decode("utf-8")

        def _apply(self, page: Any, rules: list[tuple[Any, ...]]) -> None:
            """Apply rules as premailer does: by specificity, each element merged once."""
            validate = not self.disable_validation
            matched: dict[Any, tuple[list[Any], list[str]]] = {}
            for _specificity, selector, style in sorted(rules, key=itemgetter(0)):
                selector, pseudo = _pseudo_class(selector, FILTER_PSEUDOSELECTORS)
                items = _selector(selector)(page)
                if not items:
                    continue
                found = declarations(style, validate=validate)
                for item in items:
                    styles, pseudos = matched.setdefault(item, ([], []))
                    styles.append(found)
                    pseudos.append(pseudo)
            for item, (styles, pseudos) in matched.items():
                final = merge_styles(
                    item.attrib.get("style", ""),
                    styles,
                    pseudos,
                    remove_unset_properties=self.remove_unset_properties,
                )
                if final:
                    item.attrib["style"] = final
                self._style_to_basic_html_attributes(item, final, force=True)

        def _style_to_basic_html_attributes(
            self, element: Any, style_content: str, force: bool = False
        ) -> None:
            # The attributes a style implies depend on the style and the attributes left
            # out alone: work them out once, on a scratch element, with premailer's own
            # code; then apply them.
            known = (style_content, tuple(self.disable_basic_attributes))
            implied = memo.basic.get(known)
            if implied is None:
                scratch = etree.Element("scratch")
                super()._style_to_basic_html_attributes(scratch, style_content, force=True)
                implied = memo.remember_basic(known, tuple(scratch.attrib.items()))
            for key, value in implied:
                if (key in element.attrib and not force) or key in self.disable_basic_attributes:
                    continue
                element.attrib[key] = value

        def _parse_style_rules(self, css_body: str, ruleset_index: int) -> tuple[list, list]:
            # Leftover rules (media queries) are cssutils objects that premailer rewrites
            # in place when it drops <style>; with keep_style_tags it never reads them.
            # An empty <style> has no text at all (None): premailer finds no rules in it.
            if not self.keep_style_tags or not css_body:
                return super()._parse_style_rules(css_body, ruleset_index)
            options = (
                self.strip_important,
                self.exclude_pseudoclasses,
                self.include_star_selectors,
                self.disable_validation,
            )
            key = hashlib.sha256(repr((css_body, ruleset_index, options)).encode()).hexdigest()
            rules = memo.sheets.get(key)
            if rules is None:
                rules = memo.remember_sheet(key, self._rules_of(css_body, ruleset_index, options))
            if self._collected is not None:  # applied by _apply, not by premailer
                self._collected.extend(rules)
                return [], []
            return list(rules), []

        def _rules_of(self, css_body: str, ruleset_index: int, options: tuple[Any, ...]) -> Rules:
            """Return a stylesheet's rules, each statement parsed once.

            Statements are parsed on their own and kept by their text, so a stylesheet
            that differs in a few rules (another accent colour, an edit) parses only
            those. premailer numbers rules by stylesheet and position: numbered here.
            """
            parts = statements(css_body)
            if parts is None:
                return tuple(super()._parse_style_rules(css_body, ruleset_index)[0])
            found: list[tuple[Any, ...]] = []
            for part in parts:
                if part.startswith("@"):  # @media, @font-face...: never inlined
                    continue
                key = hashlib.sha256(repr((part, options)).encode()).hexdigest()
                rules = memo.chunks.get(key)
                if rules is None:
                    parsed, _leftover = super()._parse_style_rules(part, ruleset_index)
                    rules = memo.remember_chunk(key, tuple(parsed))
                found.extend(rules)
            return tuple(
                ((*specificity[:4], ruleset_index, position), selector, bulk)
                for position, (specificity, selector, bulk) in enumerate(found)
            )

    return MemoPremailer


def _pseudo_class(selector: str, filters: list[str]) -> tuple[str, str]:
    """Split a selector as premailer does: (selector to match, pseudo-class it styles)."""
    if ":" not in selector:
        return selector, ""
    base, pseudo = selector.split(":", 1)
    pseudo = ":" + pseudo
    if pseudo in filters or pseudo.startswith(":nth-child"):
        return selector, ""  # a filter such as :first-child picks elements: kept whole
    return base, pseudo


@lru_cache(maxsize=4096)
def _selector(selector: str) -> Any:
    """Return a selector finding what premailer's (lxml.cssselect) would, from one index."""
    fast = compile_selector(selector)
    if fast is not None:
        return fast
    from lxml.cssselect import CSSSelector

    return CSSSelector(selector)


class _Memo:
    """What MemoPremailer remembered; the stylesheets' rules are kept in the store."""

    BASIC_SIZE = 8192
    PAIRS_SIZE = 8192

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.chunks: dict[str, Rules] = _load(store)
        self.sheets: dict[str, Rules] = {}
        self.basic: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str], ...]] = {}
        self.pairs: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        self.dirty = False

    def remember_chunk(self, key: str, rules: Rules) -> Rules:
        """Remember one statement's rules (kept in the store), forgetting the oldest."""
        with self.lock:
            while len(self.chunks) >= CHUNKS_MEMO_SIZE:
                self.chunks.pop(next(iter(self.chunks)))
            self.chunks[key] = rules
            self.dirty = True
        return rules

    def remember_sheet(self, key: str, rules: Rules) -> Rules:
        """Remember one stylesheet's rules for this process, forgetting the oldest."""
        with self.lock:
            while len(self.sheets) >= SHEETS_MEMO_SIZE:
                self.sheets.pop(next(iter(self.sheets)))
            self.sheets[key] = rules
        return rules

    def remember_pairs(
        self, key: tuple[str, bool], found: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """Remember the declarations parsed from one rule's text."""
        if len(self.pairs) < self.PAIRS_SIZE:
            self.pairs[key] = found
        return found

    def remember_basic(
        self, key: tuple[str, tuple[str, ...]], implied: tuple[tuple[str, str], ...]
    ) -> tuple[tuple[str, str], ...]:
        """Remember the HTML attributes one style attribute implies (some left out)."""
        if len(self.basic) < self.BASIC_SIZE:
            self.basic[key] = implied
        return implied

    def save(self) -> None:
        """Keep the rules in the store if anything is new."""
        with self.lock:
            if not self.dirty:
                return
            self.dirty = False
            data = {key: [list(rule) for rule in rules] for key, rules in self.chunks.items()}
        self.store.put(MEMO_KIND, MEMO_KEY, json.dumps(data).encode())


def _load(store: Store) -> dict[str, Rules]:
    """Return the rules kept in the store, or none if they are missing or malformed."""
    data = store.get_json(MEMO_KIND, MEMO_KEY)
    if not isinstance(data, dict):
        return {}
    try:
        return {
            key: tuple(
                (tuple(int(part) for part in spec), str(selector), str(bulk))
                for spec, selector, bulk in rules
            )
            for key, rules in data.items()
        }
    except (AttributeError, TypeError, ValueError):
        return {}
