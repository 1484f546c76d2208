"""A summary taken down after it was public leaves a dated notice, with the
reason the organizer gave, on its forum's page and at its own address: a
resident or a department member following a link to it learns when and why it
went, not that it never was. Publishing it again ends the notice but not the
record: each withdrawal that ended stays listed on the summary's page
(``PastWithdrawal``)."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.url_routing import RouteResult

# Long enough to explain; short enough to read on a phone.
MAX_REASON_LENGTH = 1000

EXPIRY_REFUSED = _(
    "A summary is withdrawn with a reason, not on a date: leave the expiry date empty."
)

WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawal_reason", "withdrawal_language")


class Withdrawal(models.Model):
    """Mixed into ``ForumSummaryPage`` before its other bases."""

    # When it was last unpublished after being public, shown until it is
    # published again. Written by ``outcomes.signals`` on every unpublish.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, editable=False)
    # Why, as the organizer who withdrew it wrote it (``outcomes.withdrawing``),
    # and the language they wrote it in; empty for a summary that expired.
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        editable=False,
        max_length=MAX_REASON_LENGTH,
    )
    withdrawal_language = models.CharField(
        _("language of the reason"), max_length=16, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def clean(self):
        """An expiry date would have ``publish_scheduled`` take the summary down
        asking no reason; migration 0012 cleared the dates set before."""
        super().clean()
        if self.expire_at:
            raise ValidationError({"expire_at": EXPIRY_REFUSED})

    def with_content_json(self, content):
        """The notice belongs to the page, not to a revision: publishing one
        saved before the withdrawal would otherwise write over it unread. It is
        read as stored, not as this copy of the page last saw it."""
        page = super().with_content_json(content)
        stored = type(self).objects.filter(pk=self.pk).values(*WITHDRAWAL_FIELDS)
        for name, value in (stored.first() or {}).items():
            setattr(page, name, value)
        return page

    @property
    def is_withdrawn(self):
        return not self.live and self.withdrawn_at is not None

    def route(self, request, path_components):
        """A withdrawn summary's own address answers with its notice, not as if
        it had never been published."""
        if not path_components and self.is_withdrawn:
            return RouteResult(self, args=(self.withdrawn_view, (), {}))
        return super().route(request, path_components)

    def withdrawn_view(self, request):
        """410 Gone: what was here was taken down on purpose. Nothing of the
        summary is shown but its dates and the reason given."""
        return TemplateResponse(
            request,
            "outcomes/summary/withdrawn.html",
            {"page": self, "forum": self.get_parent(), "withdrawn_summary": self},
            status=410,
        )


class PastWithdrawal(models.Model):
    """A withdrawal that ended when the summary was published again, as its
    notice showed it: written once, as the notice is cleared, and never
    changed, so a summary taken down and put back does not hide that it was."""

    summary = models.ForeignKey(
        "outcomes.ForumSummaryPage",
        verbose_name=_("summary"),
        on_delete=models.CASCADE,
        related_name="past_withdrawals",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"))
    republished_at = models.DateTimeField(_("published again at"))
    reason = models.TextField(
        _("reason for withdrawal"), blank=True, max_length=MAX_REASON_LENGTH
    )
    language = models.CharField(_("language of the reason"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("past withdrawal")
        verbose_name_plural = _("past withdrawals")
        ordering = ["withdrawn_at", "pk"]

    def __str__(self):
        return f"{self.summary_id}: {self.withdrawn_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("A past withdrawal is never changed once recorded.")
        return super().save(*args, **kwargs)

    @classmethod
    def end(cls, summary_pk, now):
        """Keep the notice of the withdrawn summary ``summary_pk`` as a past
        withdrawal ended at ``now``, and clear the notice. Nothing for a
        summary that was not withdrawn."""
        summaries = apps.get_model("outcomes", "ForumSummaryPage").objects
        with transaction.atomic():
            notice = (
                summaries.select_for_update()
                .filter(pk=summary_pk, withdrawn_at__isnull=False)
                .values(*WITHDRAWAL_FIELDS)
                .first()
            )
            if notice is None:
                return
            cls.objects.create(
                summary_id=summary_pk,
                withdrawn_at=notice["withdrawn_at"],
                republished_at=now,
                reason=notice["withdrawal_reason"],
                language=notice["withdrawal_language"],
            )
            summaries.filter(pk=summary_pk).update(
                withdrawn_at=None, withdrawal_reason="", withdrawal_language=""
            )
