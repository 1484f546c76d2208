"""Progress per commitment as plain records, for anyone to reuse."""

OPEN_DATA_FIELDS = [
    "city",
    "pledge_url",
    "commitment_id",
    "commitment",
    "principle",
    "responsible_office",
    "weight",
    "status",
    "percentage",
    "target_date",
    "first_update_date",
    "latest_update_date",
    "number_of_updates",
    "stale",
    "overdue",
]


def open_data_records(summaries):
    """One record per commitment, with dates as ISO strings and codes, not labels."""
    records = []
    for summary in summaries:
        pledge_url = summary.pledge.url
        for c in summary.commitments:
            records.append(
                {
                    "city": summary.pledge.city,
                    "pledge_url": pledge_url,
                    "commitment_id": c.pk,
                    "commitment": c.title,
                    "principle": c.principle,
                    "responsible_office": c.responsible_office,
                    "weight": c.weight,
                    "status": c.status,
                    "percentage": c.percentage,
                    "target_date": _iso(c.target_date),
                    "first_update_date": _iso(c.first_update_date),
                    "latest_update_date": _iso(c.latest_update_date),
                    "number_of_updates": c.number_of_updates,
                    "stale": c.stale,
                    "overdue": c.overdue,
                }
            )
    return records


def _iso(value):
    return value.isoformat() if value else None
