"""The board's open data: every public action item with its history, as plain
records for anyone to reuse, under the pledge data's licence.

Ids are the action item's and the update's own numbers, which never change;
the person who recorded an update is never named."""

from engage.links import absolute_reverse, absolute_url

from .services.open_data import _iso

ITEM_FIELDS = [
    "item_id",
    "description",
    "responsible_unit",
    "responsible_person",
    "due_date",
    "original_due_date",
    "status",
    "overdue",
    "closed_on",
    "closing_note",
    "forum_id",
    "forum",
    "forum_date",
    "summary_url",
    "commitment_ids",
    "commitment_urls",
    "number_of_updates",
    "url",
    "licence",
]

UPDATE_FIELDS = [
    "update_id",
    "item_id",
    "date",
    "recorded_at",
    "old_status",
    "new_status",
    "note",
    "url",
    "licence",
]


def item_url(item):
    board = absolute_reverse("pledges:board")
    return f"{board}?forum={item.summary.forum_id}#item-{item.pk}"


def item_records(items):
    """One record per item, with its history (newest first) in ``history`` for
    JSON; the CSV leaves the history to its own file."""
    records = []
    for item in items:
        forum = item.summary.forum
        updates = list(item.updates.all())
        records.append(
            {
                "item_id": item.pk,
                "description": item.description,
                "responsible_unit": str(item.responsible_unit or "") or None,
                "responsible_person": item.responsible_person or None,
                "due_date": _iso(item.due_date),
                "original_due_date": _iso(item.original_due_date or item.due_date),
                "status": item.status,
                "overdue": item.is_overdue,
                "closed_on": _iso(item.closed_on),
                "closing_note": item.closing_note or None,
                "forum_id": forum.pk if forum else None,
                "forum": forum.title if forum else None,
                "forum_date": _iso(forum.start) if forum else None,
                "summary_url": absolute_url(item.summary),
                "commitment_ids": [page.pk for page in item.commitments],
                "commitment_urls": [absolute_url(page) for page in item.commitments],
                "number_of_updates": len(updates),
                "url": item_url(item),
                "history": [update_record(update, item) for update in updates],
            }
        )
    return records


def update_record(update, item):
    return {
        "update_id": update.pk,
        "item_id": item.pk,
        "date": _iso(update.date),
        "recorded_at": _iso(update.created_at),
        "old_status": update.previous_status or None,
        "new_status": update.status,
        "note": update.note or None,
        "url": item_url(item),
    }


def update_records(items):
    """Every update of every item, oldest first."""
    records = [
        update_record(update, item) for item in items for update in item.updates.all()
    ]
    return sorted(records, key=lambda r: (r["date"], r["recorded_at"], r["update_id"]))
