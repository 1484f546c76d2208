"""Recording a change of an action item's status outside the summary's review.

The item lives on its summary page, and publishing the summary writes every item
back from the revision being published. So a status update is written on the
live row *and* into the revisions that could be published next (the live one and
any draft since); a later publish then keeps it instead of silently reverting.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Revision

from engage.i18n import LANGUAGE_CODES

from .models import ActionItem, ActionItemUpdate, ActionStatus

CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DECLINED)


class StaleUpdate(ValidationError):
    """Someone (or a double press) recorded an update since the form was shown."""


def _localized(name):
    return [build_localized_fieldname(name, code) for code in LANGUAGE_CODES]


def closing_values(status, notes, date):
    """The item's own fields a new status sets, by field name."""
    closed = status in CLOSED_STATUSES
    values = {"status": status, "closed_on": date if closed else None}
    for code in LANGUAGE_CODES:
        text = (notes.get(code) or "").strip() if closed else ""
        values[build_localized_fieldname("closing_note", code)] = text
        if status == ActionStatus.DECLINED:
            values[build_localized_fieldname("declined_reason", code)] = text
    return values


@transaction.atomic
def record_update(item_id, *, status, notes, date, user, after):
    """Record a new status (or a note on the same status) for an item.

    ``notes`` maps language codes to text; ``after`` is the id of the latest
    update the organizer saw (0 for none), so a double press or a colleague's
    update in between is refused rather than recorded twice.
    """
    item = ActionItem.objects.select_for_update().get(pk=item_id)
    latest = item.updates.order_by("-created_at", "-pk").first()
    if (latest.pk if latest else 0) != after:
        raise StaleUpdate(
            _(
                "Someone recorded an update of this item since you opened this "
                "page. Check its history below and try again."
            )
        )
    english = (notes.get("en") or "").strip()
    if status in CLOSED_STATUSES and not english:
        raise ValidationError(
            {"note_en": _("Closing an item needs a note: say what was done or why.")}
        )
    if status == item.status and not english:
        raise ValidationError(
            {"note_en": _("The status is unchanged: write a note on the progress.")}
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("An update cannot be dated in the future.")})
    if latest and date < latest.date:
        raise ValidationError(
            {"date": _("An update cannot be dated before the item's latest update.")}
        )
    update = ActionItemUpdate(
        action_item=item,
        status=status,
        previous_status=item.status,
        date=date,
        recorded_by=user if user and user.is_authenticated else None,
    )
    for code in LANGUAGE_CODES:
        setattr(
            update,
            build_localized_fieldname("note", code),
            (notes.get(code) or "").strip(),
        )
    update.note = english
    update.save()
    values = closing_values(status, notes, date)
    for name, value in values.items():
        setattr(item, name, value)
    # Saving the row (not ``update()``) sends the signal that empties the page
    # cache: the board, the summary and the pledge pages show the status.
    item.save(update_fields=list(values))
    write_into_revisions(item, values)
    return update


def write_into_revisions(item, values):
    """Put the new values on the item in each revision that could be published."""
    summary = item.summary
    revisions = Revision.page_revisions.filter(object_id=str(summary.pk))
    if summary.live_revision_id:
        live = Revision.objects.filter(pk=summary.live_revision_id).first()
        if live is not None:
            revisions = revisions.filter(created_at__gte=live.created_at)
    stored = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in values.items()
    }
    # The untranslated columns too, which a revision also carries.
    for name in ("closing_note", "declined_reason"):
        english = build_localized_fieldname(name, "en")
        if english in stored:
            stored[name] = stored[english]
    for revision in revisions.select_for_update():
        changed = False
        for entry in revision.content.get("action_items") or []:
            if entry.get("pk") == item.pk:
                entry.update(stored)
                changed = True
        if changed:
            revision.save(update_fields=["content"])
