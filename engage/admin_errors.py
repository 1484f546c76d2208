"""A rule a model enforces when it is saved (for example a progress update that
may not be published once a later one is out) can be broken by an admin action
that runs no form: approving from the dashboard, a bulk action. The action's
transaction is rolled back; the organizer sees why, never a server error."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Admin views that act on a page without a form: back to its editor.
PAGE_ACTIONS = {"wagtailadmin_pages:workflow_action"}


class AdminValidationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError) or not request.path.startswith(
            "/admin/"
        ):
            return None
        messages.error(
            request,
            _("This was not done: %(reasons)s")
            % {"reasons": " ".join(exception.messages)},
        )
        match = resolve(request.path_info)
        if match.view_name in PAGE_ACTIONS and "page_id" in match.kwargs:
            return redirect("wagtailadmin_pages:edit", match.kwargs["page_id"])
        back = request.META.get("HTTP_REFERER", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect("wagtailadmin_home")
