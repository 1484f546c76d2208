"""The page that tells a journalist or a researcher what every field of the pledge
open data means, how the files are built and under which licence they may be
reused and cited. Every field the exports write must be described here."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .choices import Principle, Status
from .services.open_data import HISTORY_FIELDS, OPEN_DATA_FIELDS

LICENCE_FIELD = _("The licence of the data: its name and the address of its text.")

PROGRESS_FIELD_DESCRIPTIONS = {
    "city": _("The city whose mayor signed the pledge."),
    "pledge_id": _(
        "The pledge's permanent number. It never changes, even when the pledge "
        "is renamed or moved."
    ),
    "pledge_url": _("The full address of the pledge's public page."),
    "commitment_id": _(
        "The commitment's permanent number. It never changes, even when the "
        "commitment is renamed or moved; use it to join the two files."
    ),
    "commitment": _("The commitment's title, in the language of the address."),
    "commitment_url": _("The full address of the commitment's public page."),
    "principle": _("The principle of the pledge the commitment belongs to, as a code."),
    "responsible_office": _("The department or office responsible for delivering it."),
    "weight": _(
        "How much the commitment counts in the pledge's overall progress, from 1 "
        "to 100."
    ),
    "status": _(
        "The status given by its latest published update, as a code; not_started "
        "when nothing has been reported yet (see number_of_updates)."
    ),
    "percentage": _(
        "How much is delivered, from 0 to 100, according to its latest published "
        "update; 0 when nothing has been reported."
    ),
    "target_date": _("The date by which the commitment is to be delivered, today."),
    "original_target_date": _(
        "The target date when the commitment was first published. When it differs "
        "from target_date, the date was moved: the history says when and why."
    ),
    "first_update_date": _("The effective date of its first published update."),
    "latest_update_date": _("The effective date of its latest published update."),
    "number_of_updates": _(
        "How many updates have been published; 0 means no report yet, which is "
        "not the same as a reported “not started”."
    ),
    "stale": _(
        "true when no update has been published for more than the number of days "
        "stated on this page (counted from signing when there is none)."
    ),
    "overdue": _(
        "true when the target date, or the original one, has passed and the "
        "commitment is not met."
    ),
    "licence": LICENCE_FIELD,
}

HISTORY_FIELD_DESCRIPTIONS = {
    "event_id": _(
        "A permanent identifier of the event: update-…, amendment-… or "
        "original-… followed by numbers."
    ),
    "kind": _(
        "original: a term as first published; update: a published progress "
        "update; amendment: a change to a term after publication."
    ),
    "pledge_id": _("The pledge's permanent number."),
    "city": _("The city whose mayor signed the pledge."),
    "commitment_id": _(
        "The commitment's permanent number; empty for events of the pledge itself, "
        "such as its signing date."
    ),
    "commitment": _("The commitment's title, in the language of the address."),
    "effective_date": _(
        "The date the event took effect: the date an update reports on, the day a "
        "term was changed, the day it was first published."
    ),
    "recorded_at": _("When the event was published on the site (date and time, UTC)."),
    "term": _(
        "For originals and amendments, the term concerned: title, description, "
        "target_date, weight, responsible_office, date_signed or local_context."
    ),
    "language": _("For a change to a translated text, the language of that text."),
    "old_value": _("For an amendment, the value before the change."),
    "new_value": _("For an original or an amendment, the value after it."),
    "old_status": _(
        "For an update, the status before it, from the update before it in "
        "effective-date order; empty for the first."
    ),
    "new_status": _("For an update, the status it reports, as a code."),
    "old_percentage": _("For an update, the percentage before it."),
    "new_percentage": _("For an update, the percentage it reports, from 0 to 100."),
    "reported_late": _(
        "For an update, true when the office published it later than the date it "
        "reports on and said so."
    ),
    "corrects": _("For a correction, the event_id of the update it corrects."),
    "made_by": _("For an amendment, the office that made it (never a person)."),
    "reason": _("For an amendment, the reason given in plain language."),
    "explanation": _("For an update, what happened, as published."),
    "evidence_urls": _(
        "For an update, the addresses of its evidence: documents, links and saved "
        "copies of linked pages (a list in JSON, separated by spaces in CSV)."
    ),
    "url": _("The full address of the event on the public page."),
    "licence": LICENCE_FIELD,
}


def _fields(names, descriptions):
    return [(name, descriptions[name]) for name in names]


def open_data_docs(request):
    return render(
        request,
        "pledges/open_data_docs.html",
        {
            "licence": settings.PLEDGES_OPEN_DATA_LICENCE,
            "progress_fields": _fields(OPEN_DATA_FIELDS, PROGRESS_FIELD_DESCRIPTIONS),
            "history_fields": _fields(HISTORY_FIELDS, HISTORY_FIELD_DESCRIPTIONS),
            "statuses": Status.choices,
            "principles": Principle.choices,
            "stale_after_days": settings.PLEDGES_STALE_AFTER_DAYS,
        },
    )
