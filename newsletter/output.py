"""Write a rendered issue to out/<slug>/ as one atomic set, with its manifest.

The new set is written to a hidden folder beside the issue's folder and swapped in
with one atomic exchange (Linux ``renameat2``), so a build killed at any moment leaves
either the whole previous set or the whole new one. Where the file system cannot
exchange, two renames do it, and a build killed between them leaves the previous set
under a hidden name that the next build puts back. Leftovers of an interrupted build
are removed by the next one; builds writing to the same out/ take turns (a lock on
out/ that the system releases when a process dies).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.mail.inbox import inbox_text
from newsletter.project import EML_FILE, HTML_FILE, MANIFEST_FILE, TEXT_FILE

if TYPE_CHECKING:
    from newsletter.checks import Finding
    from newsletter.models import Settings
    from newsletter.pipeline import Rendered

# Hidden siblings: ".<slug>.new-XXXX" while writing, ".<slug>.old-XXXX" while swapping.
_STAGING = ".{slug}.new-"
_RETIRED = ".{slug}.old-"


@dataclass(frozen=True, kw_only=True)
class BuiltEmail:
    """One email as built: its envelope, its findings, and what its two parts are.

    The parts themselves are in out/: a batch's report holds no copy of every email.
    """

    subject: str
    preheader: str
    date: dt.date
    sender: str
    """The From line, name and address, as the manifest writes it."""
    reply_to: str | None
    findings: tuple[Finding, ...]
    inbox: str
    """The line an inbox shows after the subject (the preheader, then the text)."""
    html_bytes: int
    text_bytes: int
    html_sha256: str
    text_sha256: str


def _described(html: bytes, text: bytes) -> dict[str, Any]:
    """Return what a BuiltEmail says of its two parts."""
    return {
        "inbox": inbox_text(html.decode("utf-8", errors="replace")),
        "html_bytes": len(html),
        "text_bytes": len(text),
        "html_sha256": hashlib.sha256(html).hexdigest(),
        "text_sha256": hashlib.sha256(text).hexdigest(),
    }


def built_email(
    rendered: Rendered, *, files: dict[str, bytes], findings: list[Finding]
) -> BuiltEmail:
    """Return the email of a rendered issue whose files (see email_files) are ``files``."""
    return BuiltEmail(
        subject=rendered.subject,
        preheader=rendered.preheader,
        date=rendered.date,
        sender=sender_line(rendered.settings),
        reply_to=rendered.settings.reply_to,
        findings=tuple(findings),
        **_described(files[HTML_FILE], files[TEXT_FILE]),
    )


def read_email(manifest: dict[str, Any], *, html: bytes, text: bytes) -> BuiltEmail:
    """Return the email an earlier build described in ``manifest``, with its two parts.

    Raise ValueError, KeyError or TypeError for a manifest no build wrote.
    """
    from newsletter.checks import Finding

    return BuiltEmail(
        subject=str(manifest["subject"]),
        preheader=str(manifest["preheader"]),
        date=dt.date.fromisoformat(manifest["date"]),
        sender=str(manifest["from"]),
        reply_to=manifest["reply_to"],
        findings=tuple(Finding(**finding) for finding in manifest["checks"]),
        **_described(html, text),
    )


def email_files(rendered: Rendered, *, findings: list[Finding]) -> dict[str, bytes]:
    """Return the four files of a rendered issue, the manifest describing the other three."""
    files = {
        HTML_FILE: rendered.html.encode(),
        TEXT_FILE: rendered.text.encode(),
        EML_FILE: rendered.eml,
    }
    files[MANIFEST_FILE] = manifest(rendered, files=files, findings=findings)
    return files


def manifest(rendered: Rendered, *, files: dict[str, bytes], findings: list[Finding]) -> bytes:
    """Describe the built files: metadata, byte sizes, sha256 digests, findings and warnings."""
    settings = rendered.settings
    data: dict[str, Any] = {
        "issue": rendered.slug,
        **({"edition": rendered.edition} if rendered.edition is not None else {}),
        "subject": rendered.subject,
        "preheader": rendered.preheader,
        "date": rendered.date.isoformat(),
        "from": sender_line(settings),
        "reply_to": settings.reply_to,
        "mailing_service": settings.mailing_service,
        **_link_ledger(rendered),
        "checks": [finding.as_dict() for finding in findings],
        "files": {
            name: {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in files.items()
        },
        "warnings": [str(finding) for finding in findings],
    }
    if rendered.images:
        data["image_bytes"] = rendered.image_bytes
        data["images"] = [
            {
                "source": placed.source,
                "field": placed.field,
                "url": placed.url,
                "bytes": placed.bytes,
                "width": placed.width,
                "height": placed.height,
            }
            for placed in rendered.images
        ]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def sender_line(settings: Settings) -> str:
    """Return the From line as the manifest writes it: name and address."""
    return f"{settings.sender.name} <{settings.sender.email}>"


def _link_ledger(rendered: Rendered) -> dict[str, Any]:
    """Return the tracked links (slot, URL, as sent, why kept) when tracking is on."""
    if rendered.settings.tracking is None:
        return {}
    return {"links": [link.as_dict() for link in rendered.links]}


def write_folder(folder: Path, files: dict[str, bytes], *, keep_others: bool = True) -> bool:
    """Make ``folder`` hold ``files`` in one atomic step; return False if it already did.

    Files of the old folder that ``files`` does not name (a service export, say) are
    carried over when ``keep_others`` is set. Names may hold ``/`` for files in subfolders.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _locked(folder.parent):
        clean_leftovers(folder)
        old = _read_folder(folder)
        wanted = {**(old or {}), **files} if keep_others else dict(files)
        if old is not None and old == wanted:
            return False
        staging = Path(
            tempfile.mkdtemp(dir=folder.parent, prefix=_STAGING.format(slug=folder.name))
        )
        try:
            for name, body in wanted.items():
                (staging / name).parent.mkdir(mode=0o755, parents=True, exist_ok=True)
                try:
                    _write_file(staging / name, body)
                except OSError as error:
                    raise _unwritten(error, folder / name) from None
            os.chmod(staging, 0o755)
            _fsync_dir(staging)
            _swap_in(staging, folder)
        finally:
            _remove(staging)
        _fsync_dir(folder.parent)
    return True


def clean_leftovers(folder: Path) -> None:
    """Remove what an interrupted write left beside ``folder``, restoring it if it went missing."""
    parent = folder.parent
    if not parent.is_dir():
        return
    retired = sorted(parent.glob(_RETIRED.format(slug=folder.name) + "*"))
    if not (folder.exists() or folder.is_symlink()) and retired:
        # Killed between the two renames of the fallback: the previous set is whole
        # under its retired name (a retired folder is renamed away before deletion).
        os.rename(retired.pop(), folder)
    for path in [*retired, *parent.glob(_STAGING.format(slug=folder.name) + "*")]:
        _remove(path)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on out/ (where the system has one) while writing into it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _read_folder(folder: Path) -> dict[str, bytes] | None:
    """Return the regular files below a folder by relative name, or None if it holds others.

    A link in place of the folder counts as no folder: nothing is read through it.
    """
    if folder.is_symlink() or not folder.is_dir():
        return None
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            return None
        if path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def _remove(path: Path) -> None:
    """Delete a leftover, whatever it is: folder, file or link (never what a link points to)."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _write_file(path: Path, body: bytes) -> None:
    with path.open("xb") as stream:
        stream.write(body)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def _unwritten(error: OSError, shown: Path) -> OSError:
    """Describe a failed write by the file it was for, not the hidden staging copy."""
    reason = (error.strerror or str(error)).lower()
    return OSError(error.errno, f"could not write {shown} ({reason}); {shown.parent} is unchanged")


def _swap_in(staging: Path, folder: Path) -> None:
    """Put ``staging`` at ``folder``; the old folder, if any, ends up at ``staging``."""
    # Imported here: a build of unchanged issues reads their emails without writing.
    from newsletter.runtime import platform

    if not (folder.exists() or folder.is_symlink()):
        os.rename(staging, folder)
        return
    if platform.exchange(staging, folder):
        return
    # No atomic exchange on this file system: two renames, repaired by clean_leftovers.
    retired = folder.parent / (_RETIRED.format(slug=folder.name) + secrets.token_hex(4))
    try:
        os.rename(folder, retired)
        os.rename(staging, folder)
    except BaseException:
        # Interrupted (Ctrl-C) or failed between the renames: put the previous set back.
        if retired.exists() and not (folder.exists() or folder.is_symlink()):
            os.rename(retired, folder)
        raise
    # The old set leaves its retired name before it is deleted, so that a deletion cut
    # short is never mistaken for a whole previous set.
    os.rename(retired, staging)


def _fsync_dir(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
