"""What the public was shown of each action item, publication by publication.

An action item agreed at a forum is a promise on the record: once its summary
is public, rewording it, moving its due date or handing it to someone else is a
change the public sees, dated, with the old and the new. Each publication that
changes an item's terms keeps a copy of them here; the first copy is the item
as agreed. Copies are never edited, and an item once published is never removed
(``ForumSummaryPage.clean``), so its copies stay with it.

Its status is not a term: every change of status is already in the item's
dated history (``ActionItemUpdate``), with the reason for a decline.
"""

import datetime
import itertools
from typing import NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from engage.i18n import LANGUAGE_CODES

from .roster import DepartmentUnit

DESCRIPTION, DUE_DATE, RESPONSIBLE = "description", "due_date", "responsible"


class PublishedTerms(models.Model):
    """What one publication showed of something on the record; never changed."""

    terms = models.JSONField(_("terms"))
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["recorded_at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Published terms are never changed once recorded.")
        return super().save(*args, **kwargs)


class PublishedItemTerms(PublishedTerms):
    """An action item's terms as one publication of its summary showed them:
    {"description": {language: text}, "due_date": ISO date, "responsible": text}."""

    action_item = models.ForeignKey(
        "outcomes.ActionItem",
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="published_terms",
    )

    class Meta(PublishedTerms.Meta):
        verbose_name = _("published terms of an action item")
        verbose_name_plural = _("published terms of action items")

    def __str__(self):
        return f"{self.action_item_id} on {self.published_on}"


class Change(NamedTuple):
    """One term of an item changed by a publication, for the public history."""

    date: datetime.date
    term: str
    language: str
    old: str
    new: str

    @property
    def old_date(self):
        return datetime.date.fromisoformat(self.old)

    @property
    def new_date(self):
        return datetime.date.fromisoformat(self.new)


def terms_of(item, unit_names):
    """``item``'s terms as the public reads them; ``unit_names`` by unit key."""
    unit = unit_names.get(item.responsible_unit_id, "")
    return {
        DESCRIPTION: {
            code: getattr(item, build_localized_fieldname(DESCRIPTION, code)) or ""
            for code in LANGUAGE_CODES
        },
        DUE_DATE: item.due_date.isoformat(),
        RESPONSIBLE: ", ".join(p for p in (item.responsible_person, unit) if p),
    }


def record_published_terms(items):
    """Keep a copy of each saved item's terms where they differ from the copy
    its summary last published (or there is none yet). Called as the summary is
    saved live: what it saves is what the public now reads."""
    items = [item for item in items if item.pk]
    if not items:
        return
    units = {item.responsible_unit_id for item in items} - {None}
    unit_names = dict(
        DepartmentUnit.objects.filter(pk__in=units).values_list("pk", "name")
    )
    latest = {}
    for copy in PublishedItemTerms.objects.filter(action_item__in=items):
        latest[copy.action_item_id] = copy.terms
    PublishedItemTerms.objects.bulk_create(
        PublishedItemTerms(action_item_id=item.pk, terms=terms)
        for item in items
        if (terms := terms_of(item, unit_names)) != latest.get(item.pk)
    )


def changes_between(
    copies, translated=(DESCRIPTION,), plain=(DUE_DATE, RESPONSIBLE), change=Change
):
    """The ``change``s from each copy to the next, newest first: of each
    ``translated`` term in each language (a first translation is not a change),
    and of each ``plain`` one. ``copies`` may be of any ``PublishedTerms``."""
    changes = []
    for before, after in itertools.pairwise(copies):
        old, new, date = before.terms, after.terms, after.published_on
        for term in translated:
            for code in LANGUAGE_CODES:
                was = old.get(term, {}).get(code, "")
                now = new.get(term, {}).get(code, "")
                if was and was != now:
                    changes.append(change(date, term, code, was, now))
        for term in plain:
            # A term recorded only since a later copy has no change before it.
            if term in old and old[term] != new[term]:
                changes.append(change(date, term, "", str(old[term]), str(new[term])))
    changes.reverse()
    return changes


def with_changes(items):
    """Give each of ``items`` its public ``changes`` and, when its due date was
    moved, ``original_due_date``, read in one query."""
    items = list(items)
    copies = {item.pk: [] for item in items if item.pk}
    if copies:
        for copy in PublishedItemTerms.objects.filter(action_item__in=list(copies)):
            copies[copy.action_item_id].append(copy)
    for item in items:
        kept = copies.get(item.pk, [])
        item.changes = changes_between(kept)
        first = kept[0].terms[DUE_DATE] if kept else None
        moved = first and first != item.due_date.isoformat()
        item.original_due_date = datetime.date.fromisoformat(first) if moved else None
    return items
