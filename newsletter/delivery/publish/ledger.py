"""published.json: which campaign each issue has at each service, meant to be committed.

Shape: ``{slug: {service: Entry}}``, keys sorted, so that a diff shows one issue's change.
It never holds a credential: only ids, hashes, statuses and times.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from newsletter.errors import ContentError, Problem
from newsletter.project import PUBLISHED_FILE


@dataclass(frozen=True)
class Entry:
    """One issue's campaign at one service."""

    remote_id: str
    content_hash: str | None
    remote_status: str
    scheduled_at: str | None
    updated_at: str


Ledger = dict[str, dict[str, Entry]]


def load(path: Path) -> Ledger:
    """Read the ledger; an absent file is an empty ledger, a damaged one a content error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ContentError(
            [Problem(PUBLISHED_FILE, f"cannot be read ({error}); restore it from version control")]
        ) from None
    try:
        return {
            slug: {service: Entry(**entry) for service, entry in services.items()}
            for slug, services in data.items()
        }
    except (AttributeError, TypeError) as error:
        raise ContentError(
            [
                Problem(
                    PUBLISHED_FILE,
                    f"is not a publish ledger ({error}); restore it from version control",
                )
            ]
        ) from None


def record(path: Path, slug: str, service: str, entry: Entry) -> None:
    """Write one entry into the ledger file, atomically."""
    ledger = load(path)
    ledger.setdefault(slug, {})[service] = entry
    save(path, ledger)


def save(path: Path, ledger: Ledger) -> None:
    """Write the whole ledger through a temporary file, so it is never half written."""
    data = {
        slug: {service: asdict(entry) for service, entry in sorted(services.items())}
        for slug, services in sorted(ledger.items())
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".published-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
