"""Render an issue to HTML and to plain text with the user's Jinja templates."""

from __future__ import annotations

import hashlib
import itertools
import marshal
import re
import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from newsletter import i18n, markdown
from newsletter.errors import ContentError, Problem
from newsletter.models import Issue, Settings
from newsletter.models.settings import CONTENT_PADDING
from newsletter.project import BUILTIN_TEMPLATES, HTML_FILE, TEMPLATES_DIR, TEXT_FILE, Project
from newsletter.render import mergetags, outlook, precompiled
from newsletter.runtime.cache import Store

# The templates that make the email; every other template is included from these.
HTML_TEMPLATE = HTML_FILE
TEXT_TEMPLATE = TEXT_FILE
TEXT_WIDTH = 78
# Horizontal padding of the content column and the gap between grid columns, in px.
PADDING = CONTENT_PADDING
GUTTER = 16
# Space above and below the content column on wider screens.
FRAME = 24
# Padding of the content column on phones, and the border and padding of a card (promo).
PHONE_PADDING = 16
CARD_BORDER = 1
CARD_PADDING = 18
# The phone layout starts a little above the content width, so the email never touches
# the window's edges.
BREAKPOINT_MARGIN = 20
# Buttons: text size and line height, padding and corner radius, in px.
BUTTON_FONT_SIZE = 16
BUTTON_LINE_HEIGHT = 20
BUTTON_PADDING_X = 22
BUTTON_PADDING_Y = 12
BUTTON_RADIUS = 4
# The outline of a sponsor's (promo) button; its padding shrinks by as much, so both
# kinds of button have the same size.
BUTTON_OUTLINE = 2


@dataclass
class TextLinks:
    """Number the links of a plain-text rendering, one number per distinct URL."""

    urls: list[str] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict, repr=False)

    def ref(self, url: str) -> str:
        """Return the reference mark for ``url``, e.g. ``[3]``."""
        number = self._numbers.get(url)
        if number is None:
            self.urls.append(url)
            number = self._numbers[url] = len(self.urls)
        return f"[{number}]"


class _OverrideLoader(jinja2.ChoiceLoader):
    """One loader per folder, first match wins, so a folder overrides single files.

    A template found in a later folder goes stale once a file of the same name
    appears in an earlier one, so an override added while previewing is picked up.
    """

    loaders: list[jinja2.FileSystemLoader]

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Load a template: a built-in one compiled ahead of time if it is current."""
        source, filename, uptodate = self.get_source(environment, name)
        code = precompiled.code_for(name, filename, source, options=compile_fingerprint())
        if code is None:
            # Jinja's own way: through get_source again, the bytecode cache, compile.
            return jinja2.BaseLoader.load(self, environment, name, globals)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        for index, loader in enumerate(self.loaders):
            try:
                source, filename, uptodate = loader.get_source(environment, template)
            except jinja2.TemplateNotFound:
                continue
            except UnicodeDecodeError as error:
                folder = next(
                    folder for folder in loader.searchpath if Path(folder, template).exists()
                )
                raise UndecodableTemplate(str(Path(folder, template)), error) from None
            earlier = [
                Path(folder, template)
                for before in self.loaders[:index]
                for folder in before.searchpath
            ]
            return source, filename, _still_first(uptodate, earlier)
        raise jinja2.TemplateNotFound(template)


class UndecodableTemplate(Exception):
    """A template file that is not UTF-8 text."""

    def __init__(self, filename: str, error: UnicodeDecodeError) -> None:
        super().__init__(filename)
        self.filename = filename
        self.position = error.start


def _still_first(uptodate: Callable[[], bool] | None, earlier: list[Path]) -> Callable[[], bool]:
    checked: list[int] = [-1]  # the render pass of the last check that found it current

    def check() -> bool:
        # Jinja asks again for every include of a partial: once per render is enough.
        if checked[0] == _passes.count:
            return True
        current = (uptodate is None or uptodate()) and not any(path.exists() for path in earlier)
        if current:
            checked[0] = _passes.count
        return current

    return check


class _Passes(threading.local):
    """The render this thread is in (each has its own number): templates are checked once."""

    count = 0


_passes = _Passes()
_pass_numbers = itertools.count(1)


class _Environment(jinja2.Environment):
    """A Jinja environment that remembers where it looks for templates, for messages."""

    search: tuple[Path, ...] = ()


def environment(project: Project, *, store: Store) -> jinja2.Environment:
    """Return the Jinja environment for a newsletter folder (one per folder and store)."""
    return _environment(tuple(path.resolve() for path in project.template_dirs()), store)


# Everything that shapes the compiled templates; it names the bytecode cache's folder,
# so that changing any of it never loads code compiled under the old settings.
_COMPILE_OPTIONS: dict[str, Any] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    # Fixed strings go through gettext; newstyle: gettext formats its own %(name)s.
    "extensions": ("jinja2.ext.i18n",),
}
_NEWSTYLE_GETTEXT = True
_AUTOESCAPE = ("html",)
_BYTECODE = "templates"


class _StoredBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in the cache store, each entry checked before it is loaded.

    An entry's key names the template and the checksum of its source, so an edited
    template is compiled afresh; the store checks the entry's own digest and the code
    it was made by. Only code compiled by this process's Jinja is ever loaded.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.namespace = f"{jinja2.__version__} {compile_fingerprint()}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(_BYTECODE, self._key(bucket))
        if data is None:
            return
        try:
            bucket.code = marshal.loads(data)
        except (EOFError, ValueError, TypeError):  # verified, yet unreadable: compile
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.store.put(_BYTECODE, self._key(bucket), marshal.dumps(bucket.code))

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{self.namespace} {bucket.key} {bucket.checksum}"


@lru_cache(maxsize=1)
def compile_fingerprint() -> str:
    """Name the options that shape compiled templates, so a change never loads old code."""
    options = repr(sorted(_COMPILE_OPTIONS.items())) + repr(_AUTOESCAPE) + repr(_NEWSTYLE_GETTEXT)
    return hashlib.sha256(options.encode()).hexdigest()[:12]


def builtin_environment() -> jinja2.Environment:
    """Return an environment of the built-in templates alone, with no cache store."""
    return _environment((BUILTIN_TEMPLATES,), Store(None))


@lru_cache(maxsize=8)
def _environment(search: tuple[Path, ...], store: Store) -> jinja2.Environment:
    loader = _OverrideLoader([jinja2.FileSystemLoader(path) for path in search])
    env = _Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=_AUTOESCAPE, default=False),
        undefined=jinja2.StrictUndefined,
        auto_reload=True,
        bytecode_cache=_StoredBytecode(store),
        **_COMPILE_OPTIONS,
    )
    env.search = search
    # English for anything rendered without a language (a macro imported without
    # context); every render passes its own language's gettext in its variables.
    env.install_null_translations(newstyle=_NEWSTYLE_GETTEXT)  # type: ignore[attr-defined]
    env.filters.update(
        markdown=_md_html,
        md_text=_md_text,
        wrap=_wrap,
        underline=_underline,
        link=_link,
        site_label=_site_label,
        longdate=_longdate,
        shortdate=_shortdate,
        web_css=lambda css: Markup(outlook.web_css(str(css))),
    )
    return env


def context(
    settings: Settings, issue: Issue, *, strings: i18n.Strings | None = None
) -> dict[str, Any]:
    """Return the variables every template sees, fixed strings in the settings' language.

    Pass ``strings`` to learn afterwards which fixed strings its catalog lacked.
    """
    strings = i18n.strings(settings.language) if strings is None else strings
    return {
        **translations(strings),
        "settings": settings,
        "theme": settings.theme,
        "issue": issue,
        "blocks": issue.blocks,
        "layout": layout(settings.theme.width),
        "button_width": _button_width,
        "button_box": _button_box,
        "outlook_font_rules": outlook.font_rules,
        "outlook_font": outlook.outlook_font,
        **mergetags.placeholders(settings, archived=issue.archived),
    }


def translations(strings: i18n.Strings) -> dict[str, Any]:
    """Return the template variables that put fixed strings and dates in a language."""
    return {
        "i18n": strings,
        "gettext": _newstyle(strings.gettext),
        "ngettext": _newstyle_plural(strings.ngettext),
    }


def _newstyle(lookup: Callable[[str], str]) -> Callable[..., str]:
    """Wrap a lookup as Jinja's newstyle gettext, formatted with its ``%(name)s`` values."""

    @jinja2.pass_context
    def gettext(ctx: jinja2.runtime.Context, message: str, /, **names: Any) -> str:
        return _formatted(ctx, message, lookup(message), names)

    return gettext


def _newstyle_plural(lookup: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Wrap a plural lookup as Jinja's newstyle ngettext (``num`` is a name too)."""

    @jinja2.pass_context
    def ngettext(
        ctx: jinja2.runtime.Context, singular: str, plural: str, count: int, /, **names: Any
    ) -> str:
        names.setdefault("num", count)
        return _formatted(ctx, singular, lookup(singular, plural, count), names)

    return ngettext


def _formatted(ctx: jinja2.runtime.Context, message: str, found: str, names: dict[str, Any]) -> str:
    """Fill in a found string's names; only the package's own strings count as markup.

    Anything else (a block's own text passed through ``_``) stays text, escaped in HTML,
    and is formatted only when it has names, so a ``%`` in it is kept as written.
    """
    if ctx.eval_ctx.autoescape and i18n.is_source_id(message):
        return Markup(found) % names if names else Markup(found)
    return found % names if names else found


def layout(width: int) -> dict[str, Any]:
    """Return the layout's widths in px, derived from the theme's content width.

    frame: space above and below the column; inner: the content column; columns: a
    grid column by number of columns; promo_inner: inside a card's border and padding;
    breakpoint: where the phone layout starts; button: a button's sizes.
    """
    inner = width - 2 * PADDING
    return {
        "width": width,
        "frame": FRAME,
        "padding": PADDING,
        "phone_padding": PHONE_PADDING,
        "inner": inner,
        "gutter": GUTTER,
        "columns": {n: (inner - GUTTER * (n - 1)) // n for n in (2, 3)},
        "card_border": CARD_BORDER,
        "card_padding": CARD_PADDING,
        "promo_inner": inner - 2 * (CARD_BORDER + CARD_PADDING),
        "breakpoint": width + BREAKPOINT_MARGIN,
        "button": _button_layout(),
    }


def _button_layout() -> dict[str, int]:
    """Return a button's sizes; arcsize is VML's corner radius, in % of the height."""
    height = BUTTON_LINE_HEIGHT + 2 * BUTTON_PADDING_Y
    return {
        "font_size": BUTTON_FONT_SIZE,
        "line_height": BUTTON_LINE_HEIGHT,
        "padding_x": BUTTON_PADDING_X,
        "padding_y": BUTTON_PADDING_Y,
        "radius": BUTTON_RADIUS,
        "height": height,
        "arcsize": round(100 * BUTTON_RADIUS / height),
        "outline": BUTTON_OUTLINE,
        "outline_padding_x": BUTTON_PADDING_X - BUTTON_OUTLINE,
        "outline_padding_y": BUTTON_PADDING_Y - BUTTON_OUTLINE,
    }


def _button_width(text: str) -> int:
    """Return the width in px of a button with this text (Outlook's VML needs one)."""
    return outlook.button_width(text, font_size=BUTTON_FONT_SIZE, padding=BUTTON_PADDING_X)


def _button_box(text: str, max_width: int) -> tuple[int, int]:
    """Return the width and height in px of Outlook's button, no wider than max_width."""
    return outlook.button_box(
        text,
        font_size=BUTTON_FONT_SIZE,
        line_height=BUTTON_LINE_HEIGHT,
        padding=BUTTON_PADDING_X,
        height=BUTTON_LINE_HEIGHT + 2 * BUTTON_PADDING_Y,
        max_width=max_width,
    )


def render_html(env: jinja2.Environment, variables: dict[str, Any]) -> str:
    """Render the HTML email, before CSS inlining."""
    return _render(env, HTML_TEMPLATE, variables)


def render_text(env: jinja2.Environment, variables: dict[str, Any]) -> str:
    """Render the plain-text email, tidied: no trailing spaces, at most one blank line."""
    text = _render(env, TEXT_TEMPLATE, {**variables, "links": TextLinks(), "width": TEXT_WIDTH})
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_template(env: jinja2.Environment, name: str, variables: dict[str, Any]) -> str:
    """Render any template by name, template errors raised as ContentError."""
    return _render(env, name, variables)


def _render(env: jinja2.Environment, name: str, variables: dict[str, Any]) -> str:
    _passes.count = next(_pass_numbers)
    try:
        return env.get_template(name).render(variables)
    except jinja2.TemplateSyntaxError as error:
        file = _display(env, error.filename, default=error.name or name)
        raise ContentError(
            [Problem(file, error.message or "syntax error", line=error.lineno)]
        ) from None
    except jinja2.TemplateNotFound as error:
        raise ContentError(
            [
                Problem(
                    f"{TEMPLATES_DIR}/{error.name}",
                    f"template not found; looked in {_looked_in(env)}; restore it",
                )
            ]
        ) from None
    except UndecodableTemplate as error:
        file = _display(env, error.filename, default=name)
        raise ContentError(
            [
                Problem(
                    file,
                    f"is not UTF-8 text (byte {error.position} cannot be read); "
                    "save it with UTF-8 encoding",
                )
            ]
        ) from None
    except jinja2.UndefinedError as error:
        file, line = _template_frame(env, error, default=name)
        raise ContentError(
            [Problem(file, f"{error.message}; check the variable name", line=line)]
        ) from None
    except Exception as error:  # anything else raised inside a template is the template's
        file, line = _template_frame(env, error, default=name)
        raise ContentError([Problem(file, f"{type(error).__name__}: {error}", line=line)]) from None


def _looked_in(env: jinja2.Environment) -> str:
    names = [
        "the built-in templates" if root == BUILTIN_TEMPLATES else f"{TEMPLATES_DIR}/"
        for root in _search(env)
    ]
    return " and ".join(names)


def _search(env: jinja2.Environment) -> tuple[Path, ...]:
    return getattr(env, "search", ())


def _display(env: jinja2.Environment, filename: str | None, *, default: str) -> str:
    """Name a template file as messages show it: templates/x for the folder's own."""
    if not filename:
        return f"{TEMPLATES_DIR}/{default}"
    path = Path(filename)
    for root in _search(env):
        if path.is_relative_to(root):
            prefix = "built-in templates" if root == BUILTIN_TEMPLATES else TEMPLATES_DIR
            return f"{prefix}/{path.relative_to(root).as_posix()}"
    return path.as_posix()


def _template_frame(
    env: jinja2.Environment, error: Exception, *, default: str
) -> tuple[str, int | None]:
    """Return the template and line where a render error happened (the innermost one)."""
    found: tuple[str, int | None] = (f"{TEMPLATES_DIR}/{default}", None)
    tb = error.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if any(path.is_relative_to(root) for root in _search(env)):
            found = (_display(env, str(path), default=default), tb.tb_lineno)
        tb = tb.tb_next
    return found


@jinja2.pass_context
def _md_text(ctx: jinja2.runtime.Context, source: str, width: int = TEXT_WIDTH) -> str:
    links: TextLinks = ctx["links"]
    hrefs = dict(markdown.hrefs_of(source))
    return markdown.to_text(source, width=width, ref=links.ref, hrefs=hrefs)


def _md_html(source: str) -> Markup:
    """Render Markdown to the email's HTML, with the tracked link targets it carries."""
    return Markup(outlook.prose_cells(markdown.to_html(source, markdown.hrefs_of(source))))


def _wrap(text: str, width: int = TEXT_WIDTH, indent: str = "") -> str:
    return markdown.wrap(text, width=width, indent=indent)


def _link(url: str, label: str, width: int = TEXT_WIDTH, *, own_line: bool = False) -> str:
    """Show a URL after its label, on a line of its own when both do not fit (or own_line)."""
    if not label:
        return url
    if not own_line and len(label) + 2 + len(url) <= width:
        return f"{label}: {url}"
    return f"{label}:\n{url}"


def _site_label(url: str) -> str:
    """Show an address as its host and path: no scheme, query (tracking), fragment or final /."""
    bare = url.partition("#")[0].partition("?")[0]
    return bare.removeprefix("https://").removeprefix("http://").strip("/")


def _underline(text: str, char: str = "=") -> str:
    return f"{text}\n{char * min(len(text), TEXT_WIDTH)}"


@jinja2.pass_context
def _longdate(ctx: jinja2.runtime.Context, value: Any) -> str:
    return _strings(ctx).longdate(value)


@jinja2.pass_context
def _shortdate(ctx: jinja2.runtime.Context, value: Any) -> str:
    return _strings(ctx).shortdate(value)


def _strings(ctx: jinja2.runtime.Context) -> i18n.Strings:
    """Return the render's language strings (English where a template has none)."""
    found = ctx.get("i18n")
    return found if isinstance(found, i18n.Strings) else i18n.strings(i18n.SOURCE_LANGUAGE)
