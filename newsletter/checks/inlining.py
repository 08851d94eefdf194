"""Inlining rules: what <style> still holds after CSS inlining, and what it targets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from newsletter.checks.engine import Email, Hit, html_line, rule, style_declarations

_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NOISE = re.compile(r"\[[^\]]*\]|\"[^\"]*\"|'[^']*'")
_SIMPLE_CLASS = re.compile(r"^\.([\w-]+)$")


@lru_cache(maxsize=4096)
def _selector_classes(selectors: str) -> tuple[str, ...]:
    return tuple(_CLASS.findall(_NOISE.sub("", selectors)))


@lru_cache(maxsize=4096)
def _split(classes: str) -> tuple[str, ...]:
    return tuple(classes.split())


def _classes_in_body(email: Email) -> set[str]:
    found: set[str] = set()
    for value in {el.get("class") or "" for el in email.body.iter() if isinstance(el.tag, str)}:
        found.update(value.split())
    return found


@rule(
    "inline.unused-class",
    severity="warning",
    rationale="A rule kept in <style> for a class that no element has any more is dead "
    "weight against Gmail's 16 KB <style> limit, or a sign a template lost a class.",
    source="https://www.caniemail.com/features/html-style/",
)
def unused_class(email: Email) -> Iterator[Hit]:
    """Flag classes that rules in <style> target but no element in the body carries."""
    present = _classes_in_body(email)
    reported: set[str] = set()
    for base, css_rule in email.css_rules:
        for name in _selector_classes(css_rule.selectors):
            if name not in present and name not in reported:
                reported.add(name)
                yield Hit(
                    html_line(base + css_rule.line),
                    f".{name} is styled but no "
                    "element has it: remove the rule or restore the class",
                )


@rule(
    "inline.not-inlined",
    severity="warning",
    rationale="Gmail apps with non-Google accounts ignore <style>, so plain class rules "
    "must also be inlined into style attributes.",
    source="https://www.caniemail.com/features/html-style/",
)
def not_inlined(email: Email) -> Iterator[Hit]:
    """Flag simple class rules whose declarations are missing from their elements' styles."""
    # The rule's location is reported, not an element's, so each distinct style
    # attribute of a class's elements needs checking only once.
    by_class: dict[str, dict[str, None]] = {}
    for el in email.body.iter():
        if isinstance(el.tag, str):
            classes = el.get("class")
            if classes:
                style = el.get("style") or ""
                for name in _split(classes):
                    by_class.setdefault(name, {})[style] = None
    reported: set[str] = set()
    for base, css_rule in email.css_rules:
        if css_rule.at_rules:
            continue
        wanted = [
            name
            for name, value in style_declarations(css_rule.body).items()
            if "!important" not in value
        ]
        if not wanted:
            continue
        for selector in css_rule.selectors.split(","):
            match = _SIMPLE_CLASS.fullmatch(selector.strip())
            if not match or match.group(1) in reported:
                continue
            for style in by_class.get(match.group(1), ()):
                declared = style_declarations(style)
                if not any(name in declared for name in wanted):
                    reported.add(match.group(1))
                    yield Hit(
                        html_line(base + css_rule.line),
                        f".{match.group(1)} is only in "
                        "<style>, which Gmail apps with non-Google accounts ignore: "
                        "inline the CSS (the build does; check custom templates)",
                    )
                    break
