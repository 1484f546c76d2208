"""The audit log of who looked at personal data, and when.

Every admin view that shows or exports residents' or department members' personal
data is named below by its URL name; the middleware records each successful
request to one of them. Keeping the list here, by name, lets the ground layer
audit views of the apps above it without importing them. A view added later
that shows personal data must be added here (``tests/engage/test_audit_log.py``
walks the admin URLs and fails on an unlisted one that shows an email address).
"""

from django.utils.translation import gettext_lazy as _

from .access_log import scrub_path
from .models import PersonalDataAccess

AUDITED_VIEWS = {
    "forum_rsvps:index": _("RSVP list"),
    "forum_rsvps:index_results": _("RSVP list"),
    "forum_rsvps:inspect": _("RSVP"),
    "forum_rsvps:edit": _("RSVP"),
    "forums_admin:overview": _("Forum overview with its registrants"),
    "forums_admin:check_in": _("Check-in list"),
    "forums_admin:sign_in_sheet": _("Sign-in sheet"),
    "forum_roster:index": _("Department roster"),
    "forum_roster:index_results": _("Department roster"),
    "forum_roster:edit": _("Department member"),
    "outcomes_admin:roster_import": _("Roster import"),
    "forum_deliveries:index": _("Deliveries"),
    "forum_deliveries:index_results": _("Deliveries"),
    "forum_deliveries:inspect": _("Delivery"),
    "outcomes_admin:distribution_report": _("Distribution report"),
    "outcomes_admin:distribution_export": _("Distribution report"),
    "surveys_admin:answers": _("Survey answers"),
    "surveys_admin:export": _("Survey responses"),
    "surveys_admin:codes_attendees": _("Survey code recipients"),
    "wagtailforms:list_submissions": _("Contact form submissions"),
    "wagtailforms:list_submissions_results": _("Contact form submissions"),
}

# URL names whose every successful answer is a file leaving the site.
EXPORT_VIEWS = {
    "forums_admin:sign_in_sheet",
    "outcomes_admin:distribution_export",
    "surveys_admin:export",
}


# Views reached by a signed link, without an account, that show personal data:
# they record themselves with ``record_link_view``.
LINK_VIEWS = {
    "outcomes:unit_status": _("Unit acknowledgements (commander's link)"),
}


def label_for(view_name):
    return AUDITED_VIEWS.get(view_name) or LINK_VIEWS.get(view_name, view_name)


def record_link_view(request, view_name, who, object_id=""):
    """A look through a signed link: ``who`` is the person it was sent to. The
    path is stored with its token masked, so the log never holds the link."""
    PersonalDataAccess.objects.create(
        user=None,
        username=str(who)[:150],
        action="viewed",
        view=view_name,
        object_id=str(object_id)[:50],
        path=scrub_path(request.path)[:300],
    )


def record(request, view_name):
    match = request.resolver_match
    exported = view_name in EXPORT_VIEWS or "export" in request.GET
    object_id = next(iter(match.kwargs.values()), "") if match.kwargs else ""
    PersonalDataAccess.objects.create(
        user=request.user,
        username=request.user.get_username(),
        action="exported" if exported else "viewed",
        view=view_name,
        object_id=str(object_id)[:50],
        path=request.path[:300],
    )


class PersonalDataAuditMiddleware:
    """Records a successful GET of an audited view by a signed-in account. Only
    GETs: a POST that changes something leaves its own trace in Wagtail's log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and request.method == "GET"
            and response.status_code == 200
            and match.view_name in AUDITED_VIEWS
            and request.user.is_authenticated
        ):
            record(request, match.view_name)
        return response
