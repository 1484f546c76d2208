"""Commitment listings that read progress and link counts in the same query."""

from django.db.models import Count, Min, OuterRef, Subquery
from wagtail.query import PageQuerySet

from .links import CommitmentActionItem, CommitmentSurveyQuestion
from .updates import ProgressUpdatePage

# Each progress column and where it is read: the latest published update, or
# all of them counted.
PROGRESS_COLUMNS = {
    "latest_status": ("latest", "status"),
    "latest_percentage": ("latest", "percentage"),
    "latest_update_date": ("latest", "update_date"),
    "update_count": ("counted", "number"),
    "first_update_date": ("counted", "first"),
}
PROGRESS_FIELDS = tuple(PROGRESS_COLUMNS)


class CommitmentQuerySet(PageQuerySet):
    def with_progress(self, *fields):
        """Current status, percentage and dates, read from the latest published
        update in the same query, so listings cost one query however long the
        history. Only the ``fields`` named (of ``PROGRESS_FIELDS``) when given,
        for rows read with ``values()``: a page object needs them all."""
        updates = ProgressUpdatePage.objects.filter(
            commitment=OuterRef("pk"), live=True
        )
        latest = updates.order_by("-update_date", "-first_published_at", "-pk")
        counted = (
            updates.order_by()
            .values("commitment")
            .annotate(number=Count("pk"), first=Min("update_date"))
        )
        sources = {"latest": latest, "counted": counted}
        return self.annotate(
            **{
                name: Subquery(sources[source].values(column)[:1])
                for name, (source, column) in PROGRESS_COLUMNS.items()
                if not fields or name in fields
            }
        )

    def with_link_counts(self):
        """How many published forum action items and survey questions each
        commitment links to, in the same query."""
        action_items = (
            CommitmentActionItem.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("action_item", distinct=True))
        )
        questions = (
            CommitmentSurveyQuestion.objects.public()
            .filter(page=OuterRef("pk"))
            .order_by()
            .values("page")
            .annotate(number=Count("question", distinct=True))
        )
        return self.annotate(
            action_item_count=Subquery(action_items.values("number")[:1]),
            question_count=Subquery(questions.values("number")[:1]),
        )
