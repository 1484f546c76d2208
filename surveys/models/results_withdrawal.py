"""Results once public are withdrawn with a reason, never hidden quietly: not
by unticking "publish results", not by publishing an older revision, not by
unpublishing the survey. While they are withdrawn, the results' address (and
the survey's, once it is unpublished too) answers 410 with the dates and the
reason given; published again, each withdrawal stays listed on the results
(``cms.withdrawal``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.url_routing import RouteResult

from cms.withdrawal import WithdrawalNotice

EXPIRY_REFUSED = _(
    "This survey's results have been public, so it takes no expiry date: "
    "withdraw its results, saying why, before unpublishing it."
)

# The routes of an unpublished survey that still answer with the notice.
NOTICE_ROUTES = ([], ["results"])


class ResultsWithdrawal(WithdrawalNotice):
    """Mixed into ``SurveyPage`` before its other bases: its notice is of its
    results withdrawn (``surveys.withdrawing``), not of the survey."""

    # When results were first public on the live survey (``surveys.signals``).
    # From then on, whether they are public belongs to the page, not to the
    # editor's form or a revision.
    results_public_since = models.DateTimeField(
        _("results public since"), null=True, editable=False
    )

    # A copy ("Start next month's survey") has no results yet.
    exclude_fields_in_copy = [
        "results_public_since",
        "withdrawn_at",
        "withdrawal_reason",
        "withdrawal_language",
    ]

    class Meta:
        abstract = True

    def clean(self):
        """An expiry date would take public results down asking no reason."""
        super().clean()
        if self.expire_at and self.results_public_since:
            raise ValidationError({"expire_at": EXPIRY_REFUSED})

    def with_content_json(self, content):
        page = super().with_content_json(content)
        stored = self.stored("results_public_since", "results_public")
        if stored.get("results_public_since"):
            page.results_public = stored["results_public"]
        return page

    @property
    def results_withdrawn(self):
        return self.withdrawn_at is not None and not self.results_public

    def shows_withdrawal_to(self, user):
        """Whether ``user`` is shown the notice in place of the results: anyone
        but the survey's organizers, who still read them."""
        return self.results_withdrawn and not self.user_is_organizer(user)

    def route(self, request, path_components):
        """An unpublished survey whose results were withdrawn still says so at
        its own address and at its results' address."""
        withdrawn = not self.live and self.results_withdrawn
        if withdrawn and path_components in NOTICE_ROUTES:
            return RouteResult(self, args=(self.results_withdrawn_view, (), {}))
        return super().route(request, path_components)

    def results_withdrawn_view(self, request):
        """410 Gone: results taken down on purpose. Nothing of them is shown but
        the dates and the reason given."""
        return TemplateResponse(
            request,
            "surveys/results_withdrawn.html",
            {"page": self, "survey": self},
            status=410,
        )
