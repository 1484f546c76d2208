"""Forums in the Wagtail admin and on the public site: viewsets, admin URLs,
page buttons, the RSVP form on forum pages, and the sections the forums add to
the home, account and privacy pages."""

import functools

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from engage.compiled import NOW_PLACEHOLDER, CompiledQuery
from engage.deletion import protect_from_deletion

from . import admin_rsvp_views, admin_views, privacy, series_views, views
from .admin_viewsets import (
    ForumSeriesViewSet,
    NoAddPermissionPolicy,
    RSVPViewSet,
    VenueViewSet,
)
from .models import RSVP, ForumIndexPage, ForumPage, ForumSeries
from .models.cards import card_rows, cards_of
from .models.pages import FORUM_PAGE_CONTEXT_HOOK

register_snippet(VenueViewSet)
register_snippet(ForumSeriesViewSet)
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
            "<int:forum_id>/walk-in/<int:walk_in_id>/",
            admin_views.correct_walk_in,
            name="correct_walk_in",
        ),
        path("<int:forum_id>/rsvps/add/", admin_rsvp_views.add_rsvp, name="add_rsvp"),
        path(
            "<int:forum_id>/message/",
            admin_rsvp_views.message_registrants,
            name="message_registrants",
        ),
        path(
            "rsvps/<int:rsvp_id>/cancel/",
            admin_rsvp_views.cancel_rsvp,
            name="cancel_rsvp",
        ),
        path(
            "rsvps/<int:rsvp_id>/resend/",
            admin_rsvp_views.resend_confirmation,
            name="resend_confirmation",
        ),
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
        path(
            "series/<int:series_id>/plan/",
            series_views.review_plan,
            name="series_plan",
        ),
    ]
    return [path("forums/", include((patterns, "forums_admin")))]


def _forum_buttons(page, user, priority):
    """RSVPs and check-in, for those who may see the forum's registrants."""
    specific = page.specific_deferred
    if not isinstance(specific, ForumPage):
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    if not specific.rsvps_visible_to(user):
        return []
    return [
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
        yield Button(
            _("Date changes"),
            series_views.plan_url(snippet),
            icon_name="calendar-alt",
            priority=6,
        )


# Saving a series whose dates no longer match its forums leads to the plan.
hooks.register("after_edit_snippet", series_views.review_after_edit)


# Serving forum pages ------------------------------------------------------------


@hooks.register("on_serve_page", order=10)  # inside Wagtail's view restrictions
def take_rsvps_on_forum_pages(next_serve):
    """A POST to a forum page is its RSVP form; the model need not know the view."""

    def serve(page, request, args, kwargs):
        if request.method == "POST" and isinstance(page, ForumPage):
            return views.submit_rsvp(request, page)
        return next_serve(page, request, args, kwargs)

    return serve


hooks.register(FORUM_PAGE_CONTEXT_HOOK, views.rsvp_form_context)


# Public site sections ----------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _next_forums_query(home_key, home_path, home_depth, language):
    """The next three forums below a home page as card rows, compiled once per
    home page and language with the time now (``engage.compiled``): building
    the query cost the home page more than running it."""
    home = Page(pk=home_key, path=home_path, depth=home_depth)
    forums = (
        ForumPage.objects.live()
        .descendant_of(home)
        .filter(end__gte=NOW_PLACEHOLDER)
        .order_by("start", "pk")[:3]
    )
    return CompiledQuery(card_rows(forums, language), placeholders=(NOW_PLACEHOLDER,))


@hooks.register("engage_home_sections")
def home_next_forums(request, home_page):
    query = _next_forums_query(
        home_page.pk, home_page.path, home_page.depth, get_language()
    )
    forums = cards_of(query.rows(timezone.now()), ForumPage, request)
    if not forums:
        return None
    index = home_page.section_index(request, ForumIndexPage)
    return {
        "template": "forums/includes/home_next_forums.html",
        "forums": forums,
        "forum_index": index,
    }


@hooks.register("engage_account_sections")
def account_rsvps(request):
    now = timezone.now()
    rsvps = list(
        RSVP.objects.belonging_to(request.user)
        .filter(forum__live=True)
        .select_related("forum")
        .order_by("forum__start")
    )
    return {
        "template": "forums/includes/account_rsvps.html",
        "upcoming_rsvps": [r for r in rsvps if r.forum.end >= now],
        "past_rsvps": [r for r in rsvps if r.forum.end < now][::-1],
    }


# Privacy rights: the privacy page, the data download and account deletion.
hooks.register("engage_privacy_sections", privacy.privacy_section)
hooks.register("engage_personal_data", privacy.personal_data)
hooks.register("engage_erase_personal_data", privacy.erase_personal_data)
