"""Tracked-link rules: campaign parameters (UTM) neither doubled, overridden, leaked nor lost.

The links of both parts are read as the email has them, so a template's own link or
a parameter written by hand is judged like a tracked one.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsletter.checks.engine import Email, Hit, Where, iter_lines, rule, text_line
from newsletter.checks.links import web_links
from newsletter.render import tracking
from newsletter.render.tracking import HAS_ALL, TrackedLink

_GA_PARAMETERS = "https://support.google.com/analytics/answer/10917952"


def email_urls(email: Email) -> Iterator[tuple[Where, str]]:
    """Yield each http(s) URL of the HTML links and of the text, once per part and URL."""
    for el, href in web_links(email, unique=True):
        if tracking.is_web(href):
            yield email.locate(el), href
    seen: set[str] = set()
    for number, line in iter_lines(email.text):
        for url in tracking.targets(line):
            if url not in seen:
                seen.add(url)
                yield text_line(number), url


@rule(
    "link.utm-doubled",
    severity="error",
    rationale="A campaign key given twice is read differently by each analytics tool (first, "
    "last or both values), so the visit is reported under the wrong campaign or none.",
    source=_GA_PARAMETERS,
)
def doubled(email: Email) -> Iterator[Hit]:
    """Flag links whose query has the same utm_ key more than once."""
    for where, url in email_urls(email):
        keys = tracking.utm_keys(url)
        for key in sorted({key for key in keys if keys.count(key) > 1}):
            yield Hit(where, f"link {url} has {key} {keys.count(key)} times: keep one")


@rule(
    "link.utm-clobbered",
    severity="warning",
    rationale="A link's own campaign parameter is never overwritten by tracking, so its "
    "clicks are reported under its own value instead of the issue's.",
    source=_GA_PARAMETERS,
)
def clobbered(email: Email) -> Iterator[Hit]:
    """Flag content links whose own utm_ value differs from what tracking would set."""
    settings = email.settings
    if settings is None or settings.tracking is None:
        return
    for link in email.ledger:
        if link.kept not in (None, HAS_ALL):
            continue
        wanted = tracking.wanted(settings.tracking, slug=email.slug, slot=link.slot)
        for key, value in tracking.parameters(link.url):
            ours = wanted.get(key.lower())
            if ours is not None and value != ours:
                yield Hit(
                    _where(email, link),
                    f"link {link.url} keeps its own {key}={value} where tracking sets "
                    f"{key.lower()}={ours}: remove it from the link to use the issue's, or "
                    "switch off link.utm-clobbered if it is meant",
                )


@rule(
    "link.utm-foreign",
    severity="warning",
    rationale="Campaign parameters on a link to another site report your campaign in that "
    "site's analytics and can mislabel its traffic; tracking only adds them on your domains.",
    source=_GA_PARAMETERS,
)
def foreign(email: Email) -> Iterator[Hit]:
    """Flag links to domains outside tracking.domains that carry utm_ parameters."""
    settings = email.settings
    if settings is None or settings.tracking is None:
        return
    own = tracking.own_domains(settings)
    for where, url in email_urls(email):
        if tracking.is_own(url, own) or tracking.has_merge_tag(url):
            continue
        keys = tracking.utm_keys(url)
        if keys:
            host = tracking.host_of(url)
            yield Hit(
                where,
                f"link {url} to {host} carries {', '.join(dict.fromkeys(keys))}: remove them, "
                f"or add {host} to tracking.domains if the site is yours",
            )


@rule(
    "link.utm-missing",
    severity="warning",
    rationale="A link to your own site without the campaign parameters is counted as a "
    "direct visit, not as one from this issue.",
    source=_GA_PARAMETERS,
)
def missing(email: Email) -> Iterator[Hit]:
    """Flag links to the tracked domains that lack a parameter tracking sets."""
    settings = email.settings
    if settings is None or settings.tracking is None:
        return
    own = tracking.own_domains(settings)
    keys = list(tracking.wanted(settings.tracking, slug=email.slug, slot="-"))
    for where, url in email_urls(email):
        if not tracking.is_own(url, own) or tracking.has_merge_tag(url):
            continue
        if tracking.exempt(url, settings, slug=email.slug) is not None:
            continue
        present = set(tracking.utm_keys(url))
        lacking = [key for key in keys if key not in present]
        if lacking:
            yield Hit(
                where,
                f"link {url} lacks {', '.join(lacking)}: a link written in a template is not "
                "tracked; put it in the content or settings, or add the parameters to it",
            )


def _where(email: Email, link: TrackedLink) -> Where:
    """Return the first HTML link to a ledger entry's URL, else its slot."""
    for el, href in web_links(email):
        if href == link.tracked:
            return email.locate(el)
    return Where(f"link in {link.slot}")
