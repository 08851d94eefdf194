"""Client support rules: CSS and HTML that major email clients do not support."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsletter.checks.engine import Email, Hit, Where, html_line, rule
from newsletter.checks.support_data import FACTS, Fact
from newsletter.render.css import declarations

_BAD_CLASS = re.compile(r"[.:@]")
_AT_RULE = re.compile(r"@[a-zA-Z-]+[^{;]*")


@dataclass
class _Use:
    where: Where
    count: int = 1


def _reported(fact: Fact, *, has_background: bool) -> bool:
    """Return whether a use of the fact is worth reporting, given its fallback."""
    if fact.fallback is None:
        return True
    return fact.fallback_if == "background-colour" and not has_background


def _index() -> dict[str, list[tuple[Fact, re.Pattern[str] | None]]]:
    """Map each CSS property to the facts about it, with their compiled value patterns."""
    index: dict[str, list[tuple[Fact, re.Pattern[str] | None]]] = {}
    for fact in FACTS:
        if fact.kind == "property":
            pattern = re.compile(fact.value, re.IGNORECASE) if fact.value else None
            for name in fact.match.split("|"):
                index.setdefault(name, []).append((fact, pattern))
    return index


_BY_PROPERTY = _index()


def _declaration_facts(declared: dict[str, str], *, background: bool) -> Iterator[Fact]:
    has_background = background or "background-color" in declared
    for name, value in declared.items():
        for fact, pattern in _BY_PROPERTY.get(name, ()):
            if (pattern is None or pattern.search(value)) and _reported(
                fact, has_background=has_background
            ):
                yield fact


def _message(fact: Fact, count: int) -> str:
    times = f" ({count} times)" if count > 1 else ""
    label = {"element": f"<{fact.match}>", "at-rule": fact.match}.get(
        fact.kind, fact.feature.removeprefix("css-")
    )
    return (
        f"{label}{times} is not supported in {', '.join(fact.clients)}: "
        f"see {fact.source} and use a table-based fallback or remove it"
    )


@rule(
    "support.css",
    severity="warning",
    rationale="CSS that Gmail, Outlook for Windows, Apple Mail or Yahoo ignore breaks the "
    "layout for their readers unless it degrades to an acceptable fallback.",
    source="https://www.caniemail.com/",
)
def css(email: Email) -> Iterator[Hit]:
    """Flag unsupported CSS in style attributes and <style>, once per feature."""
    uses: dict[Fact, _Use] = {}
    for el in email.elements:
        if not el.get("style"):
            continue
        for fact in _declaration_facts(email.style(el), background=bool(el.get("bgcolor"))):
            _count(uses, fact, lambda el=el: email.locate(el))
    for base, css_rule in email.css_rules:
        for fact in _declaration_facts(declarations(css_rule.body), background=False):
            _count(uses, fact, lambda r=css_rule, b=base: html_line(b + r.line))
    for style in email.stylesheets:
        text = style.text or ""
        for match in _AT_RULE.finditer(text):
            line = (style.sourceline or 1) + text.count("\n", 0, match.start())
            for fact in _at_rule_facts(match.group()):
                _count(uses, fact, lambda n=line: html_line(n))
    for fact, use in uses.items():
        yield Hit(use.where, _message(fact, use.count))


def _at_rule_facts(prelude: str) -> Iterator[Fact]:
    text = re.sub(r"\s+", " ", prelude.lower()).replace("( ", "(")
    for fact in FACTS:
        if fact.kind == "at-rule" and fact.fallback is None and text.startswith(fact.match):
            yield fact


def _count(uses: dict[Fact, _Use], fact: Fact, where: Any) -> None:
    if fact in uses:
        uses[fact].count += 1
    else:
        uses[fact] = _Use(where())


@rule(
    "support.html",
    severity="warning",
    rationale="HTML elements such as <svg>, <video>, <form> and <script> are removed or "
    "shown empty by major email clients.",
    source="https://www.caniemail.com/",
)
def html(email: Email) -> Iterator[Hit]:
    """Flag unsupported HTML elements, once per element type."""
    for fact in FACTS:
        if fact.kind != "element" or fact.fallback is not None:
            continue
        found = email.find(fact.match)
        if found:
            yield Hit(email.locate(found[0]), _message(fact, len(found)))


@rule(
    "support.class-name",
    severity="warning",
    rationale="Gmail drops class names with '.', ':' or '@' and ignores the rules that "
    "use them, including whole media queries.",
    source="https://github.com/Slicejack/bojler/issues/132",
)
def class_name(email: Email) -> Iterator[Hit]:
    """Flag class names containing '.', ':' or '@'."""
    for el in email.elements:
        bad = [name for name in (el.get("class") or "").split() if _BAD_CLASS.search(name)]
        if bad:
            yield Hit(
                email.locate(el),
                f"class {bad[0]!r} has '.', ':' or '@', which Gmail "
                "drops: use letters, digits and hyphens",
            )
