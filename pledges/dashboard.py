"""The mayor's office dashboard in the admin: for each office the user belongs
to, its commitments that are stale or overdue. Nobody else sees it."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .choices import stale_after_days
from .services.attention import attention, offices_of

TITLE = _("Commitments needing an update")


def office_dashboard(request):
    items = attention(offices_of(request.user))
    if not items:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "pledges/admin/office_dashboard.html",
        {
            "items": items,
            "stale_after_days": stale_after_days(),
            "page_title": TITLE,
            "header_icon": "warning",
        },
    )


def admin_urls():
    patterns = [path("", office_dashboard, name="dashboard")]
    return [path("pledges/office/", include((patterns, "pledges_office")))]


class OfficeAttentionPanel(Component):
    """On the admin home page of office members: what needs an update."""

    name = "pledge_office_attention"
    template_name = "pledges/admin/office_attention_panel.html"
    order = 50

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {
            "items": self.items,
            "stale_after_days": stale_after_days(),
            "title": TITLE,
        }


def homepage_panel(request, panels):
    items = attention(offices_of(request.user))
    if items:
        panels.append(OfficeAttentionPanel(items))


class OfficeDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return offices_of(request.user).exists()


def menu_item():
    return OfficeDashboardMenuItem(
        TITLE, reverse("pledges_office:dashboard"), icon_name="warning", order=330
    )
