"""Business rules: who may answer, one-time codes, storing a response, rate limits."""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from engage import counters
from engage.i18n import normalize_language
from engage.links import absolute_url
from engage.mail import send_email
from forums.models import RSVP

from .models import (
    Answer,
    Audience,
    CodeRecipient,
    InvitationCode,
    Participation,
    Response,
    Source,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


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
    """``count`` fresh codes that no survey uses yet."""
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
    return list(codes)


@transaction.atomic
def issue_printed_codes(survey, count, batch="", expires_on=None):
    """Short codes to print on a sheet and hand out at the door."""
    codes = [
        InvitationCode(survey=survey, code=code, batch=batch, expires_on=expires_on)
        for code in _new_codes(count)
    ]
    return InvitationCode.objects.bulk_create(codes)


def issue_codes(survey, recipients, *, batch="", expires_on=None):
    """Email a personal code to each ``(email, language)`` pair, in that language.

    An anonymous survey's codes keep no address: with it, the used flag would
    say who answered."""
    recipients = [
        (email, normalize_language(language)) for email, language in recipients
    ]
    keep_address = not survey.anonymous
    with transaction.atomic():
        codes = InvitationCode.objects.bulk_create(
            InvitationCode(
                survey=survey,
                code=code,
                email=email if keep_address else "",
                language=language,
                batch=batch,
                expires_on=expires_on,
            )
            for code, (email, language) in zip(
                _new_codes(len(recipients)), recipients, strict=True
            )
        )
    for code, (email, language) in zip(codes, recipients, strict=True):
        with translation.override(language):
            url = f"{absolute_url(survey)}?code={code.display_code}"
        send_email(
            "surveys/email/invitation",
            {"survey": survey, "code": code, "url": url},
            email,
            language=language,
        )
    return codes


def attendee_recipients(forum):
    """``(email, language)`` for each person checked in at ``forum`` whose address
    we still hold (not erased), once per address, in the language they chose."""
    recipients = {}
    rows = (
        RSVP.objects.filter(
            forum=forum, attended_at__isnull=False, erased_at__isnull=True
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "language")
    )
    for email, language in rows:
        recipients.setdefault(email.strip().lower(), (email.strip(), language))
    return list(recipients.values())


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
    codes: list

    @property
    def already_had_one(self):
        return self.attendees - len(self.codes)


def email_attendee_codes(survey):
    """Email a personal code to every attendee of the survey's forum, in their
    language, skipping addresses that were already sent one for this survey.

    Who was sent a code is recorded apart from the codes, as a keyed hash of the
    address; nothing links a response to its code. Recording the addresses and
    issuing the codes happen in one transaction, and the unique record makes a
    second, simultaneous run fail rather than send twice.
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
        address_hash(email): (email, lang) for email, lang in attendee_recipients(forum)
    }
    earlier = {
        old: key
        for key, (email, _lang) in by_hash.items()
        for old in _earlier_hashes(email)
    }
    title = getattr(forum, build_localized_fieldname("title", settings.LANGUAGE_CODE))
    try:
        with transaction.atomic():
            known = {
                earlier.get(value, value)
                for value in CodeRecipient.objects.filter(
                    survey=survey, email_hash__in=[*by_hash, *earlier]
                ).values_list("email_hash", flat=True)
            }
            fresh = {key: pair for key, pair in by_hash.items() if key not in known}
            CodeRecipient.objects.bulk_create(
                CodeRecipient(survey=survey, email_hash=key) for key in fresh
            )
            codes = issue_codes(
                survey, list(fresh.values()), batch=(title or forum.title)[:100]
            )
    except IntegrityError as error:
        raise CodesRefused(
            _("Codes are being sent for this survey right now. Try again shortly.")
        ) from error
    return AttendeeCodes(attendees=len(by_hash), codes=codes)


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
):
    """Store a whole response or nothing.

    An anonymous response keeps only its day, no user and no code; the code is
    marked used with no time, so nothing in either table links the two. A web
    response records the survey's forum; a paper one the forum staff chose.
    """
    anonymous = survey.anonymous
    with transaction.atomic():
        if invitation is not None:
            claimed = InvitationCode.objects.filter(
                pk=invitation.pk, used=False
            ).update(used=True)
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
        response = existing or Response(survey=survey)
        response.language = normalize_language(language)
        response.submitted_on = on_date or timezone.localdate()
        response.submitted_at = None if anonymous or on_date else timezone.now()
        response.source = source
        response.area = area
        if source == Source.WEB:
            response.forum_id = survey.forum_id
        else:
            response.forum = forum
        if not anonymous and source == Source.WEB:
            response.user = user if residents else None
            response.code = invitation
        response.save()
        if existing is not None:
            response.answers.all().delete()
        Answer.objects.bulk_create(Answer(response=response, **row) for row in answers)
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
