"""What a pledge keeps beside its pages: the mayor's office that edits it and the
reminders sent to its members, the people who follow it and the picture shared on
social networks."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from ..choices import Frequency
from .pages import PledgePage


class MayorsOffice(models.Model):
    """The Wagtail group whose members edit one city's pledge, and the document
    collection where they keep their evidence."""

    pledge = models.OneToOneField(
        PledgePage, on_delete=models.CASCADE, related_name="mayors_office"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mayor's office")
        verbose_name_plural = _("mayors' offices")

    def __str__(self):
        return self.group.name


class OfficeReminder(models.Model):
    """A monthly reminder emailed to one member of a mayor's office. Written in
    the transaction that queues the email, so a second run in the same month, or
    a run after one that stopped half-way, never emails anyone twice."""

    office = models.ForeignKey(
        MayorsOffice, on_delete=models.CASCADE, related_name="reminders"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()  # the first day of the month it is for
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "member", "month"],
                name="pledges_one_office_reminder_a_month",
            )
        ]

    def __str__(self):
        return f"{self.office} · {self.member_id} · {self.month:%Y-%m}"


class FollowerQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class PledgeFollower(models.Model):
    """Someone who asked to hear about a pledge by email and confirmed it."""

    pledge = models.ForeignKey(
        PledgePage,
        verbose_name=_("pledge"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.EACH_UPDATE,
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge follower")
        verbose_name_plural = _("pledge followers")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "email"], name="pledges_one_follow_per_email"
            )
        ]

    def __str__(self):
        return self.email


class PledgeShareImage(models.Model):
    """The Open Graph picture of a pledge, redrawn whenever an update is published."""

    pledge = models.OneToOneField(
        PledgePage, on_delete=models.CASCADE, related_name="share_image"
    )
    image = models.FileField(upload_to="pledges/share/")
    generated_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("pledge share image")

    def __str__(self):
        return self.image.name
