"""Amendments: the public record of every change to a pledge's terms.

Once a pledge has been published, a change to a commitment's title, description,
responsible office, target date or weight, or to the pledge's signing date or local
figures, is written down here when the change is saved to the live page, whichever
admin path saved it (the edit form, a workflow approval, scheduled publishing, a
bulk action, a revert) or code. Each amendment keeps the old and the new value, the
office that made it (never a person), when, and the reason given on the form.
Amendments are never edited or removed while their pledge exists.

Who may make which change, and how, is decided in ``pledges.forms``: a mayor's
office changes titles, descriptions, the responsible office and the local figures
itself, while target dates, weights and the signing date change only when an
organizer publishes them."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery
from engage.i18n import LANGUAGE_CODES
from engage.templatetags.engage_tags import format_date

# Fields of a commitment and of a pledge whose changes are recorded, and the
# fields written in every language (one column each).
COMMITMENT_TERMS = ("title", "description", "responsible_office", "target_date")
COMMITMENT_TERMS += ("weight",)
PLEDGE_TERMS = ("date_signed", "local_context")
TRANSLATED_TERMS = {"title", "description", "responsible_office", "local_context"}
# Changes a mayor's office may not publish itself: they move the public flags
# and figures, so an organizer publishes them.
ORGANIZER_TERMS = {"target_date", "weight", "date_signed"}
DATE_TERMS = {"target_date", "date_signed"}


class Term(models.TextChoices):
    TITLE = "title", _("Title")
    DESCRIPTION = "description", _("Description")
    RESPONSIBLE_OFFICE = "responsible_office", _("Responsible department or office")
    TARGET_DATE = "target_date", _("Target date")
    WEIGHT = "weight", _("Weight in the overall progress")
    DATE_SIGNED = "date_signed", _("Date signed")
    LOCAL_CONTEXT = "local_context", _("Local figures")


class AmendmentQuerySet(models.QuerySet):
    def public(self):
        """Amendments of live commitments, or of the pledge itself."""
        return self.filter(
            models.Q(commitment__isnull=True) | models.Q(commitment__live=True)
        )


class Amendment(models.Model):
    """One change to one term, as it became public."""

    pledge = models.ForeignKey(
        "pledges.PledgePage",
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    commitment = models.ForeignKey(
        "pledges.CommitmentPage",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    term = models.CharField(_("what changed"), max_length=40, choices=Term.choices)
    language = models.CharField(_("language"), max_length=10, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    office = models.CharField(_("made by"), max_length=255, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["made_at", "pk"]

    def __str__(self):
        return f"{self.term}: {self.old_value} -> {self.new_value}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("An amendment is never changed once recorded."))
        return super().save(*args, **kwargs)

    @property
    def made_by(self):
        """The office's name, or the organizers when no mayor's office made it."""
        return self.office or _("the organizers")

    @property
    def old_display(self):
        return self._display(self.old_value)

    @property
    def new_display(self):
        return self._display(self.new_value)

    def _display(self, value):
        """Dates in the reader's language; other values as they were written."""
        if value and self.term in DATE_TERMS:
            return format_date(datetime.date.fromisoformat(value))
        return value

    @property
    def language_name(self):
        if not self.language:
            return ""
        return translation.get_language_info(self.language)["name_translated"]


def term_columns(term):
    """The database columns holding a term: one per language when translated."""
    if term in TRANSLATED_TERMS:
        return [
            (build_localized_fieldname(term, code), code) for code in LANGUAGE_CODES
        ]
    return [(term, "")]


def as_text(value):
    """A term's value as plain text: dates in ISO form, streams block by block."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "raw_data") or isinstance(value, list):
        return _stream_text(value)
    return str(value)


def _stream_text(stream):
    raw = stream.raw_data if hasattr(stream, "raw_data") else stream
    lines = []
    for block in raw:
        block = dict(block)
        value = block.get("value")
        if isinstance(value, dict):
            parts = [str(value[key]) for key in value if value[key] not in ("", None)]
            lines.append(" · ".join(parts))
        else:
            lines.append(strip_tags(str(value or "")).strip())
    return "\n".join(line for line in lines if line)


def changed_terms(instance, terms, stored):
    """(term, language, old, new) for every column of ``terms`` that differs
    between ``instance`` and the ``stored`` values (a dict read from the row)."""
    changes = []
    for term in terms:
        for column, language in term_columns(term):
            old = as_text(stored.get(column))
            new = as_text(getattr(instance, column))
            if old != new:
                changes.append((term, language, old, new))
    return changes


def stored_values(model, pk, terms, *extra):
    """The stored row's term columns, its publication dates and ``extra``."""
    if pk is None:
        return None
    columns = [column for term in terms for column, _l in term_columns(term)]
    return (
        model.objects.filter(pk=pk)
        .values(*columns, "first_published_at", "live", "live_revision_id", *extra)
        .first()
    )


def was_published(stored):
    """Whether the stored row has ever been public."""
    return bool(stored and (stored["first_published_at"] or stored["live"]))


def pending_changes(page, terms, stored, update_fields):
    """The term changes a save is about to make public, or none when the page
    was never published (nothing public changes) or the save skips the terms."""
    if not was_published(stored):
        return []
    changes = changed_terms(page, terms, stored)
    if update_fields is not None:
        wanted = set(update_fields)
        changes = [
            change
            for change in changes
            if change[0] in wanted
            or (change[1] and build_localized_fieldname(*change[:2]) in wanted)
        ]
    return changes


def author_of(page, stored):
    """Who made the change: the author of the revision being published now, or
    nobody known when code saved the page directly."""
    revision = page.live_revision
    if revision is None or revision.pk == stored["live_revision_id"]:
        return None
    return revision.user


def office_name(pledge, user):
    """The mayor's office's name when ``user`` belongs to it; blank otherwise,
    which the public page shows as the organizers."""
    office = pledge.mayors_office if hasattr(pledge, "mayors_office") else None
    if user is None or office is None:
        return ""
    if user.groups.filter(pk=office.group_id).exists():
        return office.group.name
    return ""


def record_amendments(pledge, commitment, changes, reason, user):
    office = office_name(pledge, user)
    now = timezone.now()
    Amendment.objects.bulk_create(
        Amendment(
            pledge=pledge,
            commitment=commitment,
            term=term,
            language=language,
            old_value=old,
            new_value=new,
            office=office,
            reason=reason or "",
            made_at=now,
        )
        for term, language, old, new in changes
    )


@functools.cache
def _public_record_query():
    """``public_record``'s query, compiled once with the pledge's key
    (``engage.compiled``): building and compiling it cost the pledge page more
    than running it."""
    amendments = Amendment.objects.filter(pledge_id=KEY_PLACEHOLDER).public()
    return CompiledQuery(amendments.order_by("-made_at", "-pk"))


def public_record(pledge_key):
    """The public amendments of the pledge ``pledge_key`` and its commitments,
    newest first: none for a pledge not yet saved."""
    return _public_record_query().rows(pledge_key)
