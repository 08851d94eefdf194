"""The newsletter folder: the one place that knows its paths, file names and slugs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import ContentError, Problem

SETTINGS_FILE = "content/newsletter.yaml"
ISSUES_DIR = "content/issues"
ISSUE_SUFFIX = ".md"
TEMPLATES_DIR = "templates"
OUT_DIR = "out"
# Downloaded feeds, kept for conditional requests; starter folders ignore it in git.
FEED_CACHE_DIR = ".cache/feeds"
# The web archive's folder below out/.
ARCHIVE_DIR = "archive"
# Picture files of the newsletter, and the ledger of the images pushed to their host
# (meant to be committed with the content).
IMAGES_DIR = "images"
IMAGES_LEDGER = "content/images.lock"
# The picture files the build transforms, by the end of their names (any case).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp")
# Where the archive host keeps pushed images, below out/archive/ and archive.base_url.
ARCHIVE_IMAGES_DIR = "images"
HTML_FILE = "email.html"
TEXT_FILE = "email.txt"
EML_FILE = "email.eml"
MANIFEST_FILE = "manifest.json"
# What `newsletter publish` created at each mailing service, meant to be committed.
PUBLISHED_FILE = "published.json"
# The GitHub Actions workflow `newsletter init --ci github` writes.
GITHUB_WORKFLOW_FILE = ".github/workflows/newsletter.yml"
EMAIL_FILES = (HTML_FILE, TEXT_FILE, EML_FILE, MANIFEST_FILE)
# check --render --shots DIR: the page showing every screenshot of an issue.
CONTACT_SHEET = "{slug}.html"
# The package's own templates, used for any file a newsletter folder does not override.
BUILTIN_TEMPLATES = Path(__file__).resolve().parent / TEMPLATES_DIR
# The built-in templates compiled ahead of time (python -m newsletter.render.precompiled),
# with the manifest of what each was compiled from.
BUILTIN_COMPILED = Path(__file__).resolve().parent / "render" / "compiled"
COMPILED_MANIFEST = "manifest.json"
# The message catalogs of the built-in templates' fixed strings:
# <folder>/<language>/LC_MESSAGES/<domain>.po, compiled beside it to .mo.
BUILTIN_CATALOGS = Path(__file__).resolve().parent / "i18n" / "locales"
CATALOG_DOMAIN = "newsletter"
CATALOG_MESSAGES = "LC_MESSAGES"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SLUG_MAX = 80


def check_slug(slug: str) -> str:
    """Return the slug if it is a name made of a-z, 0-9 and hyphens; else raise ValueError."""
    if not _SLUG.fullmatch(slug) or len(slug) > SLUG_MAX:
        raise ValueError(
            f"issue name {slug!r} must use only lowercase letters, digits and hyphens "
            f"(at most {SLUG_MAX}), e.g. 2026-06-05"
        )
    return slug


def slug_from_argument(value: str) -> str:
    """Return the slug a user named: ``2026-06-05`` or ``2026-06-05.md``, never a path."""
    return check_slug(value.removesuffix(ISSUE_SUFFIX))


def issue_file(slug: str) -> str:
    """Return an issue's file name as messages show it, e.g. content/issues/x.md."""
    return f"{ISSUES_DIR}/{slug}{ISSUE_SUFFIX}"


@dataclass(frozen=True)
class Project:
    """A newsletter folder: content/, templates/ and out/ below one root."""

    root: Path

    @property
    def settings_path(self) -> Path:
        """Return the path of content/newsletter.yaml."""
        return self.root / SETTINGS_FILE

    @property
    def issues_dir(self) -> Path:
        """Return the folder of issue files."""
        return self.root / ISSUES_DIR

    @property
    def templates_dir(self) -> Path:
        """Return the folder's own templates, which override the built-in ones file by file."""
        return self.root / TEMPLATES_DIR

    @property
    def github_workflow_path(self) -> Path:
        """Return the GitHub Actions workflow that `newsletter init --ci github` writes."""
        return self.root / GITHUB_WORKFLOW_FILE

    @property
    def out_dir(self) -> Path:
        """Return the output folder."""
        return self.root / OUT_DIR

    @property
    def published_path(self) -> Path:
        """Return the publish ledger, published.json, beside content/."""
        return self.root / PUBLISHED_FILE

    @property
    def feed_cache_dir(self) -> Path:
        """Return the folder where downloaded feeds are cached."""
        return self.root / FEED_CACHE_DIR

    @property
    def images_dir(self) -> Path:
        """Return the newsletter's folder of picture files, images/."""
        return self.root / IMAGES_DIR

    @property
    def images_ledger(self) -> Path:
        """Return the ledger of pushed images, images.lock."""
        return self.root / IMAGES_LEDGER

    @property
    def archive_images_dir(self) -> Path:
        """Return the folder the archive host pushes images to, out/archive/images/."""
        return self.archive_dir / ARCHIVE_IMAGES_DIR

    def image_folders(self, issue: Path) -> list[Path]:
        """Return where an issue's image paths are looked up: beside it, then images/."""
        return [issue.parent, self.images_dir]

    def template_dirs(self) -> list[Path]:
        """Return where templates are looked up, in order: the folder's own, then built-in."""
        own = self.templates_dir
        if own.resolve() == BUILTIN_TEMPLATES:
            return [BUILTIN_TEMPLATES]
        return [own, BUILTIN_TEMPLATES]

    def issue_path(self, slug: str) -> Path:
        """Return the file of the issue ``slug``."""
        return self.issues_dir / f"{slug}{ISSUE_SUFFIX}"

    def issue_file(self, slug: str) -> str:
        """Return the issue's file name as messages show it, e.g. content/issues/x.md."""
        return issue_file(slug)

    @property
    def archive_dir(self) -> Path:
        """Return the folder the web archive is written to, out/archive/."""
        return self.out_dir / ARCHIVE_DIR

    def out_folder(self, slug: str) -> Path:
        """Return the folder an issue is written to."""
        return self.out_dir / slug

    def relative(self, path: Path) -> str:
        """Return a path below the root as messages show it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def issue_sources(self, slugs: list[str] | None = None) -> list[Path]:
        """Return the issue files to build: the named ones, or all, sorted.

        Raise ContentError naming each slug that is misspelt or has no file.
        """
        if not slugs:
            return [self.issue_path(slug) for slug in self.issue_slugs()]
        problems = []
        for slug in slugs:
            try:
                check_slug(slug)
            except ValueError as error:
                problems.append(Problem(slug, str(error)))
                continue
            path = self.issue_path(slug)
            if not (path.exists() or path.is_symlink()):
                problems.append(
                    Problem(self.issue_file(slug), "no such issue; run 'newsletter new' to add it")
                )
        if problems:
            raise ContentError(problems)
        return [self.issue_path(slug) for slug in slugs]

    def issue_slugs(self) -> list[str]:
        """Return the slug of every entry named *.md in content/issues/, sorted."""
        if not self.issues_dir.is_dir():
            return []
        return sorted(
            path.name.removesuffix(ISSUE_SUFFIX)
            for path in self.issues_dir.iterdir()
            if path.name.endswith(ISSUE_SUFFIX) and not path.name.startswith(".")
        )
