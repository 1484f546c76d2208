"""Links from a commitment to the forum action items and survey questions that bear
on it. Only what the public may see is ever shown: items of published forum
summaries, questions of published surveys."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class ActionItemLinkQuerySet(models.QuerySet):
    def public(self):
        """Links to items of a published summary of a published forum."""
        return self.filter(
            action_item__summary__live=True, action_item__summary__forum__live=True
        )


class QuestionLinkQuerySet(models.QuerySet):
    def public(self):
        """Links to questions of a published survey."""
        return self.filter(question__page__live=True)


class CommitmentActionItem(Orderable):
    """A forum action item that bears on a commitment, shown beside its progress."""

    page = ParentalKey(
        "pledges.CommitmentPage",
        on_delete=models.CASCADE,
        related_name="related_action_items",
    )
    action_item = models.ForeignKey(
        "outcomes.ActionItem",
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = ActionItemLinkQuerySet.as_manager()

    panels = [FieldPanel("action_item")]

    class Meta(Orderable.Meta):
        verbose_name = _("related forum action item")
        verbose_name_plural = _("related forum action items")


class CommitmentSurveyQuestion(Orderable):
    """A survey question that measures a commitment, shown beside its progress."""

    page = ParentalKey(
        "pledges.CommitmentPage",
        on_delete=models.CASCADE,
        related_name="related_questions",
    )
    question = models.ForeignKey(
        "surveys.Question",
        verbose_name=_("survey question"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = QuestionLinkQuerySet.as_manager()

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("related survey question")
        verbose_name_plural = _("related survey questions")


@dataclass
class RelatedLinks:
    action_items: list
    questions: list

    def __bool__(self):
        return bool(self.action_items or self.questions)
