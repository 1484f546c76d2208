"""Progress per commitment as plain records, for anyone to reuse."""

import json

from engage.exports import CsvDictWriter

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


def write_open_data_csv(file, records):
    """The records as CSV: booleans as JSON writes them, no value as an empty cell,
    and no text that a spreadsheet would run as a formula."""
    writer = CsvDictWriter(file, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow({key: _csv_value(value) for key, value in record.items()})


def _csv_value(value):
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, bool) else value
