"""Progress per commitment, and the full published history, as plain records for
anyone to reuse and cite.

Every record carries stable ids (the page ids of pledges and commitments, which
survive renames and moves; ``update-<id>`` and ``amendment-<id>`` for events),
absolute addresses and the licence of ``PLEDGES_OPEN_DATA_LICENCE``. The history
holds, per commitment, its original terms, every published update with the
status and percentage it replaced, and every amendment of its terms, so each
figure on the public pages can be worked out again from it alone."""

import json

from django.conf import settings
from django.utils import timezone

from engage.exports import CsvDictWriter
from engage.links import absolute_url

from ..models import Amendment, CommitmentPage, ProgressUpdatePage

OPEN_DATA_FIELDS = [
    "city",
    "pledge_id",
    "pledge_url",
    "commitment_id",
    "commitment",
    "commitment_url",
    "principle",
    "responsible_office",
    "weight",
    "status",
    "percentage",
    "target_date",
    "original_target_date",
    "first_update_date",
    "latest_update_date",
    "number_of_updates",
    "stale",
    "overdue",
    "licence",
]

HISTORY_FIELDS = [
    "event_id",
    "kind",
    "pledge_id",
    "city",
    "commitment_id",
    "commitment",
    "effective_date",
    "recorded_at",
    "term",
    "language",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
    "old_percentage",
    "new_percentage",
    "reported_late",
    "corrects",
    "made_by",
    "reason",
    "explanation",
    "evidence_urls",
    "url",
    "licence",  # the CSV's own column; the JSON states it once
]

# Terms whose original value the history states, as the figures depend on them.
ORIGINAL_TERMS = ("weight", "target_date")


def licence():
    return dict(settings.PLEDGES_OPEN_DATA_LICENCE)


def _licence_text():
    return f"{licence()['name']} {licence()['url']}"


def open_data_records(summaries):
    """One record per commitment, with dates as ISO strings and codes, not labels."""
    records = []
    for summary in summaries:
        pledge_url = absolute_url(summary.pledge)
        for c in summary.commitments:
            records.append(
                {
                    "city": summary.pledge.city,
                    "pledge_id": summary.pledge.pk,
                    "pledge_url": pledge_url,
                    "commitment_id": c.pk,
                    "commitment": c.title,
                    "commitment_url": absolute_url(c),
                    "principle": c.principle,
                    "responsible_office": c.responsible_office,
                    "weight": c.weight,
                    "status": c.status,
                    "percentage": c.percentage,
                    "target_date": _iso(c.target_date),
                    "original_target_date": _iso(c.original_target_date),
                    "first_update_date": _iso(c.first_update_date),
                    "latest_update_date": _iso(c.latest_update_date),
                    "number_of_updates": c.number_of_updates,
                    "stale": c.stale,
                    "overdue": c.overdue,
                }
            )
    return records


def history_records(pledges):
    """The published history of ``pledges``: the original signing date of each
    pledge and terms of each live commitment, then every published update (in
    effective-date order) and every amendment (in the order made)."""
    pledges = list(pledges)
    cities = {pledge.pk: pledge for pledge in pledges}
    commitments = list(
        CommitmentPage.objects.live()
        .filter(depth__in={p.depth + 1 for p in pledges})
        .order_by("path")
    )
    commitments = [c for c in commitments if _pledge_of(c, pledges) is not None]
    amendments = list(
        Amendment.objects.public()
        .filter(pledge__in=pledges)
        .select_related("commitment")
        .order_by("made_at", "pk")
    )
    records = [_original_signing(pledge) for pledge in pledges]
    for commitment in commitments:
        records.extend(_original_terms(commitment, _pledge_of(commitment, pledges)))
    updates = (
        ProgressUpdatePage.objects.live()
        .filter(commitment__in=commitments)
        .select_related("commitment")
        .prefetch_related("evidence__document", "evidence__saved_copy")
        .order_by("update_date", "first_published_at", "pk")
    )
    by_commitment = {c.pk: _pledge_of(c, pledges) for c in commitments}
    for update in updates:
        records.append(_update_record(update, by_commitment[update.commitment_id]))
    for amendment in amendments:
        records.append(_amendment_record(amendment, cities[amendment.pledge_id]))
    return records


def _pledge_of(commitment, pledges):
    parent_path = commitment.path[: -commitment.steplen]
    return next((p for p in pledges if p.path == parent_path), None)


def _base(event_id, kind, pledge, commitment):
    return dict.fromkeys(HISTORY_FIELDS[:-1], None) | {
        "event_id": event_id,
        "kind": kind,
        "pledge_id": pledge.pk,
        "city": pledge.city,
        "commitment_id": commitment.pk if commitment else None,
        "commitment": commitment.title if commitment else None,
    }


def _original_terms(commitment, pledge):
    """What a commitment promised when first published: the first amendment's
    old value of each term, or today's value when it never changed."""
    first = {}
    for amendment in commitment.amendments.order_by("made_at", "pk"):
        first.setdefault(amendment.term, amendment.old_value)
    originals = {
        "weight": first.get("weight", str(commitment.weight)),
        "target_date": first.get("target_date", _iso(commitment.target_date) or ""),
    }
    return [
        _base(f"original-{commitment.pk}-{term}", "original", pledge, commitment)
        | {
            "effective_date": _iso(commitment.first_published_at),
            "recorded_at": _iso(commitment.first_published_at),
            "term": term,
            "new_value": originals[term],
            "url": absolute_url(commitment),
        }
        for term in ORIGINAL_TERMS
    ]


def _original_signing(pledge):
    first = pledge.amendments.filter(term="date_signed").order_by("made_at", "pk")
    first = first.first()
    published = _iso(pledge.first_published_at)
    return _base(
        f"original-pledge-{pledge.pk}-date_signed", "original", pledge, None
    ) | {
        "effective_date": published,
        "recorded_at": published,
        "term": "date_signed",
        "new_value": first.old_value if first else _iso(pledge.date_signed),
        "url": absolute_url(pledge),
    }


def _update_record(update, pledge):
    commitment = update.commitment
    return _base(f"update-{update.pk}", "update", pledge, commitment) | {
        "effective_date": _iso(update.update_date),
        "recorded_at": _iso(update.first_published_at),
        "old_status": update.previous_status or None,
        "new_status": update.status,
        "old_percentage": update.previous_percentage,
        "new_percentage": update.percentage,
        "reported_late": update.reported_late,
        "corrects": f"update-{update.corrects_id}" if update.corrects_id else None,
        "explanation": update.explanation,
        "evidence_urls": [
            url
            for item in update.evidence.all()
            for url in (
                absolute_url(item.href) if item.href else "",
                absolute_url(item.saved_copy.url) if item.saved_copy else "",
            )
            if url
        ],
        "url": f"{absolute_url(commitment)}#update-{update.pk}",
    }


def _amendment_record(amendment, pledge):
    commitment = amendment.commitment
    target = commitment or pledge
    return _base(f"amendment-{amendment.pk}", "amendment", pledge, commitment) | {
        "effective_date": _iso(timezone.localdate(amendment.made_at)),
        "recorded_at": _iso(amendment.made_at),
        "term": amendment.term,
        "language": amendment.language or None,
        "old_value": amendment.old_value,
        "new_value": amendment.new_value,
        "made_by": str(amendment.made_by),
        "reason": amendment.reason,
        "url": f"{absolute_url(target)}#amendment-{amendment.pk}",
    }


def _iso(value):
    return value.isoformat() if value else None


def write_open_data_csv(file, records, fieldnames=OPEN_DATA_FIELDS):
    """The records' ``fieldnames`` as CSV, each row stating the licence: booleans
    as JSON writes them, lists space-separated, no value as an empty cell, and no
    text that a spreadsheet would run as a formula."""
    writer = CsvDictWriter(file, fieldnames=fieldnames)
    writer.writeheader()
    for record in records:
        row = {
            key: _csv_value(value) for key, value in record.items() if key in fieldnames
        }
        writer.writerow(row | {"licence": _licence_text()})


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return json.dumps(value) if isinstance(value, bool) else value
