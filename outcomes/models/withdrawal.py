"""A summary taken down after it was public leaves a dated notice, with the
reason the organizer gave, on its forum's page and at its own address: a
resident or a department member following a link to it learns when and why it
went, not that it never was."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.url_routing import RouteResult

# Long enough to explain; short enough to read on a phone.
MAX_REASON_LENGTH = 1000

EXPIRY_REFUSED = _(
    "A summary is withdrawn with a reason, not on a date: leave the expiry date empty."
)


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
