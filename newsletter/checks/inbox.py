"""Inbox rules: the subject line and the preheader as the inbox list shows them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsletter.checks.engine import Email, Hit, Where, header, normalise, rule

SUBJECT_MAX = 60
PREHEADER_MIN = 40
PREHEADER_MAX = 140


def subject(email: Email) -> str:
    """Return the subject as sent: the message's header, else the issue's field."""
    if email.headers is not None:
        return normalise(str(email.headers.get("Subject", "")))
    return normalise(email.issue.subject) if email.issue else ""


def preheader(email: Email) -> tuple[str, Where] | None:
    """Return the preheader text shown in the inbox and its place, or None if there is none."""
    for el in email.body.iter("div", "span", "p"):
        if "preheader" in (el.get("class") or "").split():
            return normalise(el.text_content()), email.locate(el)
    return None


def _shouts(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        return "is in capitals"
    if re.search(r"[!?]{2,}", text):
        return "has repeated ! or ?"
    return None


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


@rule(
    "subject.empty",
    severity="error",
    rationale="An email without a subject looks like spam and says nothing in the inbox.",
    source="https://www.rfc-editor.org/rfc/rfc5322#section-3.6.5",
)
def subject_empty(email: Email) -> Iterator[Hit]:
    """Flag an empty subject."""
    if not subject(email):
        yield Hit(header("Subject"), "the subject is empty: write one in the issue's subject:")


@rule(
    "subject.length",
    severity="warning",
    rationale="Inbox lists cut subjects after about 60 characters, phones after fewer.",
    source="inbox list widths of Gmail, Outlook and Apple Mail (about 60 characters)",
)
def subject_length(email: Email) -> Iterator[Hit]:
    """Flag subjects longer than inbox views show."""
    text = subject(email)
    if len(text) > SUBJECT_MAX:
        yield Hit(
            header("Subject"),
            f"the subject has {len(text)} characters; inboxes show "
            f"about {SUBJECT_MAX}: put the news in the first words and shorten it",
        )


@rule(
    "subject.shouting",
    severity="warning",
    rationale="Subjects and preheaders in capitals or with '!!' read as shouting and "
    "score as spam.",
    source="SpamAssassin rules SUBJ_ALL_CAPS and PLING_PLING",
)
def shouting(email: Email) -> Iterator[Hit]:
    """Flag a subject or preheader in capitals or with repeated ! or ?."""
    problem = _shouts(subject(email))
    if problem:
        yield Hit(
            header("Subject"),
            f"the subject {problem}: write it in sentence case, with at most one !",
        )
    found = preheader(email)
    if found:
        problem = _shouts(found[0])
        if problem:
            yield Hit(found[1], f"the preheader {problem}: write it in sentence case")


@rule(
    "preheader.empty",
    severity="warning",
    rationale="Without a preheader, inboxes show whatever text comes first, such as "
    "'View this email in your browser'.",
    source="https://www.caniemail.com/features/html-display-none/",
)
def preheader_empty(email: Email) -> Iterator[Hit]:
    """Flag a missing or empty preheader."""
    found = preheader(email)
    if found is None:
        yield Hit(
            Where("email.html <body>"),
            "no preheader element: keep the "
            '<div class="preheader"> at the top of templates/email.html',
        )
    elif not found[0]:
        yield Hit(found[1], "the preheader is empty: write one in the issue's preheader:")


@rule(
    "preheader.length",
    severity="warning",
    rationale="Inboxes show about 40 to 140 characters of preview; a short preheader lets "
    "body text follow it, a long one is cut.",
    source="https://www.litmus.com/blog/the-ultimate-guide-to-preview-text-support",
)
def preheader_length(email: Email) -> Iterator[Hit]:
    """Flag preheaders outside about 40 to 140 characters."""
    found = preheader(email)
    if not found or not found[0]:
        return
    size = len(found[0])
    if size < PREHEADER_MIN:
        yield Hit(
            found[1],
            f"the preheader has {size} characters: write at least "
            f"{PREHEADER_MIN} so the preview says something",
        )
    elif size > PREHEADER_MAX:
        yield Hit(
            found[1],
            f"the preheader has {size} characters; inboxes show about {PREHEADER_MAX}: shorten it",
        )


@rule(
    "preheader.repeats-subject",
    severity="warning",
    rationale="The preheader is shown right after the subject; repeating it wastes the preview.",
    source="https://www.litmus.com/blog/the-ultimate-guide-to-preview-text-support",
)
def repeats_subject(email: Email) -> Iterator[Hit]:
    """Flag a preheader that starts with or equals the subject."""
    found = preheader(email)
    title = _key(subject(email))
    if found and title and _key(found[0]).startswith(title):
        yield Hit(
            found[1], "the preheader repeats the subject: use it to add what the subject leaves out"
        )
