"""Outcomes in the Wagtail admin and on forum pages: the roster and distribution
screens, the summary buttons, withdrawing a summary with a reason, and a forum
page's published summary."""

import functools

from django.db.models import Q, Subquery, prefetch_related_objects
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from cms.listings import for_cards
from cms.unpublishing import withdraw_first
from engage.compiled import KEY_PLACEHOLDER, CompiledQuery
from engage.deletion import protect_from_deletion
from engage.templatetags.engage_tags import format_date
from forums.models import ForumPage
from forums.models.pages import FORUM_PAGE_CONTEXT_HOOK

from . import admin_views, privacy
from .action_admin import ActionItemsViewSet
from .admin_viewsets import DeliveryViewSet, DepartmentGroup, ReadOnlyPermissionPolicy
from .corrections import corrected_between
from .models import (
    Delivery,
    ForumSummaryPage,
    carried_forward_between,
    carried_forward_items,
)
from .models.item_record import with_changes

register_permission_policy(Delivery, ReadOnlyPermissionPolicy(Delivery))
delivery_viewset = DeliveryViewSet("forum_deliveries")
hooks.register("engage_privacy_sections", privacy.privacy_section)

# A summary once published is a record: the department was sent it, and its
# action items are followed on "You said, we did". Deleting it (or its forum)
# would take them and their history away; only an administrator may.
protect_from_deletion(
    ForumSummaryPage,
    lambda summaries: summaries.exclude(first_published_at=None),
    _(
        "This summary has been published, and deleting it would remove its action "
        "items and their history from the public record. Unpublish it instead, "
        "or ask an administrator."
    ),
    superusers_may=True,
)
# A summary the public is reading leaves the site only withdrawn, with a reason
# on its forum's page: not even an administrator deletes it (or its forum) first.
protect_from_deletion(
    ForumSummaryPage,
    lambda summaries: summaries.filter(live=True),
    _(
        "This summary is published. Withdraw it first, saying why, so its forum's "
        "page tells the public; an administrator may then delete it."
    ),
)


# A summary the public has read is taken down with a reason or not at all.
withdraw_first(
    lambda: ForumSummaryPage.objects.live(),
    "outcomes_admin:withdraw_summary",
    asked=_(
        "Say why the summary is withdrawn: its forum's page and its own address "
        "will show your reason with the dates it was published and withdrawn."
    ),
    below=_(
        "A published summary is below this page. Withdraw it first, saying why; "
        "then unpublish the page."
    ),
    bulk=_(
        "Withdraw a published summary on its own, from its Unpublish action, so "
        "its forum's page can say why."
    ),
)


@hooks.register("after_publish_page")
def offer_to_send_the_correction(request, page):
    """Publishing a correction of a summary the department was sent: members
    read the earlier version until the organizer sends it again."""
    if not isinstance(page, ForumSummaryPage):
        return None
    sent = page.distributions.order_by("-created_at").first()
    if sent is None or corrected_between(page, sent.created_at) is None:
        return None
    buttons = []
    if request.user.has_perm("outcomes.add_distribution"):
        url = reverse("outcomes_admin:distribute", args=[page.pk])
        buttons.append(admin_messages.button(url, _("Send the corrected summary")))
    admin_messages.warning(
        request,
        _(
            "The department was last sent this summary on %(date)s, before this "
            "correction. Send it again so its members read the corrected version."
        )
        % {"date": format_date(sent.created_at, "long")},
        buttons=buttons,
    )
    return None


@hooks.register("register_admin_viewset")
def register_department_viewsets():
    return [DepartmentGroup(), delivery_viewset]


@hooks.register("register_admin_viewset")
def register_action_items_viewset():
    return ActionItemsViewSet("action_items", url_prefix="action-items")


@hooks.register("register_admin_urls")
def register_outcome_admin_urls():
    """Under ``/admin/forums/``, where they were before outcomes had an app."""
    patterns = [
        path("roster/import/", admin_views.roster_import, name="roster_import"),
        path(
            "summaries/<int:summary_id>/withdraw/",
            admin_views.withdraw_summary,
            name="withdraw_summary",
        ),
        path(
            "summaries/<int:summary_id>/distribute/",
            admin_views.distribute,
            name="distribute",
        ),
        path(
            "distributions/<int:distribution_id>/",
            admin_views.distribution_report,
            name="distribution_report",
        ),
        path(
            "distributions/<int:distribution_id>/by-unit.<str:fmt>",
            admin_views.distribution_export,
            name="distribution_export",
        ),
        path(
            "distributions/<int:distribution_id>/remind/",
            admin_views.send_reminders,
            name="distribution_remind",
        ),
        path(
            "distributions/<int:distribution_id>/retry/",
            admin_views.retry_failed,
            name="distribution_retry",
        ),
    ]
    return [path("forums/", include((patterns, "outcomes_admin")))]


def page_can_edit(page, user):
    return page.permissions_for_user(user).can_edit()


def _summary_buttons(page, user, priority):
    """On a forum: write or edit its summary. On a summary: distribute, print."""
    specific = page.specific_deferred
    if isinstance(specific, ForumSummaryPage):
        return _distribution_buttons(specific, user, priority)
    if isinstance(specific, ForumPage) and page.permissions_for_user(user).can_edit():
        return _summary_link(specific, priority + 2)
    return []


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
                args=["outcomes", "forumsummarypage", forum.pk],
            ),
            icon_name="doc-full",
            priority=priority,
        )
    ]


def _distribution_buttons(summary, user, priority):
    buttons = []
    if summary.live and user.has_perm("outcomes.add_distribution"):
        buttons.append(
            Button(
                _("Distribute to the department"),
                reverse("outcomes_admin:distribute", args=[summary.pk]),
                icon_name="mail",
                priority=priority,
            )
        )
    if page_can_edit(summary, user):
        buttons.append(
            Button(
                _("Update action items"),
                reverse("action_items:index") + f"?summary={summary.pk}",
                icon_name="tasks",
                priority=priority + 2,
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
def summary_page_header_buttons(page, user, view_name=None, next_url=None):
    return _summary_buttons(page, user, 12)


@hooks.register("register_page_listing_more_buttons")
def summary_page_listing_buttons(page, user, next_url=None):
    return _summary_buttons(page, user, 3)


@functools.cache
def _summary_query():
    """A forum's summary, published or withdrawn, as its teaser or its notice
    shows it (not its write-up, in six languages), compiled once with the
    forum's key (``engage.compiled``): building and compiling it cost the forum
    page more than running it. A forum has one summary at most, so no order or
    limit."""
    summaries = ForumSummaryPage.objects.filter(
        Q(live=True) | Q(withdrawn_at__isnull=False)
    )
    return CompiledQuery(
        for_cards(summaries).filter(forum_id=KEY_PLACEHOLDER).order_by()
    )


@functools.cache
def _carried_forward_query():
    """``carried_forward_items`` for a forum as saved, compiled once with its
    key: the query reads the forum's series and start itself."""
    forum = ForumPage.objects.filter(pk=KEY_PLACEHOLDER)
    return CompiledQuery(
        carried_forward_between(
            Subquery(forum.values("series_id")), Subquery(forum.values("start"))
        )
    )


@hooks.register(FORUM_PAGE_CONTEXT_HOOK)
def forum_outcomes_context(forum, request, context):
    """The published summary, or a withdrawn one's dates, and the action items
    carried forward to this forum. A forum not yet saved (a preview of a new
    one) has no summary; a preview reads the items carried forward by its
    series and date as edited."""
    summaries = _summary_query().rows(forum.pk) if forum.pk else []
    summary = summaries[0] if summaries else None
    withdrawn = None
    if summary is not None and not summary.live:
        summary, withdrawn = None, summary
    if summary is not None:
        prefetch_related_objects([summary], "action_items__responsible_unit")
    if not forum.series_id:
        carried_forward = []
    elif forum.pk and not getattr(request, "is_preview", False):
        carried_forward = _carried_forward_query().rows(forum.pk)
    else:
        carried_forward = list(carried_forward_items(forum))
    items = list(summary.action_items.all()) if summary else []
    carried_forward = list(carried_forward)
    # Both tables show what was changed in an item since it was agreed.
    with_changes(items + carried_forward)
    return {
        "summary": summary,
        "withdrawn_summary": withdrawn,
        "summary_action_items": items,
        "carried_forward": carried_forward,
    }
