"""The outcomes' admin screens built from Wagtail viewsets: the department
roster and units, the distributions menu entry and the read-only deliveries."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from forums.admin_viewsets import RestrictedActionsPolicy

from . import admin_views
from .models import (
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    Distribution,
)


class MemberIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("outcomes.add_departmentmember"):
            buttons.append(
                HeaderButton(
                    _("Import a roster file"),
                    url=reverse("outcomes_admin:roster_import"),
                    icon_name="upload",
                )
            )
        return buttons


class DepartmentMemberViewSet(ModelViewSet):
    model = DepartmentMember
    icon = "user"
    menu_label = _("Members")
    index_view_class = MemberIndexView
    list_display = [
        "name",
        "email",
        "unit",
        "role",
        "preferred_language",
        "active",
        "address_needs_attention",
    ]
    list_filter = ["unit", "preferred_language", "active", "address_needs_attention"]
    search_fields = ["name", "email", "role"]
    search_backend_name = None
    list_export = [
        "name",
        "email",
        "unit",
        "role",
        "preferred_language",
        "active",
        "address_needs_attention",
    ]
    export_filename = "department-roster"
    form_fields = [
        "name",
        "email",
        "unit",
        "role",
        "preferred_language",
        "active",
        "address_needs_attention",
    ]
    copy_view_enabled = False


class UnitIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("commander")


class DepartmentUnitViewSet(ModelViewSet):
    model = DepartmentUnit
    icon = "group"
    index_view_class = UnitIndexView
    menu_label = _("Units")
    list_display = ["name", "commander"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["name", "commander"]
    export_filename = "department-units"
    form_fields = ["name", "commander"]
    copy_view_enabled = False


class DeliveryFilterSet(WagtailFilterSet):
    distribution = django_filters.ModelChoiceFilter(
        label=_("Distribution"),
        queryset=Distribution.objects.select_related("summary"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DeliveryStatus.choices
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), field_name="member__unit", queryset=DepartmentUnit.objects
    )
    acknowledged = django_filters.BooleanFilter(
        label=_("Acknowledged"),
        field_name="acknowledged_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Delivery
        fields = ["distribution", "status", "unit", "acknowledged"]


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("member__unit", "distribution__summary")
        )


class ReadOnlyPermissionPolicy(RestrictedActionsPolicy):
    """Deliveries are written by sending and tracking, never edited by hand."""

    forbidden_actions = ("add", "change", "delete")


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "mail"
    menu_label = _("Deliveries")
    add_to_admin_menu = False
    index_view_class = DeliveryIndexView
    filterset_class = DeliveryFilterSet
    list_display = ["member", "email", "status", "sent_at", "acknowledged_at"]
    search_fields = ["email", "member__name"]
    search_backend_name = None
    list_export = [
        "member.name",
        "email",
        "member.unit",
        "language",
        "status",
        "sent_at",
        "status_changed_at",
        "acknowledged_at",
        "version_acknowledged",
        "reminder_sent_at",
        "attempts",
        "last_error",
        "esp_message_id",
    ]
    export_headings = {
        "member.name": _("Name"),
        "member.unit": _("Unit"),
        "version_acknowledged": _("Version acknowledged (saved)"),
    }
    export_filename = "distribution-deliveries"
    form_fields = ["status"]  # never shown: the permission policy forbids editing
    copy_view_enabled = False
    inspect_view_enabled = True


class PermissionMenuItem(MenuItem):
    permission = "outcomes.view_distribution"

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class DistributionsViewSet(ViewSet):
    """Only a menu entry and the list; reports live under ``outcomes_admin``."""

    icon = "mail"
    menu_label = _("Distributions")
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.distribution_index, name="index")]


class DepartmentGroup(ViewSetGroup):
    menu_label = _("Department")
    menu_icon = "group"
    menu_order = 220
    items = (
        DepartmentMemberViewSet("forum_roster"),
        DepartmentUnitViewSet("forum_units"),
        DistributionsViewSet("forum_distributions"),
    )
