import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrantMessage(models.Model):
    """One message an organizer sent to a forum's registrants, kept as the
    forum's log of what residents were told. The texts are keyed by language;
    English is always there and stands in for a language left empty."""

    forum = models.ForeignKey(
        "forums.ForumPage",
        verbose_name=_("forum"),
        on_delete=models.CASCADE,
        related_name="registrant_messages",
    )
    subjects = models.JSONField(_("subject by language"), default=dict)
    bodies = models.JSONField(_("message by language"), default=dict)
    to_confirmed = models.BooleanField(_("to confirmed registrants"), default=True)
    to_waitlisted = models.BooleanField(_("to the waitlist"), default=False)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    # The form's one-time key: pressing "Send" twice, or the browser posting the
    # form again, cannot send the message twice.
    request_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subjects.get("en", "")

    def in_language(self, language):
        """(subject, body, language written in) for a reader of ``language``."""
        body = self.bodies.get(language, "").strip()
        if body:
            subject = self.subjects.get(language, "").strip() or self.subjects["en"]
            return subject, body, language
        return self.subjects["en"], self.bodies["en"], "en"
