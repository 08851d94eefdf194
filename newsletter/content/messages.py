"""Pydantic's validation errors, said in plain English with a hint of what to do."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel

from newsletter.models import BLOCK_TYPES

_PLAIN = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list: one item per line, each starting with '- '",
    "dict_type": "must be a group of fields: 'name: value' lines indented below it",
    "model_type": "must be a group of fields: 'name: value' lines indented below it",
    "model_attributes_type": "must be a group of fields: 'name: value' lines indented below it",
    "frozen_instance": "cannot be changed",
}
_LIMITS = {
    "too_short": "needs at least {min_length} item{s}",
    "too_long": "takes at most {max_length} item{s}",
    "string_too_short": "needs at least {min_length} character{s}",
    "string_too_long": "takes at most {max_length} character{s}",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "greater_than": "must be more than {gt}",
    "less_than": "must be less than {lt}",
}


def message(
    detail: Mapping[str, Any],
    *,
    model: type[BaseModel],
    data: Any,
    path: tuple[Any, ...],
    source_line: str,
) -> str:
    """Return one validation error as a plain-English message, with a hint where one helps."""
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return "is required; add it"
    if kind == "extra_forbidden":
        return _unknown_field(model, data, path)
    if kind == "union_tag_invalid":
        return f"unknown block type {ctx.get('tag')!r}; use one of: {', '.join(BLOCK_TYPES)}"
    if kind == "union_tag_not_found":
        return f"needs a type: one of {', '.join(BLOCK_TYPES)}"
    if kind.startswith("date"):
        return "must be a real date written YYYY-MM-DD"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    text = _value_error(detail) if kind == "value_error" else _plain(kind, ctx, detail["msg"])
    if detail.get("input") is None and re.search(r":\s+#", source_line):
        text += '; a value starting with # must be in quotes, e.g. "#1a2b3c"'
    return text


def _value_error(detail: Mapping[str, Any]) -> str:
    error = str((detail.get("ctx") or {}).get("error", detail["msg"]))
    if "email address" in error:
        return "must be an email address such as news@example.org"
    return error.removeprefix("Value error, ")


def _plain(kind: str, ctx: dict[str, Any], fallback: str) -> str:
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind in _LIMITS:
        number = next((value for value in ctx.values() if isinstance(value, int)), 2)
        return _LIMITS[kind].format(**ctx, s="s" * (number != 1))
    text = re.sub(r"^Input should be\b", "must be", fallback)
    text = text.replace(" after validation", "").replace("Input ", "the value ")
    return text[0].lower() + text[1:]


def _unknown_field(model: type[BaseModel], data: Any, path: tuple[Any, ...]) -> str:
    """Say a field is unknown, suggesting the nearest field the place does take."""
    owner = model_at(model, data, path[:-1])
    names = sorted(owner.model_fields) if owner is not None else []
    close = difflib.get_close_matches(str(path[-1]), names, n=1, cutoff=0.6) if path else []
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return "unknown field; check its spelling or remove it"


def model_at(model: type[BaseModel], data: Any, path: tuple[Any, ...]) -> type[BaseModel] | None:
    """Return the model that validates the value at ``path`` of ``data``, if any."""
    current: Any = model
    node = data
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            if not (isinstance(current, type) and issubclass(current, BaseModel)):
                return None
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
            node = node.get(part) if isinstance(node, dict) else None
        current = _choose(current, node)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _item_type(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    return args[0] if args else None


def _choose(annotation: Any, node: Any) -> Any:
    """Unwrap Optional, Annotated and tagged unions to the model the value is validated by."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _choose(typing.get_args(annotation)[0], node)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        models = [arg for arg in options if isinstance(arg, type) and issubclass(arg, BaseModel)]
        tag = node.get("type") if isinstance(node, dict) else None
        for option in models:
            field = option.model_fields.get("type")
            if field is not None and tag in typing.get_args(field.annotation):
                return option
        return models[0] if len(models) == 1 else (options[0] if len(options) == 1 else None)
    return annotation
