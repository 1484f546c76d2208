"""Responses and their answers, and who has taken part.

Anonymous responses hold no link to a person, a code or a time beyond the day.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .codes import InvitationCode
from .questions import Choice, Question


def random_key():
    """A random 62-bit primary key: on SQLite the key is the row id, so rows
    are stored in no particular order rather than in the order they came."""
    return secrets.randbits(62) or 1


class Source(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper")


class Participation(models.Model):
    """That a signed-in resident has answered a survey, kept apart from what they
    said so an anonymous survey can still be answered once per person.

    The key is random, and the rows of an anonymous survey are rewritten in a
    random order with new keys whenever a response is stored
    (``surveys.mixing``): nothing says who took part first or last."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="surveys_one_participation"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.survey}"


class Response(models.Model):
    """One person's answers. The random id carries no order; anonymous responses
    keep only the day and no user or code.

    ``mixed`` is set once the response has been rewritten in a shuffled group
    of at least ``SURVEYS_MIN_GROUP_SIZE`` (``surveys.mixing``); until then it
    is in the pool that every new response of its survey rewrites."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.PROTECT, related_name="responses"
    )
    language = models.CharField(_("language"), max_length=10)
    submitted_on = models.DateField(_("date"))
    submitted_at = models.DateTimeField(_("time"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    area = models.ForeignKey(
        "engage.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.OneToOneField(
        InvitationCode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mixed = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["survey", "submitted_on"]),
            models.Index(fields=["survey", "language"]),
            models.Index(fields=["survey", "forum"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="surveys_one_response_per_user",
            )
        ]

    def __str__(self):
        return f"{self.survey} · {self.submitted_on} · {self.get_source_display()}"


class Answer(models.Model):
    """One answer to one question: a choice, a number, or text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers"
    )
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    text = models.TextField(blank=True)
    approved = models.BooleanField(
        _("approved for publication"),
        default=False,
        help_text=_("Shown on the public results page, without any other detail."),
    )
    quote = models.TextField(
        _("text to publish"),
        blank=True,
        help_text=_(
            "The answer as it will be quoted, with names and other personal "
            "details taken out. Leave empty to quote it as written."
        ),
    )

    panels = [
        FieldPanel("text", read_only=True),
        FieldPanel("quote"),
        FieldPanel("approved"),
    ]

    class Meta:
        verbose_name = _("free-text answer")
        verbose_name_plural = _("free-text answers")
        indexes = [
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "number"]),
            # The results page reads the quotes without the other answers.
            models.Index(
                fields=["question"],
                condition=Q(approved=True),
                name="surveys_answer_quoted",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def published_text(self):
        return self.quote or self.text
