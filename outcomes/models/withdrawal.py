"""A summary taken down after it was public leaves a dated notice, with the
reason the organizer gave, on its forum's page and at its own address: a
resident or a department member following a link to it learns when and why it
went, not that it never was. Publishing it again ends the notice but not the
record (``cms.withdrawal``)."""

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.url_routing import RouteResult

from cms.withdrawal import WithdrawalNotice

EXPIRY_REFUSED = _(
    "A summary is withdrawn with a reason, not on a date: leave the expiry date empty."
)


class Withdrawal(WithdrawalNotice):
    """Mixed into ``ForumSummaryPage`` before its other bases. ``withdrawn_at``
    is set by ``outcomes.signals`` on every unpublish of a summary once public,
    the reason by ``outcomes.withdrawing``."""

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
