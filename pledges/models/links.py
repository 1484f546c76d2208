"""Links from a commitment to the forum action items and survey questions that bear
on it. Only what the public may see is ever shown: items of published forum
summaries, questions of published surveys."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class LinkQuerySet(models.QuerySet):
    """Links from commitments to what they name (``TARGET``), of which the public
    sees only what ``PUBLIC`` allows (lookups from the target)."""

    TARGET = ""
    PUBLIC = {}

    def public(self):
        return self.filter(
            **{
                f"{self.TARGET}__{lookup}": value
                for lookup, value in self.PUBLIC.items()
            }
        )

    def public_targets(self, keys):
        """The targets of ``keys`` that the public may see, as links not yet
        saved name them (a commitment's preview)."""
        targets = self.model._meta.get_field(self.TARGET).related_model.objects
        return targets.filter(pk__in=keys, **self.PUBLIC)


class ActionItemLinkQuerySet(LinkQuerySet):
    """Links to items of a published summary of a published forum."""

    TARGET = "action_item"
    PUBLIC = {"summary__live": True, "summary__forum__live": True}


class QuestionLinkQuerySet(LinkQuerySet):
    """Links to questions of a published survey."""

    TARGET = "question"
    PUBLIC = {"page__live": True}


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
