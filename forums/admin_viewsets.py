"""The forums' admin screens built from Wagtail viewsets: venues and series as
snippets, and the RSVP list organizers see."""

import django_filters
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import RSVP, ForumPage, ForumSeries, RSVPStatus, Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "home"
    menu_label = _("Venues")
    list_display = ["name", "address"]
    search_fields = ["name"]


class ForumSeriesViewSet(SnippetViewSet):
    model = ForumSeries
    icon = "date"
    menu_label = _("Forum series")
    list_display = ["title", "venue", "index_page"]
    search_fields = ["title"]


class RSVPFilterSet(WagtailFilterSet):
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"), queryset=ForumPage.objects.order_by("-start")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RSVPStatus.choices)

    class Meta:
        model = RSVP
        fields = ["forum", "status"]


def staff_actions(rsvp, user, item_class):
    """Cancel on the resident's behalf and resend their confirmation, for those
    who may change RSVPs; both confirm before acting."""
    if rsvp.is_cancelled or not user.has_perm("forums.change_rsvp"):
        return []
    actions = [
        item_class(
            _("Cancel on behalf"),
            url=reverse("forums_admin:cancel_rsvp", args=[rsvp.pk]),
            icon_name="cross",
            priority=25,
        )
    ]
    if rsvp.email:
        actions.append(
            item_class(
                _("Resend confirmation"),
                url=reverse("forums_admin:resend_confirmation", args=[rsvp.pk]),
                icon_name="mail",
                priority=26,
            )
        )
    return actions


class RSVPIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .visible_to(self.request.user)
            .select_related("forum")
        )

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + staff_actions(
            instance, self.request.user, MenuItem
        )


class ScopedRSVPMixin:
    """Organizers open only the RSVPs of the forums they manage."""

    def get_queryset(self):
        return RSVP.objects.visible_to(self.request.user)


class RSVPEditView(ScopedRSVPMixin, EditView):
    pass


class RSVPInspectView(ScopedRSVPMixin, InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=unquote(str(self.pk)))

    @cached_property
    def header_more_buttons(self):
        return super().header_more_buttons + staff_actions(
            self.object, self.request.user, Button
        )


class RSVPDeleteView(ScopedRSVPMixin, DeleteView):
    def delete_action(self):
        """The freed seats go to the waitlist, as on a cancel."""
        with transaction.atomic():
            super().delete_action()
            services.promote_waitlist(self.object.forum)


class RestrictedActionsPolicy(ModelPermissionPolicy):
    """Model permissions, less the actions no one may take in the admin."""

    forbidden_actions = ()

    def user_has_permission(self, user, action):
        if action in self.forbidden_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class NoAddPermissionPolicy(RestrictedActionsPolicy):
    """RSVPs come in through the forum page so capacity rules always apply."""

    forbidden_actions = ("add",)


class RSVPViewSet(ModelViewSet):
    model = RSVP
    icon = "group"
    menu_label = _("RSVPs")
    add_to_admin_menu = True
    menu_order = 210
    index_view_class = RSVPIndexView
    edit_view_class = RSVPEditView
    inspect_view_class = RSVPInspectView
    delete_view_class = RSVPDeleteView
    filterset_class = RSVPFilterSet
    list_display = ["name", "forum", "status", "party_size", "language", "queued_at"]
    search_fields = ["name", "email"]
    search_backend_name = None
    list_export = [
        "forum",
        "status",
        "name",
        "email",
        "phone",
        "language",
        "party_size",
        "interpretation_language",
        "asl",
        "childcare_children",
        "access_needs",
        "other_needs",
        "queued_at",
        "attended_at",
        "people_arrived",
    ]
    export_filename = "forum-rsvps"
    form_fields = [
        "name",
        "phone",
        "interpretation_language",
        "asl",
        "childcare_children",
        "access_needs",
        "other_needs",
    ]
    copy_view_enabled = False
    inspect_view_enabled = True
