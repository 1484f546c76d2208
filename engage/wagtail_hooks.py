from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import BaseViewRestriction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import audit
from .models import Area, PersonalDataAccess
from .security import can_use_admin
from .views import staff_only


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(AreaViewSet)


class PersonalDataAccessViewSet(ModelViewSet):
    """The audit log, read-only: it has a listing and nothing that could add, edit
    or delete an entry. Superusers see it, and any group given its "view"
    permission."""

    model = PersonalDataAccess
    icon = "history"
    menu_label = _("Personal data log")
    add_to_settings_menu = True
    list_display = [
        DateColumn("at", label=_("When")),
        "username",
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column(
            "view", label=_("What"), accessor=lambda entry: audit.label_for(entry.view)
        ),
        "object_id",
        "path",
    ]
    list_filter = ["action", "view"]
    search_fields = ["username", "path"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "history_url_name": None,
                "usage_url_name": None,
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="engage", codename="view_personaldataaccess"
        )


hooks.register("register_admin_viewset", PersonalDataAccessViewSet)


def _signed_in_resident(request, restrictions):
    """Whether a "logged-in users" restriction is all that stands between this
    signed-in, non-staff account and the item: Wagtail lets any account through
    such a restriction; here it means staff, since anyone can open an account."""
    return (
        request.user.is_authenticated
        and not can_use_admin(request.user)
        and any(r.restriction_type == BaseViewRestriction.LOGIN for r in restrictions)
    )


@hooks.register("before_serve_document")
def documents_in_private_collections_are_for_staff(document, request):
    if _signed_in_resident(request, document.collection.get_view_restrictions()):
        return staff_only(request)
    return None


@hooks.register("before_serve_page")
def private_pages_are_for_staff(page, request, serve_args, serve_kwargs):
    if _signed_in_resident(request, page.get_view_restrictions()):
        return staff_only(request)
    return None
