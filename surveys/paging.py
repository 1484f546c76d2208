"""Surveys in pages: where the pages break, and the drafts that keep the answers
of the pages already done until the whole survey is sent.

The answers of earlier pages wait in a ``SurveyDraft`` row found by the hash of
a random token, and the page carries the token itself in a signed hidden field
(and in the resume link). Not in the session: a session belongs to a browser
and, once signed in, to an account, and keeping answers there would tie them
to both; a draft row holds no account, no invitation code, no address and no
time but the day it expires. The code is asked for on the last page only and
is never put in a draft, so the code spent at submission and the answers meet
only in the request that stores the response, and that request deletes the
draft in the transaction that stores the response (``services.submit_response``)
rather than the one that spends the code: nothing left afterwards names the
draft, its link, or the code together with the answers.
"""

import secrets

from django.core import signing
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from engage.forms import HONEYPOT_FIELD
from engage.links import absolute_url
from engage.mail import render_email

from .models import SurveyDraft
from .models.drafts import draft_expiry, token_hash

SALT = "surveys.draft"
# The hidden input that carries the signed token from page to page.
DRAFT_FIELD = "draft"
# Form fields a draft never keeps: the code is typed at submission only.
NEVER_KEPT = {"code", HONEYPOT_FIELD, "csrfmiddlewaretoken"}
LONGEST_VALUE = 10000
MOST_VALUES = 100


def split_pages(questions):
    """The questions in pages: each question marked ``starts_new_page`` opens
    one (the first question always opens the first)."""
    pages = []
    for question in questions:
        if not pages or question.starts_new_page:
            pages.append([])
        pages[-1].append(question)
    return pages or [[]]


class DraftRefused(Exception):
    """A resume link or draft token that cannot be used: ``status`` is the HTTP
    status of the page that says why, ``reason`` which message it shows."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status = status
        self.reason = reason


DAMAGED, UNKNOWN, EXPIRED = "damaged", "unknown", "expired"
PROBLEMS = {
    DAMAGED: (
        400,
        _(
            "This link to your saved answers is not complete. Copy the whole "
            "link from your email or note and try again."
        ),
    ),
    UNKNOWN: (
        404,
        _(
            "We have no saved answers for this link. They may have been sent "
            "already, or removed after they expired."
        ),
    ),
    EXPIRED: (
        410,
        _(
            "Your saved answers have expired and were removed. You can start "
            "the survey again."
        ),
    ),
}


def refuse(reason):
    return DraftRefused(PROBLEMS[reason][0], reason)


def sign(token):
    """The token with its signature, without the time ``signing.dumps`` would
    add: a link must not say when the resident started."""
    return signing.Signer(salt=SALT).sign(token)


def open_draft(survey, signed, today=None):
    """The draft a signed token names, or ``DraftRefused``. An expired draft
    is deleted on sight."""
    try:
        token = signing.Signer(salt=SALT).unsign(str(signed)[:200])
    except signing.BadSignature:
        raise refuse(DAMAGED) from None
    draft = SurveyDraft.objects.filter(
        survey=survey, token_hash=token_hash(token)
    ).first()
    if draft is None:
        raise refuse(UNKNOWN)
    if draft.is_expired(today):
        draft.delete()
        raise refuse(EXPIRED)
    return draft


def start_draft(survey):
    """A new, empty draft and the signed token that opens it."""
    token = secrets.token_urlsafe(32)
    draft = SurveyDraft(survey=survey, token_hash=token_hash(token))
    return draft, sign(token)


def keep(draft, data, page):
    """Store what the pages hold now, and give the draft another full term."""
    draft.data = {
        name: [str(value)[:LONGEST_VALUE] for value in values[:MOST_VALUES]]
        for name, values in data.items()
        if name not in NEVER_KEPT
    }
    draft.page = page
    draft.expires_on = draft_expiry()
    draft.save()


def as_data(values):
    """A draft's answers in the shape a bound form reads."""
    return MultiValueDict({name: list(items) for name, items in values.items()})


def resume_path(survey, signed):
    """The resume link, in the active language. A site URL rather than a route
    of the page: Wagtail's page paths take no colon, and a ``token`` URL gets
    the limits and the private caching of every emailed link."""
    return reverse("surveys:resume", args=[survey.pk, signed])


def email_resume_link(survey, email, url, language):
    """Send the link now, in the request, rather than through the task queue:
    a queued email keeps its address (and the link) in the task table, and
    this address must be used once and kept nowhere. False if sending failed."""
    message = render_email(
        "surveys/email/resume",
        {"survey": survey, "url": url, "expires_on": draft_expiry()},
        email,
        language=language,
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the page offers the link to copy instead
        return False
    return True


def absolute_resume_url(survey, signed):
    return absolute_url(resume_path(survey, signed))


def purge_expired(today=None):
    """Delete every draft past its day; returns how many."""
    return SurveyDraft.objects.expired(today).delete()[0]
