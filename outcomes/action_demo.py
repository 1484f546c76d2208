"""Demo history for the demo's action items, so the "You said, we did" board
shows what organizers record: a step to "in progress", then the closing note."""

import datetime

from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .action_updates import closing_values, write_into_revisions
from .models import ActionItemUpdate, ActionStatus

STEPS = {
    ActionStatus.IN_PROGRESS: [
        (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, 7, "Work has started."),
    ],
    ActionStatus.DONE: [
        (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, 5, "Work has started."),
        (
            ActionStatus.IN_PROGRESS,
            ActionStatus.DONE,
            20,
            "Done, and reported back at the next forum.",
        ),
    ],
}
NOTES_ES = {
    "Work has started.": "El trabajo ha comenzado.",
    "Done, and reported back at the next forum.": (
        "Hecho, y se informó en el foro siguiente."
    ),
}


def add_history(summary):
    """Updates for each item past "open" that has none yet; nothing twice."""
    start = summary.forum.start.date() if summary.forum else timezone.localdate()
    today = timezone.localdate()
    for item in summary.action_items.all():
        if item.status == ActionStatus.OPEN or item.updates.exists():
            continue
        steps = STEPS.get(item.status)
        if steps is None:  # declined: one step, its reason as the note
            steps = [(ActionStatus.OPEN, item.status, 10, item.declined_reason)]
        for old, new, days, note in steps:
            date = min(start + datetime.timedelta(days=days), today)
            update = ActionItemUpdate(
                action_item=item, previous_status=old, status=new, date=date
            )
            update.note_en = note
            update.note_es = NOTES_ES.get(note, "")
            update.save()
        notes = {"en": note, "es": NOTES_ES.get(note, "")}
        values = closing_values(item.status, notes, date)
        if item.status == ActionStatus.DECLINED:
            # The demo's own reason, in every language it was written in.
            for name in list(values):
                if name.startswith("declined_reason"):
                    values.pop(name)
            values[build_localized_fieldname("closing_note", "en")] = note
        for name, value in values.items():
            setattr(item, name, value)
        item.save(update_fields=list(values))
        write_into_revisions(item, values)
