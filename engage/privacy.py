"""Residents' privacy rights, kept app-agnostic through hooks.

Each app registers, in its wagtail_hooks.py:

- ``engage_privacy_sections(request)`` → a dict with ``heading``, ``collected``,
  ``purpose`` and ``kept`` (translated text; ``kept`` built from the retention
  settings actually in force), optionally ``not_kept`` and ``visible`` (what
  others can see), and ``fields``: every stored field it speaks for, as
  ``"app_label.Model.field"`` (``tests/engage/test_privacy_registry.py`` fails
  on a field holding personal data that no section names); what the whole
  site keeps is added by ``engage.privacy_views``;
- ``engage_personal_data(user, emails)`` → ``{"app_rows": [dict, ...]}``, every row
  about the resident, exported as JSON and CSV;
- ``engage_erase_personal_data(user, emails)`` → erases or anonymises those rows,
  keeping counts, before the account itself is deleted.

``emails`` are the resident's verified addresses, so rows made without signing in
(an RSVP or a follow with the same address) are found too.
"""

import io
import json
import zipfile

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from .exports import CsvDictWriter
from .mail import send_email


def verified_emails(user):
    """The addresses the resident has proven are theirs, lower-cased."""
    # deferred: forums.models imports this module before allauth's models load
    from allauth.account.models import EmailAddress

    return sorted(
        {
            email.lower()
            for email in EmailAddress.objects.filter(
                user=user, verified=True
            ).values_list("email", flat=True)
        }
    )


def email_q(field, emails):
    """A filter matching ``field`` case-insensitively against any of ``emails``."""
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(**{f"{field}__iexact": email})
    return query


def account_rows(user):
    # deferred: forums.models imports this module before allauth's models load
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user).order_by("pk")
    return {
        "account": [
            {
                "username": user.username,
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "preferred_language": user.preferred_language,
                "email_forum_updates": user.email_forum_updates,
                "email_news": user.email_news,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            }
        ],
        "account_email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in addresses
        ],
    }


def collect_personal_data(user):
    """Every row about the resident, by file name (without extension)."""
    emails = verified_emails(user)
    data = account_rows(user)
    for collect in hooks.get_hooks("engage_personal_data"):
        data.update(collect(user, emails))
    return data


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _csv(rows):
    output = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = CsvDictWriter(output, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _text(value) for key, value in row.items()})
    return output.getvalue()


def personal_data_zip(user):
    """A ZIP holding each set of rows as ``name.json`` and ``name.csv``."""
    data = collect_personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in data.items():
            archive.writestr(
                f"{name}.json",
                json.dumps(rows, default=_text, ensure_ascii=False, indent=2),
            )
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def privacy_sections(request):
    """The account section first, then each app's."""
    sections = [account_privacy_section(request)]
    sections += [
        section
        for build in hooks.get_hooks("engage_privacy_sections")
        if (section := build(request))
    ]
    return sections


def session_days():
    return max(1, round(settings.SESSION_COOKIE_AGE / 86400))


def account_privacy_section(request):
    return {
        "heading": _("Your account"),
        "collected": _(
            "If you choose to create an account: your email address, a scrambled "
            "form of your password, your language and your email preferences."
        )
        + " "
        + _("Your name too, if you add it on your account page."),
        "purpose": _(
            "To sign you in, show you what you signed up for and email you in your "
            "language. An account is never needed to take part."
        ),
        "kept": ngettext(
            "Until you delete your account. A sign-in lasts at most %(days)s day.",
            "Until you delete your account. A sign-in lasts at most %(days)s days.",
            session_days(),
        )
        % {"days": session_days()},
        "fields": [
            "engage.User.first_name",
            "engage.User.last_name",
            "engage.User.email",
            "engage.User.email_forum_updates",
            "engage.User.email_news",
            "account.EmailAddress.user",
            "account.EmailAddress.email",
            "account.EmailConfirmation.email_address",
            "mfa.Authenticator.user",
            "wagtailusers.UserProfile.user",
            "sessions.Session.session_data",
        ],
    }


def delete_account(user, language):
    """Erase the resident's rows in every app, delete the account, and email them.

    Counts survive: apps anonymise rather than delete rows that seat counts,
    attendance or survey results are computed from."""
    emails = verified_emails(user)
    to_address = user.email or (emails[0] if emails else "")
    with transaction.atomic():
        for erase in hooks.get_hooks("engage_erase_personal_data"):
            erase(user, emails)
        user.delete()
    # Only once the erasure is committed: never confirm what was rolled back.
    if to_address:
        send_email(
            "engage/email/account_deleted",
            {"deleted_at": timezone.now()},
            to_address,
            language=language,
        )
