"""Put an issue's picture files in their slots: transformed, named by content, addressed.

Every image slot of the layout (lead, story, grid, promo, image block, logo) has a
display width. A picture given as a file is transformed for its slot (see transform)
and gets a content-hashed name and the URL its host will serve it at, known before
anything is uploaded: the email and the archive use that URL, and `newsletter
images push` puts the file there. URLs of images hosted elsewhere stay as they are,
unless the settings ask to mirror them.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsletter.errors import ContentError, Problem
from newsletter.images import store
from newsletter.images.transform import MAX_SOURCE_BYTES, ImageRefused, Output, Spec, transform
from newsletter.models import (
    GridBlock,
    Image,
    ImageBlock,
    Issue,
    LeadBlock,
    PromoBlock,
    Settings,
    StoryBlock,
)
from newsletter.models.fields import check_url, is_local_src
from newsletter.project import ARCHIVE_IMAGES_DIR, SETTINGS_FILE, Project
from newsletter.render.environment import layout
from newsletter.runtime.cache import Store

# A file's width over its display width, for sharp pictures on high-density screens.
DENSITY = 2
# Slots whose pictures are cropped to fixed proportions unless the content gives its
# own (width and height): grid cells line up when their pictures are alike.
SLOT_ASPECTS = {"grid": 3 / 2}
# Changing the transform's code changes this, so cached results of old code are not used.
TRANSFORM_VERSION = "1"
_STEM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Placed:
    """A picture file made for one slot of the email, and where it will be served."""

    source: str
    """The source file (or mirrored URL) as messages show it."""
    field: str
    """The content field it fills, e.g. blocks[0].image."""
    slot: str
    """The kind of slot: lead, story, grid, promo, image or logo."""
    name: str
    """Its content-hashed file name, e.g. castle-3f2a9c01b7d4e5f6.jpg."""
    url: str
    file: Path
    """The transformed file on this machine (in the cache, or beside it)."""
    key: str
    """The source's SHA-256 and the transform, as the ledger records them."""
    bytes: int
    width: int
    height: int
    display_width: int
    content_type: str
    short_by: int = 0
    """How many pixels the source lacked for a sharp picture (it was not enlarged)."""


@dataclass(frozen=True)
class Resolved:
    """An issue and settings whose picture files are replaced by their URLs."""

    issue: Issue
    settings: Settings
    images: tuple[Placed, ...]

    @property
    def total_bytes(self) -> int:
        """Return the weight of the issue's pictures, each file counted once."""
        return sum({placed.name: placed.bytes for placed in self.images}.values())


Lines = Mapping[tuple[Any, ...], int]
"""The line of each field of a content file, by path, e.g. ("blocks", 0, "image", "src")."""


@dataclass(frozen=True)
class _Slot:
    field: str
    kind: str
    width: int
    path: tuple[Any, ...] = ()
    """The field's path in the content file, for its line."""


def resolve(
    project: Project,
    settings: Settings,
    issue: Issue,
    *,
    source: Path,
    cache: Store,
    lines: Lines | None = None,
) -> Resolved:
    """Transform the issue's (and the logo's) picture files; raise ContentError for bad ones.

    Transformed pictures are kept in ``cache`` by source digest and transform; ``lines``
    (the issue file's, when its blocks are as written) puts the line in each problem.
    """
    problems: list[Problem] = []
    try:
        settings, logo = place_logo(project, settings, cache=cache)
    except ContentError as error:
        problems.extend(error.problems)
        logo = ()
    context = _Context(project, settings, source, cache=cache, lines=lines)
    widths = layout(settings.theme.width)
    blocks = [context.block(index, block, widths) for index, block in enumerate(issue.blocks)]
    problems.extend(context.problems)
    if problems:
        raise ContentError(problems)
    if not context.placed:
        return Resolved(issue, settings, logo)
    new_issue = issue.model_copy(update={"blocks": blocks})
    return Resolved(new_issue, settings, (*logo, *context.placed))


def place_logo(
    project: Project, settings: Settings, *, cache: Store
) -> tuple[Settings, tuple[Placed, ...]]:
    """Return the settings with a logo file replaced by its URL, and the pictures made."""
    logo = settings.logo
    if logo is None:
        return settings, ()
    context = _Context(project, settings, project.settings_path, file=SETTINGS_FILE, cache=cache)
    if not (context.wanted(logo) or (logo.dark_src and is_local_src(logo.dark_src))):
        return settings, ()
    width = layout(settings.theme.width)["inner"]
    placed = context.image(logo, _Slot("logo", "logo", width))
    if context.problems:
        raise ContentError(context.problems)
    return settings.model_copy(update={"logo": placed}), tuple(context.placed)


class _Context:
    """One issue's resolution: where files are looked up, what was placed, what failed."""

    def __init__(
        self,
        project: Project,
        settings: Settings,
        source: Path,
        *,
        cache: Store,
        file: str | None = None,
        lines: Lines | None = None,
    ) -> None:
        self.project = project
        self.lines = lines or {}
        self.cache = cache
        self.settings = settings
        self.source = source
        self.file = file or project.relative(source)
        self.placed: list[Placed] = []
        self.problems: list[Problem] = []

    def wanted(self, image: Image) -> bool:
        """Tell whether an image is transformed: a file, or a URL the settings mirror."""
        remote = image.src.startswith(("https://", "http://"))
        return image.local or (self.settings.images.mirror and remote)

    def block(self, index: int, block: Any, widths: dict[str, Any]) -> Any:
        """Return a block with its pictures placed."""
        where = f"blocks[{index}]"
        if isinstance(block, (LeadBlock, StoryBlock, PromoBlock)) and block.image is not None:
            kind = block.type
            width = widths["promo_inner"] if kind == "promo" else widths["inner"]
            if self.wanted(block.image):
                slot = _Slot(f"{where}.image", kind, width, ("blocks", index, "image"))
                image = self.image(block.image, slot)
                return block.model_copy(update={"image": image})
        elif isinstance(block, ImageBlock) and self.wanted(block):
            return self.image(block, _Slot(where, "image", widths["inner"], ("blocks", index)))
        elif isinstance(block, GridBlock):
            column = widths["columns"][len(block.stories)]
            stories = [
                story.model_copy(
                    update={
                        "image": self.image(
                            story.image,
                            _Slot(
                                f"{where}.stories[{number}].image",
                                "grid",
                                column,
                                ("blocks", index, "stories", number, "image"),
                            ),
                        )
                    }
                )
                if story.image is not None and self.wanted(story.image)
                else story
                for number, story in enumerate(block.stories)
            ]
            return block.model_copy(update={"stories": stories})
        return block

    def image(self, image: Image, slot: _Slot) -> Any:
        """Return the image with its file replaced by its URL and its size by the file's."""
        display = min(image.width or slot.width, slot.width)
        aspect = SLOT_ASPECTS.get(slot.kind)
        if image.width and image.height:
            aspect = image.width / image.height
        spec = Spec(
            width=DENSITY * display,
            aspect=aspect,
            focus=image.focus or (0.5, 0.5),
            quality=self.settings.images.quality,
        )
        update: dict[str, Any] = {}
        if self.wanted(image):
            placed = self._place(image.src, slot, spec, display)
            if placed is None:
                return image
            shown_h = max(1, round(display * placed.height / placed.width))
            update = {"src": placed.url, "width": display, "height": shown_h}
        dark = getattr(image, "dark_src", None)
        if dark is not None and self.wanted(image.model_copy(update={"src": dark})):
            dark_slot = _Slot("logo.dark", slot.kind, slot.width)
            dark_placed = self._place(dark, dark_slot, spec, display)
            if dark_placed is not None:
                update["dark_src"] = dark_placed.url
        return image.model_copy(update=update)

    def _place(self, src: str, slot: _Slot, spec: Spec, display: int) -> Placed | None:
        shown = src
        try:
            shown, data = self._read(src)
            digest = hashlib.sha256(data).hexdigest()
            key = f"{digest}/{spec.digest_text()} t{TRANSFORM_VERSION}"
            output, path = _transformed(key, data, spec, cache=self.cache)
            url_base = self._base_url()
        except _Missing as missing:
            self._problem(slot, str(missing))
            return None
        except ImageRefused as refused:
            self._problem(slot, f"{shown} {refused}")
            return None
        name = f"{_stem(src)}-{hashlib.sha256(output.data).hexdigest()[:16]}{output.extension}"
        placed = Placed(
            source=shown,
            field=slot.field,
            slot=slot.kind,
            name=name,
            url=url_base + name,
            file=path,
            key=key,
            bytes=len(output.data),
            width=output.width,
            height=output.height,
            display_width=display,
            content_type=output.content_type,
            short_by=max(0, spec.width - output.source_width),
        )
        self.placed.append(placed)
        return placed

    def _problem(self, slot: _Slot, message: str) -> None:
        """Record a problem with the slot's src field, on its line when known."""
        line = None
        if slot.path:
            path = (*slot.path, "src")
            line = next(
                (
                    self.lines[path[:end]]
                    for end in range(len(path), 0, -1)
                    if path[:end] in self.lines
                ),
                None,
            )
        self.problems.append(Problem(self.file, message, field=f"{slot.field}.src", line=line))

    def _base_url(self) -> str:
        """Return the address the pushed pictures are served under."""
        images = self.settings.images
        if images.host == "s3" and images.s3 is not None:
            return images.s3.public_url + images.s3.prefix
        if self.settings.archive is None:
            raise _Missing(
                f"pictures given as files need a host: set archive.base_url in {SETTINGS_FILE} "
                "(images go to out/archive/images/), or images.host: s3 with images.s3"
            )
        return f"{self.settings.archive.base_url}{ARCHIVE_IMAGES_DIR}/"

    def _read(self, src: str) -> tuple[str, bytes]:
        """Return the source as messages show it and its bytes (a file, or a mirrored URL)."""
        if ":" in src:
            check_url(src)
            return src, _download(src, cache=self.cache)
        for folder in self.project.image_folders(self.source):
            path = folder / src
            if path.exists() or path.is_symlink():
                return self.project.relative(path), _read_file(self.project, path)
        folders = " or ".join(
            f"{self.project.relative(folder)}/"
            for folder in self.project.image_folders(self.source)
        )
        raise _Missing(f"no picture file {src} in {folders}; check the path and the name's case")


class _Missing(Exception):
    """A picture file that is not there, or no host for it."""


def _transformed(key: str, data: bytes, spec: Spec, *, cache: Store) -> tuple[Output, Path]:
    """Return the transform of a source, from the cache or made now (and cached)."""
    cached = store.load(cache, _cache_key(key))
    if cached is not None:
        return cached
    output = transform(data, spec)
    return output, store.save(cache, _cache_key(key), output)


def _cache_key(key: str) -> str:
    from PIL import __version__ as pillow

    return hashlib.sha256(f"{key} pillow {pillow}".encode()).hexdigest()


def _stem(src: str) -> str:
    """Return a readable start for the file name: the source's name in a-z, 0-9 and -."""
    name = src.rsplit("/", 1)[-1].rsplit(".", 1)[0].split("?", 1)[0]
    return _STEM.sub("-", name.lower()).strip("-")[:40] or "image"


def _read_file(project: Project, path: Path) -> bytes:
    """Read a picture file of the folder, refusing links out of it, devices and huge files."""
    shown = project.relative(path)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise _Missing(f"{shown} is a link to nothing; fix or remove it") from None
    if not real.is_relative_to(project.root.resolve()):
        raise _Missing(f"{shown} is a link to a file outside the newsletter folder; copy it in")
    try:
        handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise _Missing(f"{shown} cannot be read: {reason}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise _Missing(f"{shown} is not a regular file; give a picture file")
        data = stream.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise _Missing(f"{shown} is over {MAX_SOURCE_BYTES // 1_000_000} MB; export it smaller")
    return data


def _download(url: str, *, cache: Store) -> bytes:
    """Return a mirrored picture's bytes, downloaded once and then kept in the cache."""
    from newsletter.images import mirror

    return mirror.fetch(url, cache=cache)
