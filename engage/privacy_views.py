"""The privacy page, the data download and account deletion.

The page shows ``engage.privacy``'s sections (the account, then each app's),
then what the whole site keeps: the email queue, the counters behind its
limits and the log of staff looking at personal data."""

import datetime
import math

from allauth.account import app_settings as account_settings
from allauth.mfa import app_settings as mfa_settings
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import privacy
from .i18n import normalize_language
from .mail import MAX_SEND_ATTEMPTS, retry_delay
from .ratelimit import parse_rate

# Days a sent email stays in the task queue: the README's daily
# ``prune_db_task_results --min-age-days`` uses this number (a test checks both).
SENT_EMAIL_DAYS = 2


def page_sections(request):
    return [
        *privacy.privacy_sections(request),
        email_queue_section(),
        abuse_limits_section(),
        staff_access_section(),
    ]


def privacy_page(request):
    return render(request, "engage/privacy.html", {"sections": page_sections(request)})


def minutes(seconds):
    return max(1, math.ceil(seconds / 60))


def retry_minutes():
    """How long the last retry of a failed email comes after the first try."""
    total = sum(
        (retry_delay(attempt) for attempt in range(2, MAX_SEND_ATTEMPTS + 1)),
        start=datetime.timedelta(0),
    )
    return minutes(total.total_seconds())


def email_queue_section():
    return {
        "heading": _("Emails we send"),
        "collected": _(
            "Each email is written in full when it is queued: your address, the "
            "message and any personal link in it, such as the link to change "
            "your RSVP."
        ),
        "purpose": ngettext(
            "So that no page waits for the email provider, and an email that "
            "fails is tried again: up to %(attempts)s times, over about "
            "%(minutes)s minute.",
            "So that no page waits for the email provider, and an email that "
            "fails is tried again: up to %(attempts)s times, over about "
            "%(minutes)s minutes.",
            retry_minutes(),
        )
        % {"attempts": MAX_SEND_ATTEMPTS, "minutes": retry_minutes()},
        "kept": ngettext(
            "A sent email is deleted from the queue %(days)s day after it was sent.",
            "A sent email is deleted from the queue %(days)s days after it was sent.",
            SENT_EMAIL_DAYS,
        )
        % {"days": SENT_EMAIL_DAYS}
        + " "
        + _("Our email provider keeps its own delivery records, under its own terms."),
        "not_kept": _("No other copy of the emails we send is kept on this site."),
        "fields": ["django_tasks_database.DBTaskResult.args_kwargs"],
    }


def _site_windows():
    """The windows, in seconds, of the counters this site keeps (engage.counters)."""
    yield from (parse_rate(rule["rate"])[1] for rule in settings.ENGAGE_RATE_LIMITS)
    yield settings.ENGAGE_RECIPIENT_EMAIL_WINDOW
    yield settings.SURVEYS_RATE_WINDOW


def _sign_in_windows():
    """The windows, in seconds, of allauth's own sign-in counters: rates such as
    ``"10/m/ip,5/300s/key"``."""
    rates = {**account_settings.RATE_LIMITS, **mfa_settings.RATE_LIMITS}
    for value in rates.values():
        for rate in (value or "").split(","):
            if rate:
                amount, period, _per = rate.split("/")
                yield parse_rate(f"{amount}/{period}")[1]


def abuse_limits_section():
    site = minutes(max(_site_windows()))
    sign_in = minutes(max(_sign_in_windows(), default=60))
    return {
        "heading": _("Limits against abuse"),
        "collected": _(
            "We count recent requests from each internet address and recent "
            "emails to each email address. A count is stored under a scrambled "
            "form of the address (a keyed hash), never the address itself. The "
            "sign-in pages keep their own counts: by internet address, as it is, "
            "and by a scrambled form of the email address typed."
        ),
        "purpose": _(
            "So that no one can flood a form, guess passwords or fill someone's "
            "inbox with emails from this site."
        ),
        "kept": ngettext(
            "A count is deleted once its time window has passed, at the latest "
            "when the next count starts; the longest window is %(minutes)s minute.",
            "A count is deleted once its time window has passed, at the latest "
            "when the next count starts; the longest window is %(minutes)s minutes.",
            site,
        )
        % {"minutes": site}
        + " "
        + ngettext(
            "Sign-in counts are kept for at most %(minutes)s minute.",
            "Sign-in counts are kept for at most %(minutes)s minutes.",
            sign_in,
        )
        % {"minutes": sign_in},
        "not_kept": _("A count records nothing of what you sent."),
        "fields": ["engage.RateCounter.key"],
    }


def staff_access_section():
    return {
        "heading": _("Staff access to personal data"),
        "collected": _(
            "Each time a staff member opens or exports a list or record holding "
            "personal data (RSVPs, check-in lists, the department roster, "
            "deliveries, survey answers, contact messages), we record which staff "
            "account did it, when, what they opened and the number of the record."
        ),
        "purpose": _(
            "So that every look at your data by staff can be checked later, and "
            "misuse found."
        ),
        "kept": _(
            "With no end date. Entries cannot be changed or deleted from the site, "
            "and they still name the staff account after it is deleted."
        ),
        "not_kept": _(
            "The log holds no resident's name, email address or answers: only the "
            "number of the record that was opened."
        ),
        "fields": [
            "engage.PersonalDataAccess.user",
            "engage.PersonalDataAccess.username",
        ],
    }


@login_required
@require_POST
def download_data(request):
    """A POST, so a link on another site cannot make a browser fetch the file."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        privacy.personal_data_zip(request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account and my personal data will be erased, "
            "and that this cannot be undone."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )


@login_required
def delete_account(request):
    """Residents delete their own account; a staff account's pages, revisions and
    roles are handed over by an administrator first, so it cannot be deleted here."""
    if request.user.is_staff:
        return render(request, "engage/delete_account.html", {"staff": True})
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        language = normalize_language(
            request.user.preferred_language or translation.get_language()
        )
        privacy.delete_account(request.user, language)
        logout(request)
        with translation.override(language):
            messages.success(
                request,
                _(
                    "Your account and your personal data have been deleted. "
                    "A confirmation has been emailed to you."
                ),
            )
            return redirect(f"/{language}/")
    return render(request, "engage/delete_account.html", {"form": form})
