import django_filters
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from engage.deletion import protect_from_deletion

from . import admin_views, outcome_admin
from .models import (
    RSVP,
    Delivery,
    DeliveryStatus,
    DepartmentMember,
    DepartmentUnit,
    Distribution,
    ForumIndexPage,
    ForumPage,
    ForumSeries,
    ForumSummaryPage,
    RSVPStatus,
    Venue,
)


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


register_snippet(VenueViewSet)
register_snippet(ForumSeriesViewSet)


class RSVPFilterSet(WagtailFilterSet):
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"), queryset=ForumPage.objects.order_by("-start")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RSVPStatus.choices)

    class Meta:
        model = RSVP
        fields = ["forum", "status"]


class RSVPIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .visible_to(self.request.user)
            .select_related("forum")
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


class RSVPDeleteView(ScopedRSVPMixin, DeleteView):
    pass


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


register_permission_policy(RSVP, NoAddPermissionPolicy(RSVP))
rsvp_viewset = RSVPViewSet("forum_rsvps")


@hooks.register("register_admin_viewset")
def register_rsvp_viewset():
    return rsvp_viewset


@hooks.register("register_admin_urls")
def register_forum_admin_urls():
    patterns = [
        path("<int:forum_id>/", admin_views.forum_overview, name="overview"),
        path("<int:forum_id>/check-in/", admin_views.check_in, name="check_in"),
        path(
            "<int:forum_id>/check-in/<int:rsvp_id>/",
            admin_views.mark_attended,
            name="mark_attended",
        ),
        path("<int:forum_id>/walk-in/", admin_views.add_walk_in, name="walk_in"),
        path(
            "<int:forum_id>/sign-in-sheet/",
            admin_views.sign_in_sheet,
            name="sign_in_sheet",
        ),
        path(
            "series/<int:series_id>/generate/",
            admin_views.generate_dates,
            name="generate",
        ),
        path("roster/import/", outcome_admin.roster_import, name="roster_import"),
        path(
            "summaries/<int:summary_id>/distribute/",
            outcome_admin.distribute,
            name="distribute",
        ),
        path(
            "distributions/<int:distribution_id>/",
            outcome_admin.distribution_report,
            name="distribution_report",
        ),
        path(
            "distributions/<int:distribution_id>/by-unit.<str:fmt>",
            outcome_admin.distribution_export,
            name="distribution_export",
        ),
        path(
            "distributions/<int:distribution_id>/remind/",
            outcome_admin.send_reminders,
            name="distribution_remind",
        ),
        path(
            "distributions/<int:distribution_id>/retry/",
            outcome_admin.retry_failed,
            name="distribution_retry",
        ),
    ]
    return [path("forums/", include((patterns, "forums_admin")))]


def _forum_buttons(page, user, priority):
    specific = page.specific_deferred
    if isinstance(specific, ForumSummaryPage):
        return _summary_buttons(specific, user, priority)
    if not isinstance(specific, ForumPage):
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    if not specific.rsvps_visible_to(user):
        return _summary_link(specific, priority + 2)
    return _summary_link(specific, priority + 2) + [
        Button(
            _("RSVPs and accommodations"),
            reverse("forums_admin:overview", args=[page.pk]),
            icon_name="group",
            priority=priority,
        ),
        Button(
            _("Check-in"),
            reverse("forums_admin:check_in", args=[page.pk]),
            icon_name="tick",
            priority=priority + 1,
        ),
    ]


def _summary_link(forum, priority):
    summary = ForumSummaryPage.objects.filter(forum=forum).only("pk").first()
    if summary is not None:
        return [
            Button(
                _("Edit the summary"),
                reverse("wagtailadmin_pages:edit", args=[summary.pk]),
                icon_name="doc-full",
                priority=priority,
            )
        ]
    return [
        Button(
            _("Write the summary"),
            reverse(
                "wagtailadmin_pages:add",
                args=["forums", "forumsummarypage", forum.pk],
            ),
            icon_name="doc-full",
            priority=priority,
        )
    ]


def _summary_buttons(summary, user, priority):
    buttons = []
    if summary.live and user.has_perm("forums.add_distribution"):
        buttons.append(
            Button(
                _("Distribute to the department"),
                reverse("forums_admin:distribute", args=[summary.pk]),
                icon_name="mail",
                priority=priority,
            )
        )
    if summary.live:
        buttons.append(
            Button(
                _("Print for roll call"),
                summary.url + summary.reverse_subpage("print"),
                icon_name="doc-full",
                priority=priority + 1,
            )
        )
    return buttons


@hooks.register("register_page_header_buttons")
def forum_page_header_buttons(page, user, view_name=None, next_url=None):
    return _forum_buttons(page, user, 12)


@hooks.register("register_page_listing_more_buttons")
def forum_page_listing_buttons(page, user, next_url=None):
    return _forum_buttons(page, user, 3)


# Deleting a forum deletes its RSVPs: only an administrator may.
protect_from_deletion(
    ForumPage,
    lambda forums: RSVP.objects.filter(forum__in=forums),
    _(
        "People have RSVPed to this forum, and deleting it would delete their "
        "RSVPs. Cancel the forum instead, or ask an administrator."
    ),
    superusers_may=True,
)


@hooks.register("register_snippet_listing_buttons")
def series_generate_button(snippet, user, next_url=None):
    if isinstance(snippet, ForumSeries) and user.has_perm("forums.change_forumseries"):
        yield Button(
            _("Generate dates"),
            reverse("forums_admin:generate", args=[snippet.pk]),
            icon_name="date",
            priority=5,
        )


# Department roster and distributions ---------------------------------------------


class MemberIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("forums.add_departmentmember"):
            buttons.append(
                HeaderButton(
                    _("Import a roster file"),
                    url=reverse("forums_admin:roster_import"),
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


class DepartmentUnitViewSet(ModelViewSet):
    model = DepartmentUnit
    icon = "group"
    menu_label = _("Units")
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["name"]
    export_filename = "department-units"
    form_fields = ["name"]
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
        "reminder_sent_at",
        "attempts",
        "last_error",
        "esp_message_id",
    ]
    export_headings = {
        "member.name": _("Name"),
        "member.unit": _("Unit"),
    }
    export_filename = "distribution-deliveries"
    form_fields = ["status"]  # never shown: the permission policy forbids editing
    copy_view_enabled = False
    inspect_view_enabled = True


class PermissionMenuItem(MenuItem):
    permission = "forums.view_distribution"

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class DistributionsViewSet(ViewSet):
    """Only a menu entry and the list; reports live under ``forums_admin``."""

    icon = "mail"
    menu_label = _("Distributions")
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self):
        return [path("", outcome_admin.distribution_index, name="index")]


class DepartmentGroup(ViewSetGroup):
    menu_label = _("Department")
    menu_icon = "group"
    menu_order = 220
    items = (
        DepartmentMemberViewSet("forum_roster"),
        DepartmentUnitViewSet("forum_units"),
        DistributionsViewSet("forum_distributions"),
    )


register_permission_policy(Delivery, ReadOnlyPermissionPolicy(Delivery))
delivery_viewset = DeliveryViewSet("forum_deliveries")


@hooks.register("register_admin_viewset")
def register_department_viewsets():
    return [DepartmentGroup(), delivery_viewset]


# Public site sections ----------------------------------------------------------


@hooks.register("engage_home_sections")
def home_next_forums(request, home_page):
    forums = list(
        ForumPage.objects.live()
        .descendant_of(home_page)
        .filter(end__gte=timezone.now())
        .for_listing()
        .order_by("start", "pk")[:3]
    )
    if not forums:
        return None
    index = ForumIndexPage.objects.live().descendant_of(home_page).first()
    return {
        "template": "forums/includes/home_next_forums.html",
        "forums": forums,
        "forum_index": index,
    }


@hooks.register("engage_account_sections")
def account_rsvps(request):
    from .views import rsvps_for_user

    now = timezone.now()
    rsvps = list(rsvps_for_user(request.user))
    return {
        "template": "forums/includes/account_rsvps.html",
        "upcoming_rsvps": [r for r in rsvps if r.forum.end >= now],
        "past_rsvps": [r for r in rsvps if r.forum.end < now][::-1],
    }


@hooks.register("engage_load_demo")
def load_forum_demo(home_page, stdout):
    from .demo import build_demo

    build_demo(home_page, stdout)


# Privacy rights: the privacy page, the data download and account deletion.
from . import privacy  # noqa: E402

hooks.register("engage_privacy_sections", privacy.privacy_section)
hooks.register("engage_personal_data", privacy.personal_data)
hooks.register("engage_erase_personal_data", privacy.erase_personal_data)
