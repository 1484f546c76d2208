"""Business rules: who may answer, one-time codes, storing a response, rate limits."""

import logging
import random
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from engage import counters
from engage.i18n import normalize_language
from engage.links import absolute_url
from engage.mail import render_email
from forums.models import RSVP

from . import mixing, tallies
from .models import (
    Answer,
    Audience,
    CodeRecipient,
    InvitationCode,
    Participation,
    Response,
    Source,
    SurveyPage,
)

logger = logging.getLogger(__name__)
_shuffle = random.SystemRandom().shuffle

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def _shuffled(rows):
    rows = list(rows)
    _shuffle(rows)
    return rows


class SubmissionRefused(Exception):
    """A response that must not be stored; the message says why, for the reader."""


def normalize_code(raw):
    """What the person typed, without spaces or dashes, in capitals."""
    return re.sub(r"[\s\-]", "", str(raw or "")).upper()


def find_code(survey, raw):
    """The unused, unexpired code for this survey, or None and the reason."""
    value = normalize_code(raw)
    if len(value) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in value):
        return None, _("This code is not valid. Check it against your invitation.")
    code = InvitationCode.objects.filter(survey=survey, code=value).first()
    if code is None:
        return None, _("This code is not valid. Check it against your invitation.")
    if code.used:
        return None, _("This code has already been used.")
    if code.expires_on and code.expires_on < timezone.localdate():
        return None, _("This code has expired.")
    return code, None


def _new_codes(count):
    """``count`` fresh codes that no survey uses yet, in a random order."""
    codes = set()
    while len(codes) < count:
        batch = {
            "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
            for _j in range(count - len(codes))
        }
        taken = set(
            InvitationCode.objects.filter(code__in=batch).values_list("code", flat=True)
        )
        codes |= batch - taken
    codes = list(codes)
    _shuffle(codes)
    return codes


@transaction.atomic
def issue_printed_codes(survey, count, batch="", expires_on=None):
    """Short codes to print on a sheet and hand out at the door."""
    codes = [
        InvitationCode(survey=survey, code=code, batch=batch, expires_on=expires_on)
        for code in _new_codes(count)
    ]
    return InvitationCode.objects.bulk_create(codes)


def issue_codes(survey, recipients, *, batch="", expires_on=None):
    """Email a personal code to each ``(email, language)`` pair, in that language,
    and return the codes in the recipients' order.

    Run at send time (``send_attendee_codes``): the codes are created here, in
    one insert, in a random order, and each email is rendered and sent at once
    rather than queued, so no task row holds an address next to a code. An
    anonymous survey's codes keep no address and no code keeps a language:
    either would say who answered. A code whose email fails is withdrawn and
    its address forgotten, so the next run sends that person one."""
    recipients = [
        (email, normalize_language(language)) for email, language in recipients
    ]
    keep_address = not survey.anonymous
    values = _new_codes(len(recipients))
    codes = [
        InvitationCode(
            survey=survey,
            code=code,
            email=email if keep_address else "",
            batch=batch,
            expires_on=expires_on,
        )
        for code, (email, _language) in zip(values, recipients, strict=True)
    ]
    with transaction.atomic():
        InvitationCode.objects.bulk_create(_shuffled(codes))
    failed = []
    for code, (email, language) in zip(codes, recipients, strict=True):
        with translation.override(language):
            url = f"{absolute_url(survey)}#code={code.display_code}"
        message = render_email(
            "surveys/email/invitation",
            {"survey": survey, "code": code, "url": url},
            email,
            language=language,
        )
        try:
            message.send()
        except Exception:  # noqa: BLE001 - any failure: withdraw this code only
            failed.append((code, email))
    if failed:
        InvitationCode.objects.filter(pk__in=[code.pk for code, _e in failed]).delete()
        CodeRecipient.objects.filter(
            survey=survey, email_hash__in=[address_hash(e) for _c, e in failed]
        ).delete()
        logger.warning(
            "%d invitation code(s) for survey %s could not be emailed and were "
            "withdrawn; emailing the attendees again will retry them.",
            len(failed),
            survey.pk,
        )
    return [code for code in codes if code not in {c for c, _e in failed}]


def attendee_recipients(forum):
    """``(rsvp id, email, language)`` for each person checked in at ``forum``
    whose address we still hold (not erased), once per address, in the
    language they chose."""
    found = {}
    rows = (
        RSVP.objects.filter(
            forum=forum, attended_at__isnull=False, erased_at__isnull=True
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "email", "language")
    )
    for pk, email, language in rows:
        found.setdefault(email.strip().lower(), (pk, email.strip(), language))
    return list(found.values())


def address_hash(email, secret=None):
    """A keyed hash of an address: it can be matched again but not read back."""
    return salted_hmac(
        "surveys.CodeRecipient",
        email.strip().lower(),
        secret=secret,
        algorithm="sha256",
    ).hexdigest()


def _earlier_hashes(email):
    """The address hashed with retired secret keys, so rotating the key does not
    make a second run send a second code."""
    return [address_hash(email, secret=key) for key in settings.SECRET_KEY_FALLBACKS]


class CodesRefused(Exception):
    """Codes cannot be emailed now; the message says why, for the organizer."""


@dataclass
class AttendeeCodes:
    attendees: int
    emailed: int

    @property
    def already_had_one(self):
        return self.attendees - self.emailed


@task()
def send_attendee_codes(survey_id, rsvp_ids, batch):
    """Create and email the codes of one run of ``email_attendee_codes``. The
    task row holds only ids: the addresses are read, and the codes made, now."""
    survey = SurveyPage.objects.get(pk=survey_id)
    recipients = {}
    rows = RSVP.objects.filter(pk__in=rsvp_ids, erased_at__isnull=True).exclude(
        email=""
    )
    for email, language in rows.values_list("email", "language"):
        recipients.setdefault(email.strip().lower(), (email.strip(), language))
    issue_codes(survey, list(recipients.values()), batch=batch)


def email_attendee_codes(survey):
    """Email a personal code to every attendee of the survey's forum, in their
    language, skipping addresses that were already sent one for this survey.

    Who was sent a code is recorded apart from the codes, as a keyed hash of the
    address; nothing links a response to its code. Recording the addresses and
    queueing the task that makes and sends the codes happen in one transaction,
    and the unique record makes a second, simultaneous run fail rather than
    send twice.
    """
    if survey.forum_id is None:
        raise CodesRefused(
            _("Choose the forum this survey is for in its settings first.")
        )
    if survey.audience != Audience.INVITED:
        raise CodesRefused(
            _(
                "This survey does not ask for codes. Set “who may answer” to "
                "holders of an invitation code first."
            )
        )
    if not survey.live:
        raise CodesRefused(_("Publish the survey first."))
    if survey.closes_at and survey.closes_at <= timezone.now():
        raise CodesRefused(_("This survey has closed."))
    forum = survey.forum
    by_hash = {
        address_hash(email): (pk, email) for pk, email, _l in attendee_recipients(forum)
    }
    earlier = {
        old: key
        for key, (_pk, email) in by_hash.items()
        for old in _earlier_hashes(email)
    }
    with translation.override(settings.LANGUAGE_CODE):
        batch = forum.display_title[:100]
    try:
        with transaction.atomic():
            known = {
                earlier.get(value, value)
                for value in CodeRecipient.objects.filter(
                    survey=survey, email_hash__in=[*by_hash, *earlier]
                ).values_list("email_hash", flat=True)
            }
            fresh = [key for key in by_hash if key not in known]
            CodeRecipient.objects.bulk_create(
                CodeRecipient(survey=survey, email_hash=key) for key in fresh
            )
            if fresh:
                send_attendee_codes.enqueue(
                    survey.pk,
                    sorted(by_hash[key][0] for key in fresh),
                    batch,
                )
    except IntegrityError as error:
        raise CodesRefused(
            _("Codes are being sent for this survey right now. Try again shortly.")
        ) from error
    return AttendeeCodes(attendees=len(by_hash), emailed=len(fresh))


def answering_block(survey, user, now=None):
    """Why this person cannot answer now, or None if they can."""
    now = now or timezone.now()
    if survey.opens_at and now < survey.opens_at:
        return "not_open"
    if survey.closes_at and now >= survey.closes_at:
        return "closed"
    if survey.audience == Audience.RESIDENTS:
        if not user.is_authenticated:
            return "sign_in"
        if editable_response(survey, user) is None and has_answered(survey, user):
            return "answered"
    return None


def has_answered(survey, user):
    return Participation.objects.filter(survey=survey, user=user).exists()


def editable_response(survey, user):
    """A resident's own response they may still change, if the survey allows it."""
    if not (survey.allow_editing and user.is_authenticated) or survey.anonymous:
        return None
    return Response.objects.filter(survey=survey, user=user).first()


def _admit(survey, *, source, user, invitation, existing):
    """Spend the code, or record that a signed-in resident has taken part."""
    if invitation is not None:
        claimed = InvitationCode.objects.filter(pk=invitation.pk, used=False).update(
            used=True
        )
        if not claimed:
            raise SubmissionRefused(_("This code has already been used."))
    residents = survey.audience == Audience.RESIDENTS and user is not None
    if residents and source == Source.WEB and existing is None:
        try:
            with transaction.atomic():
                _participation, created = Participation.objects.get_or_create(
                    survey=survey, user=user
                )
        except IntegrityError:
            created = False
        if not created:
            raise SubmissionRefused(_("You have already answered this survey."))


def _readmit(survey, *, user, invitation):
    """Undo :func:`_admit` when the response could not be stored."""
    if invitation is not None:
        InvitationCode.objects.filter(pk=invitation.pk).update(used=False)
    if user is not None:
        Participation.objects.filter(survey=survey, user=user).delete()


def submit_response(
    survey,
    answers,
    *,
    language,
    source=Source.WEB,
    user=None,
    invitation=None,
    area=None,
    forum=None,
    on_date=None,
    existing=None,
    draft=None,
):
    """Store a whole response or nothing.

    An anonymous response keeps only its day, no user and no code. The code is
    spent (or the resident's taking part recorded) in one transaction and the
    response stored in another, which also rewrites the survey's used codes,
    participations and unmixed responses in a random order (``surveys.mixing``),
    so no transaction id, row order or key links the two. A response that
    cannot be stored gives its code back. A web response records the survey's
    forum; a paper one the forum staff chose. The ``draft`` of a survey in
    pages is deleted with the storing, not the spending (``surveys.paging``);
    a draft already gone means these answers were sent already.
    """
    anonymous = survey.anonymous
    residents = survey.audience == Audience.RESIDENTS and user is not None
    details = {
        "language": language,
        "source": source,
        "area": area,
        "forum": forum,
        "on_date": on_date,
    }
    with transaction.atomic():
        _admit(
            survey, source=source, user=user, invitation=invitation, existing=existing
        )
        if not anonymous:
            web = source == Source.WEB
            _drop_draft(draft)
            return _store(
                survey,
                answers,
                details,
                existing,
                user=user if residents and web else None,
                invitation=invitation if web else None,
            )
    try:
        with transaction.atomic():
            _drop_draft(draft)
            response = _store(survey, answers, details)
            mixing.mix(survey, settings.SURVEYS_MIN_GROUP_SIZE)
    except BaseException:
        with transaction.atomic():
            _readmit(survey, user=user if residents else None, invitation=invitation)
        raise
    return response


def _drop_draft(draft):
    if draft is not None and not type(draft).objects.filter(pk=draft.pk).delete()[0]:
        raise SubmissionRefused(_("These answers have already been sent."))


def _store(survey, answers, details, existing=None, *, user=None, invitation=None):
    """Write the response and its answers, or the resident's changed ones, and
    count them in the survey's results totals."""
    source = details["source"]
    if existing is not None:
        tallies.take_out([existing.pk])
    response = existing or Response(survey=survey)
    response.language = normalize_language(details["language"])
    response.submitted_on = details["on_date"] or timezone.localdate()
    response.submitted_at = (
        None if survey.anonymous or details["on_date"] else timezone.now()
    )
    response.source = source
    response.area = details["area"]
    if source == Source.WEB:
        response.forum_id = survey.forum_id
    else:
        response.forum = details["forum"]
    response.user = user
    response.code = invitation
    response.save()
    if existing is not None:
        response.answers.all().delete()
    Answer.objects.bulk_create(Answer(response=response, **row) for row in answers)
    tallies.count_in([response.pk])
    return response


def _rate_name(survey, address):
    return f"surveys:rate:{survey.pk}:{address}"


def rate_limited(survey, address):
    """True once an address (``engage.ratelimit.client_ip``) has sent
    ``SURVEYS_RATE_LIMIT`` responses in the current window."""
    count = counters.current(_rate_name(survey, address), settings.SURVEYS_RATE_WINDOW)
    return count >= settings.SURVEYS_RATE_LIMIT


def count_submission(survey, address):
    counters.increment(_rate_name(survey, address), settings.SURVEYS_RATE_WINDOW)
