"""From the room to the forum's summary draft: approved questions become the
"concerns raised", their answer notes the "responses", and any one of them an
action item.

Everything is written to a new draft revision of the summary, never published
and never over the organizer's own text: the questions are appended, each one
once (``Question.added_to_summary_at`` and ``action_item_added_at`` say which
went already), so pressing the button twice adds nothing the second time. What
residents wrote is escaped before it goes into rich text.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

from outcomes.models import ActionItem, ActionStatus, ForumSummaryPage

from .models import Question

ACTION_DUE_DAYS = 30
DESCRIPTION_LENGTH = ActionItem._meta.get_field("description").max_length


def summary_of(forum):
    """The forum's summary page, published or not, or None."""
    return ForumSummaryPage.objects.child_of(forum).first()


def _one_line(text):
    return " ".join(text.split())


def _concern(question):
    """One list item: the question in the room's language, the original beside a
    translation, and how many people asked it."""
    main = format_html("{}", _one_line(question.room_text))
    if question.translation:
        main = format_html("{} (<i>{}</i>)", main, _one_line(question.text))
    if question.supporters > 1:
        count = ngettext(
            "%(count)s person asked this",
            "%(count)s people asked this",
            question.supporters,
        ) % {"count": question.supporters}
        main = format_html("{} — {}", main, count)
    return main


def _response(question):
    return format_html(
        "<i>{}</i>: {}",
        _one_line(question.room_text),
        _one_line(question.answer_note),
    )


def _as_list(items):
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
    )


def _append(draft, field, language, html):
    name = build_localized_fieldname(field, language)
    setattr(draft, name, (getattr(draft, name) or "") + html)


@transaction.atomic
def add_questions(board, user=None):
    """Append the approved questions not added yet, and the answer notes not added
    yet (a question answered after it went in adds its answer later); returns how
    many questions added something, or None when the forum has no summary yet."""
    summary = summary_of(board.forum)
    if summary is None:
        return None
    approved = board.questions.approved().select_for_update().select_related("board")
    concerns = list(approved.filter(added_to_summary_at__isnull=True))
    answers = list(
        approved.filter(answer_added_to_summary_at__isnull=True).exclude(answer_note="")
    )
    if not concerns and not answers:
        return 0
    draft = summary.get_latest_revision_as_object()
    language = board.room_language
    with translation.override(language):
        if concerns:
            concerns_html = _as_list(_concern(q) for q in concerns)
            _append(draft, "concerns", language, concerns_html)
        if answers:
            responses_html = _as_list(_response(q) for q in answers)
            _append(draft, "responses", language, responses_html)
    draft.save_revision(user=user, log_action=True)
    now = timezone.now()
    Question.objects.filter(pk__in=[q.pk for q in concerns]).update(
        added_to_summary_at=now
    )
    Question.objects.filter(pk__in=[q.pk for q in answers]).update(
        answer_added_to_summary_at=now
    )
    return len({q.pk for q in concerns + answers})


@transaction.atomic
def make_action_item(question, user=None):
    """An open action item on the summary draft, described by the question, due in
    30 days; the organizer names who is responsible when editing the summary.
    Returns the summary, or None when there is none (or it was done already)."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    summary = summary_of(question.board.forum)
    if summary is None or question.action_item_added_at is not None:
        return None
    draft = summary.get_latest_revision_as_object()
    items = list(draft.action_items.all())
    text = _one_line(question.room_text)[:DESCRIPTION_LENGTH]
    item = ActionItem(
        due_date=timezone.localdate() + datetime.timedelta(days=ACTION_DUE_DAYS),
        status=ActionStatus.OPEN,
        sort_order=max((i.sort_order or 0 for i in items), default=-1) + 1,
    )
    for language in {settings.LANGUAGE_CODE, question.board.room_language}:
        setattr(item, build_localized_fieldname("description", language), text)
    draft.action_items.add(item)
    draft.save_revision(user=user, log_action=True)
    question.action_item_added_at = timezone.now()
    question.save(update_fields=["action_item_added_at"])
    return summary


def transfer_note():
    """Said to the organizer when the forum has no summary yet."""
    return _(
        "This forum has no summary yet. Write the summary first, then add the "
        "questions to it."
    )
