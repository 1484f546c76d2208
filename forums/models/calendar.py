import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ForumFormat, ForumStatus


class ForumCalendarEntry(models.Model):
    """What registrants and calendars were last told about a forum.

    Kept outside the page so that publishing an old revision never lowers the
    SEQUENCE, and so that a change can be detected against what was announced.
    """

    forum = models.OneToOneField(
        "forums.ForumPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calendar_entry",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField(default=timezone.now)
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ForumStatus.choices)
    format = models.CharField(max_length=10, choices=ForumFormat.choices)
    venue = models.ForeignKey(
        "forums.Venue", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    online_url = models.URLField(blank=True)

    TRACKED = ("start", "end", "status", "format", "venue_id", "online_url")

    class Meta:
        verbose_name = _("forum calendar entry")

    def __str__(self):
        return f"{self.uid} #{self.sequence}"

    @property
    def ical_uid(self):
        return self.ical_uid_of(self.uid)

    @staticmethod
    def ical_uid_of(uid):
        """Never changes for a forum, whatever the site's address becomes."""
        return f"{uid}@engage-forums"

    def changes_from(self, forum):
        """Names of tracked fields that differ from what was announced."""
        return [
            name for name in self.TRACKED if getattr(self, name) != getattr(forum, name)
        ]

    def record(self, forum):
        for name in self.TRACKED:
            setattr(self, name, getattr(forum, name))

    @classmethod
    def for_forum(cls, forum):
        entry = cls.objects.filter(forum=forum).first()
        if entry is None:
            entry = cls(forum=forum)
            entry.record(forum)
            entry.save()
        return entry
