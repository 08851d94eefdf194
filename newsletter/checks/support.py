"""Client support rules: CSS and HTML that major email clients do not support."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

from newsletter.checks.engine import Email, Hit, Where, html_line, rule, style_declarations
from newsletter.checks.support_data import FACTS, OUTLOOK, Fact
from newsletter.render.css import declarations, parse_rules
from newsletter.render.outlook import font_names, outlook_fallback

_BAD_CLASS = re.compile(r"[.:@]")
_AT_RULE = re.compile(r"@[a-zA-Z-]+[^{;]*")
_VML_BACKGROUND = re.compile(r"<v:(?:fill|image)\b|<v:rect\b[^>]*\bfill", re.IGNORECASE)
_STYLE_IN_COMMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_OVERRIDE = next(fact for fact in FACTS if fact.kind == "outlook-override")


@dataclass
class _Use:
    where: Where
    count: int = 1


def _reported(fact: Fact, *, has_background: bool, has_vml: bool) -> bool:
    """Return whether a use of the fact is worth reporting, given its fallback."""
    if fact.fallback is None:
        return True
    if fact.fallback_if == "vml":
        return not has_vml
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


def _declaration_facts(
    declared: dict[str, str],
    *,
    background: bool,
    vml: bool,
    tag: str | None = None,
    outlook_sees: bool = True,
) -> Iterator[Fact]:
    has_background = background or "background-color" in declared
    for name, value in declared.items():
        for fact, pattern in _BY_PROPERTY.get(name, ()):
            if not fact.applies_to(tag) or (fact.clients == (OUTLOOK,) and not outlook_sees):
                continue
            if (pattern is None or pattern.search(value)) and _reported(
                fact, has_background=has_background, has_vml=vml
            ):
                yield fact


@lru_cache(maxsize=4096)
def _bad_classes(value: str) -> tuple[str, ...]:
    return tuple(name for name in value.split() if _BAD_CLASS.search(name))


def _message(fact: Fact, count: int) -> str:
    times = f" ({count} times)" if count > 1 else ""
    if fact.kind == "outlook-override":
        return (
            f"an Outlook-only font-family !important replaces a font Outlook has{times}: "
            "give a fallback only to stacks that start with a web font Outlook cannot "
            f"load (see {fact.source})"
        )
    label = fact.label or {"element": f"<{fact.match}>", "at-rule": fact.match}.get(
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
    vml = bool(_VML_BACKGROUND.search(email.html))
    hidden = _hidden_from_outlook(email)
    for el in email.elements:
        if not el.get("style"):
            continue
        found = _declaration_facts(
            email.style(el),
            background=bool(el.get("bgcolor")),
            vml=vml,
            tag=el.tag,
            outlook_sees=el not in hidden,
        )
        for fact in found:
            _count(uses, fact, lambda el=el: email.locate(el))
    for base, css_rule in email.css_rules:
        for fact in _declaration_facts(
            style_declarations(css_rule.body), background=False, vml=vml
        ):
            _count(uses, fact, lambda r=css_rule, b=base: html_line(b + r.line))
    for el in _outlook_font_overrides(email):
        _count(uses, _OVERRIDE, lambda el=el: email.locate(el))
    for style in email.stylesheets:
        text = style.text or ""
        for match in _AT_RULE.finditer(text):
            line = (style.sourceline or 1) + text.count("\n", 0, match.start())
            for fact in _at_rule_facts(match.group()):
                _count(uses, fact, lambda n=line: html_line(n))
    for fact, use in uses.items():
        yield Hit(use.where, _message(fact, use.count))


def _hidden_from_outlook(email: Email) -> set[Any]:
    """Return the elements Outlook for Windows never shows: in <!--[if !mso]>, mso-hide."""
    hidden: set[Any] = set()
    for comment in email.tree.iter(etree.Comment):
        if not (comment.text or "").lstrip().startswith("[if !mso]"):
            continue
        node = comment.getnext()
        while node is not None and not _ends_condition(node):
            hidden.update(node.iter())
            node = node.getnext()
    for el in email.elements:
        if "mso-hide" in email.style(el) and el not in hidden:
            hidden.update(el.iter())
    return hidden


def _ends_condition(node: Any) -> bool:
    return node.tag is etree.Comment and "<![endif]" in (node.text or "")


def _outlook_font_overrides(email: Email) -> Iterator[Any]:
    """Yield elements whose own font Outlook has but an Outlook-only !important replaces."""
    for comment in email.tree.iter(etree.Comment):
        text = comment.text or ""
        if not text.lstrip().startswith("[if") or "mso" not in text.split("]")[0]:
            continue
        for css in _STYLE_IN_COMMENT.findall(text):
            for css_rule in parse_rules(css):
                family = declarations(css_rule.body).get("font-family", "")
                if "!important" not in family:
                    continue
                wanted = font_names(family)[:1]
                from cssselect import SelectorError  # loaded only for such a rule
                from lxml.cssselect import CSSSelector

                try:
                    matched = CSSSelector(css_rule.selectors)(email.body)
                except (SelectorError, ValueError, NotImplementedError):
                    continue
                for el in matched:
                    own = font_names(_font_of(email, el))
                    if own and own[:1] != wanted and outlook_fallback(", ".join(own)) is None:
                        yield el


def _font_of(email: Email, el: Any) -> str:
    """Return the font-family an element gets from its own or its ancestors' styles."""
    for node in (el, *el.iterancestors()):
        family = email.style(node).get("font-family") if node.get("style") else None
        if family:
            return family
    return ""


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
        bad = _bad_classes(el.get("class") or "")
        if bad:
            yield Hit(
                email.locate(el),
                f"class {bad[0]!r} has '.', ':' or '@', which Gmail "
                "drops: use letters, digits and hyphens",
            )
