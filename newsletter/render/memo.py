"""premailer, parsing each stylesheet once: per process, and across runs.

premailer spends much of its time on what is the same for every issue of a
newsletter: turning the stylesheet into (specificity, selector, declarations) rules
with cssutils, and working out the HTML attributes each style implies.
``memo_premailer(store)`` returns a premailer subclass that remembers both, the rules
also in the cache store, so that a new process need not parse the stylesheet again.

Everything remembered is plain strings and tuples that premailer made itself, so
the output is byte for byte premailer's. Only methods of the subclass change;
premailer itself is used as it is.
"""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from typing import Any

from newsletter.runtime.cache import Store

# Stylesheets whose inlinable rules are remembered (one per newsletter folder, usually).
RULES_MEMO_SIZE = 16
MEMO_KIND = "premailer"
MEMO_KEY = "rules 1"

Rules = tuple[tuple[Any, ...], ...]


@lru_cache(maxsize=4)
def memo_premailer(store: Store) -> type:
    """Return premailer's class, remembering each stylesheet's rules in ``store``."""
    from lxml import etree
    from premailer import Premailer

    memo = _Memo(store)

    class MemoPremailer(Premailer):
        """premailer that parses each stylesheet once."""

        def transform(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().transform(*args, **kwargs)
            finally:
                memo.save()

        def _style_to_basic_html_attributes(
            self, element: Any, style_content: str, force: bool = False
        ) -> None:
            # The attributes a style implies depend on the style alone: work them out
            # once, on a scratch element, with premailer's own code; then apply them.
            implied = memo.basic.get(style_content)
            if implied is None:
                scratch = etree.Element("scratch")
                super()._style_to_basic_html_attributes(scratch, style_content, force=True)
                implied = memo.remember_basic(style_content, tuple(scratch.attrib.items()))
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
            rules = memo.rules.get(key)
            if rules is None:
                found, _leftover = super()._parse_style_rules(css_body, ruleset_index)
                rules = memo.remember_rules(key, tuple(found))
            return list(rules), []

    return MemoPremailer


class _Memo:
    """What MemoPremailer remembered; the stylesheets' rules are kept in the store."""

    BASIC_SIZE = 8192

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.rules: dict[str, Rules] = _load(store)
        self.basic: dict[str, tuple[tuple[str, str], ...]] = {}
        self.dirty = False

    def remember_rules(self, key: str, rules: Rules) -> Rules:
        """Remember one stylesheet's rules, forgetting the oldest beyond a few."""
        with self.lock:
            while len(self.rules) >= RULES_MEMO_SIZE:
                self.rules.pop(next(iter(self.rules)))
            self.rules[key] = rules
            self.dirty = True
        return rules

    def remember_basic(
        self, style: str, implied: tuple[tuple[str, str], ...]
    ) -> tuple[tuple[str, str], ...]:
        """Remember the HTML attributes one style attribute implies."""
        if len(self.basic) < self.BASIC_SIZE:
            self.basic[style] = implied
        return implied

    def save(self) -> None:
        """Keep the rules in the store if anything is new."""
        with self.lock:
            if not self.dirty:
                return
            self.dirty = False
            data = {key: [list(rule) for rule in rules] for key, rules in self.rules.items()}
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
