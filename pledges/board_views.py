"""The public "You said, we did" board, its open data and the page that
documents that data."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from engage.page_cache import cacheable
from outcomes.models import ActionStatus
from outcomes.models.item_record import with_changes

from .board import (
    PER_PAGE,
    BoardFilterForm,
    attach_commitments,
    board_items,
    public_items,
    withdrawn_summaries,
)
from .board_data import (
    ITEM_FIELDS,
    UPDATE_FIELDS,
    item_records,
    update_records,
)
from .views import open_data_response

DATA_FILES = {
    "items": ("action_items", item_records, ITEM_FIELDS),
    "history": ("history", update_records, UPDATE_FIELDS),
}


@require_safe
@cacheable
def board(request):
    """Every public action item, filtered by status, unit and forum."""
    form = BoardFilterForm(request.GET or None)
    items = public_items()
    status = 200
    if form.is_bound and not form.is_valid():
        items = items.none()
        status = 400
    elif form.is_bound:
        items = form.filter(items)
    page = Paginator(board_items(items), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_changes(attach_commitments(page.object_list))
    kept = request.GET.copy()
    kept.pop("page", None)
    withdrawn = list(withdrawn_summaries())
    return render(
        request,
        "pledges/board.html",
        {
            "form": form,
            "items": page,
            "extra": kept.urlencode(),
            "withdrawn_summaries": withdrawn,
            "withdrawn_items": sum(summary.hidden for summary in withdrawn),
            "filtered": form.is_bound and any(form.data.get(n) for n in form.fields),
            "error_forms": [form] if form.errors else [],
        },
        status=status,
    )


def board_data(request, name, fmt):
    """Every public item (with its history), or every update, as JSON or CSV."""
    if name not in DATA_FILES:
        raise Http404
    key, build, fieldnames = DATA_FILES[name]
    return open_data_response(
        request,
        fmt,
        f"you-said-we-did-{name}",
        key,
        fieldnames,
        lambda: build(with_changes(attach_commitments(board_items(public_items())))),
    )


ITEM_DESCRIPTIONS = {
    "item_id": _("The action item's permanent number."),
    "description": _(
        "What was raised and what will be done, in the language of the address "
        "(in English when it has not been translated)."
    ),
    "responsible_unit": _("The department unit or office that owns the item."),
    "responsible_person": _("The person named as responsible, when there is one."),
    "due_date": _("The date by which it is to be done."),
    "original_due_date": _(
        "The due date agreed when the item was first published; it differs from "
        "due_date when the date was moved since."
    ),
    "status": _("Its status today, as a code (see below)."),
    "overdue": _("true when it is still open and its due date has passed."),
    "closed_on": _("For a done or declined item, the date it was closed."),
    "closing_note": _("For a done or declined item, what was done or why not."),
    "forum_id": _("The permanent number of the forum where it was raised."),
    "forum": _("The forum's title."),
    "forum_date": _("When the forum started (date and time, UTC)."),
    "summary_url": _("The full address of the forum's published summary."),
    "commitment_ids": _(
        "The permanent numbers of the pledge commitments it serves (a list in "
        "JSON, separated by spaces in CSV); they match commitment_id in the "
        "pledge data."
    ),
    "commitment_urls": _("The full addresses of those commitments."),
    "number_of_updates": _(
        "How many status updates have been recorded; the JSON lists them in "
        "history, newest first."
    ),
    "url": _("The full address of the item on the board."),
    "licence": _("The licence of the data: its name and the address of its text."),
}

UPDATE_DESCRIPTIONS = {
    "update_id": _("The update's permanent number."),
    "item_id": _("The action item it belongs to."),
    "date": _("The date the change happened."),
    "recorded_at": _("When it was recorded on the site (date and time, UTC)."),
    "old_status": _("The status before it, as a code."),
    "new_status": _("The status it set, as a code."),
    "note": _("The organizers' note, as published."),
    "url": _("The full address of the item on the board."),
    "licence": ITEM_DESCRIPTIONS["licence"],
}


def board_data_docs(request):
    return render(
        request,
        "pledges/board_data_docs.html",
        {
            "licence": settings.PLEDGES_OPEN_DATA_LICENCE,
            "item_fields": [(n, ITEM_DESCRIPTIONS[n]) for n in ITEM_FIELDS],
            "update_fields": [(n, UPDATE_DESCRIPTIONS[n]) for n in UPDATE_FIELDS],
            "statuses": ActionStatus.choices,
        },
    )
