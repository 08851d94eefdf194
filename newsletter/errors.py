"""The one exception type for mistakes a user can fix, and how each is reported."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake, with the file, the field and the line where it was found."""

    file: str
    message: str
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return ": ".join(part for part in (place, self.field, self.message) if part)


class ContentError(Exception):
    """Invalid content, templates or usage: the CLI prints each problem and exits 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class CommandFailed(Exception):
    """A failure that is not the content's fault (a port in use, say): one line, exit 1."""
