"""The "You said, we did" board: every public forum action item, who owns it,
when it is due, what happened to it, and the pledge commitments it serves.

It lives in pledges because an item's commitments are known only from the
pledge side (``CommitmentActionItem``); outcomes, below pledges, cannot look
them up. Only items of a published summary of a published forum are public,
the same rule as the commitment pages' links."""

from collections import defaultdict

from django import forms
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from cms.listings import for_cards
from engage.templatetags.engage_tags import format_date
from engage.widgets import MarkedSelect
from forums.models import ForumPage
from outcomes.models import (
    ActionItem,
    ActionItemUpdate,
    ActionStatus,
    DepartmentUnit,
    ForumSummaryPage,
    PublishedItemTerms,
)

from .models import CommitmentActionItem

PER_PAGE = 25


def public_items():
    return ActionItem.objects.filter(summary__live=True, summary__forum__live=True)


def withdrawn_summaries():
    """The withdrawn summaries (``ForumSummaryPage.withdrawn_at``) of public
    forums whose items are off the board meanwhile, each with ``hidden``, the
    number of its items: the board says how many and links to each notice."""
    summaries = ForumSummaryPage.objects.filter(
        live=False, withdrawn_at__isnull=False, forum__live=True
    )
    return (
        for_cards(summaries)
        .select_related("forum")
        .annotate(hidden=Count("action_items"))
        .filter(hidden__gt=0)
        .order_by("-withdrawn_at", "-pk")
    )


def public_term_changes():
    """Copies of public items' terms (``PublishedItemTerms``) that changed
    them: every copy but an item's first."""
    earlier = PublishedItemTerms.objects.filter(
        action_item=OuterRef("action_item"), pk__lt=OuterRef("pk")
    )
    return PublishedItemTerms.objects.filter(
        Exists(earlier),
        action_item__summary__live=True,
        action_item__summary__forum__live=True,
    ).select_related("action_item__summary")


def public_updates():
    return ActionItemUpdate.objects.public()


class IdChoiceField(forms.ModelChoiceField):
    """A choice by database id: anything but 1 to 18 digits is not in the list,
    before any query (SQLite overflows on ids beyond 64 bits)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        digits = isinstance(value, str) and value.isascii() and value.isdigit()
        if not digits or len(value) > 18:
            self._invalid()
        return super().to_python(value)

    def _invalid(self):
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice"
        )


class BoardFilterForm(forms.Form):
    """The board's GET filters; a value that matches nothing is an error."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    unit = IdChoiceField(
        label=_("Responsible unit"),
        queryset=DepartmentUnit.objects.none(),
        required=False,
        empty_label=_("Any unit"),
    )
    forum = IdChoiceField(
        label=_("Forum"),
        queryset=ForumPage.objects.none(),
        required=False,
        empty_label=_("Any forum"),
        # A forum named in English for want of a translation says so.
        widget=MarkedSelect(field="title"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + list(
            ActionStatus.choices
        )
        items = public_items()
        self.fields["unit"].queryset = DepartmentUnit.objects.filter(
            pk__in=items.values("responsible_unit")
        ).order_by("name")
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "That unit owns no action item on the board. Choose one from the list."
        )
        self.fields["forum"].queryset = ForumPage.objects.filter(
            pk__in=items.values("summary__forum")
        ).order_by("-start")
        self.fields["forum"].label_from_instance = forum_label
        self.fields["forum"].error_messages["invalid_choice"] = _(
            "That forum has no published summary. Choose one from the list."
        )
        self.fields["status"].error_messages["invalid_choice"] = _(
            "That is not a status. Choose one from the list."
        )

    def filter(self, items):
        data = self.cleaned_data
        if data.get("status"):
            items = items.filter(status=data["status"])
        if data.get("unit"):
            items = items.filter(responsible_unit=data["unit"])
        if data.get("forum"):
            items = items.filter(summary__forum=data["forum"])
        return items


def forum_label(forum):
    return f"{forum.title} ({format_date(forum.start, 'medium')})"


def board_items(items):
    """``items`` in board order, each with its forum, unit and history loaded."""
    return (
        items.select_related("responsible_unit", "summary", "summary__forum")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ActionItemUpdate.objects.order_by(
                    "-date", "-created_at", "-pk"
                ),
            )
        )
        .order_by("-summary__forum__start", "sort_order", "pk")
    )


def attach_commitments(items):
    """Give each item ``commitments``: the published ones it serves (one query)."""
    items = list(items)
    served = defaultdict(list)
    links = (
        CommitmentActionItem.objects.public()
        .filter(action_item__in=[item.pk for item in items], page__live=True)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    for link in links:
        if link.page not in served[link.action_item_id]:
            served[link.action_item_id].append(link.page)
    for item in items:
        item.commitments = served[item.pk]
    return items
