"""Show check findings: an aligned table per issue, or JSON for CI."""

from __future__ import annotations

import json

from newsletter.checks.engine import Finding

_COLUMNS = ("severity", "rule", "where", "message")


def summary(findings: list[Finding]) -> str:
    """Return e.g. '0 errors, 2 warnings'."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def failed(findings: list[Finding], *, strict: bool) -> bool:
    """Return whether the findings fail the check: any error, or any warning when strict."""
    return any(f.severity == "error" or strict for f in findings)


def render_table(slugs: list[str], findings: list[Finding]) -> str:
    """Return one block per issue: a summary line, then a table of its findings."""
    blocks = []
    for slug in slugs:
        found = [f for f in findings if f.issue == slug]
        if not found:
            blocks.append(f"{slug}: no problems found")
            continue
        rows = [_COLUMNS] + [(f.severity, f.rule, f.where, f.message) for f in found]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [f"{slug}: {summary(found)}"]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            lines.append("  " + "  ".join([*cells, row[3]]))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render_json(findings: list[Finding]) -> str:
    """Return the findings as a JSON list of objects."""
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)
