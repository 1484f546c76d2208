"""Live questions on forum night: a board per forum, and the questions residents
send to it from their phones.

A question stores what the resident wrote, the language they wrote it in and an
optional topic; never a name, an address, a session or a user. Its time is
kept to the minute (``submitted_minute``): enough to list questions in the order
they came, too coarse to line one up with a phone seen in the room at a given
second.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .choices import QuestionStatus, Topic

# Residents can still send questions this long after the forum's end (people
# stay to talk); after that the board closes by itself.
OPEN_HOURS_AFTER_END = 3
MAX_QUESTION_LENGTH = 500
# Short enough to type from the screen; no 0/o/1/l/i to misread.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def new_display_key():
    return secrets.token_urlsafe(24)


def direction(language):
    """``rtl`` for Arabic, ``ltr`` for the others."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


class QuestionBoard(models.Model):
    """One forum's live questions: the short link residents send them to, and the
    separate link of the projector screen."""

    forum = models.OneToOneField(
        "forums.ForumPage",
        verbose_name=_("forum"),
        on_delete=models.CASCADE,
        related_name="question_board",
    )
    code = models.CharField(_("short link code"), max_length=16, unique=True)
    display_key = models.CharField(_("screen link key"), max_length=64, unique=True)
    room_language = models.CharField(
        _("main language of the room"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Moderators translate questions into it for the screen."),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("live questions board")
        verbose_name_plural = _("live questions boards")

    def __str__(self):
        return str(self.forum)

    @property
    def closes_at(self):
        """When the board closes by itself, if nobody closes it first."""
        return self.forum.end + datetime.timedelta(hours=OPEN_HOURS_AFTER_END)

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.closed_at is None and now < self.closes_at

    @property
    def room_direction(self):
        return direction(self.room_language)


class QuestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=QuestionStatus.PENDING).order_by(
            "submitted_minute", "pk"
        )

    def approved(self):
        """Approved, answered or not: what goes into the summary."""
        return self.filter(status=QuestionStatus.APPROVED).order_by("position", "pk")

    def on_screen(self):
        """Approved and not yet answered, in the moderators' order."""
        return self.approved().filter(answered_at__isnull=True)

    def answered(self):
        return self.approved().filter(answered_at__isnull=False)


class Question(models.Model):
    """What one resident asked, anonymously."""

    board = models.ForeignKey(
        QuestionBoard,
        verbose_name=_("board"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    text = models.TextField(_("question"), max_length=MAX_QUESTION_LENGTH)
    language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES
    )
    topic = models.CharField(
        _("topic"), max_length=16, choices=Topic.choices, blank=True
    )
    submitted_minute = models.DateTimeField(
        _("sent (to the minute)"),
        help_text=_("Kept to the minute only, for ordering."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
    )
    position = models.PositiveIntegerField(_("order on the screen"), default=0)
    supporters = models.PositiveIntegerField(
        _("people asking"),
        default=1,
        help_text=_("One, plus every question merged into this one."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    translation = models.TextField(_("translation"), blank=True, max_length=1000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.TextField(_("answer note"), blank=True, max_length=2000)
    added_to_summary_at = models.DateTimeField(
        _("added to the summary"), null=True, blank=True
    )
    answer_added_to_summary_at = models.DateTimeField(
        _("answer added to the summary"), null=True, blank=True
    )
    action_item_added_at = models.DateTimeField(
        _("made an action item"), null=True, blank=True
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["board", "status"], name="questions_board_status_idx")
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def direction(self):
        return direction(self.language)

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def needs_translation(self):
        """Written in another language than the room's."""
        return self.language != self.board.room_language

    @property
    def room_text(self):
        """The question in the room's language: the translation when there is one."""
        return self.translation or self.text
