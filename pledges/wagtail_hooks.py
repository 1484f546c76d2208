from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from . import dashboard, fed_commitments, privacy, search
from .models import (
    CommitmentPage,
    PledgeFollower,
    PledgeIndexPage,
    PledgePage,
    ProgressUpdatePage,
)
from .pledge_template import prefill_commitments

MANAGE_PERMISSION = "pledges.manage_pledges"


# Home page ------------------------------------------------------------------


# The home page shows this many cities' progress; the pledge index shows them all.
HOME_PLEDGES = 3


@hooks.register("engage_home_sections")
def home_pledge_progress(request, home_page):
    summaries = PledgePage.objects.live().overviews(HOME_PLEDGES, request)
    if not summaries:
        return None
    return {
        "template": "pledges/includes/home_progress.html",
        "summaries": summaries,
        "index": home_page.section_index(request, PledgeIndexPage),
    }


# Starting a pledge ----------------------------------------------------------------


@hooks.register("after_create_page")
def prefill_new_pledge(request, page):
    if isinstance(page.specific, PledgePage) and request.POST.get(
        "start_from_template"
    ):
        created = prefill_commitments(page.specific, user=request.user)
        if created:
            messages.success(
                request,
                _("The seven commitments of the pledge template were added."),
            )


@hooks.register("register_permissions")
def register_pledge_permissions():
    return Permission.objects.filter(
        content_type__app_label="pledges", codename="manage_pledges"
    )


# Keeping published history intact ---------------------------------------------


def _is_published_update(page):
    return page.specific_class is ProgressUpdatePage and bool(page.first_published_at)


def _contains_published_updates(page):
    return (
        ProgressUpdatePage.objects.descendant_of(page, inclusive=True)
        .filter(first_published_at__isnull=False)
        .exists()
    )


def _refuse(request, page, message):
    messages.error(request, message)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


APPEND_ONLY_MESSAGE = _(
    "Published progress updates cannot be changed, withdrawn or removed. "
    "Add a new update to the commitment that corrects it instead."
)


@hooks.register("before_edit_page")
def refuse_editing_published_updates(request, page):
    if _is_published_update(page):
        return _refuse(request, page, APPEND_ONLY_MESSAGE)


@hooks.register("before_unpublish_page")
def guard_pledge_withdrawal(request, page):
    """Unpublishing takes a pledge or a commitment out of the public's sight as
    surely as deleting it: the same people may do it."""
    return _removal_refused(request, page)


@hooks.register("before_move_page")
def refuse_moving_updates(request, page, destination):
    if page.specific_class is ProgressUpdatePage:
        return _refuse(request, page, APPEND_ONLY_MESSAGE)


@hooks.register("before_copy_page")
def refuse_copying_updates(request, page):
    if page.specific_class is ProgressUpdatePage:
        return _refuse(request, page, APPEND_ONLY_MESSAGE)


@hooks.register("before_delete_page")
def guard_pledge_deletion(request, page):
    return _removal_refused(request, page)


def _removal_refused(request, page):
    """Whether ``request``'s user may not delete or unpublish ``page``: never a
    published update; a commitment only as an organizer; a pledge or commitment
    with published updates only as an administrator."""
    if _is_published_update(page):
        return _refuse(request, page, APPEND_ONLY_MESSAGE)
    cls = page.specific_class
    if cls is CommitmentPage and not request.user.has_perm(MANAGE_PERMISSION):
        return _refuse(
            request, page, _("Only organizers may remove commitments from a pledge.")
        )
    if cls in (CommitmentPage, PledgePage) and not request.user.is_superuser:
        if _contains_published_updates(page):
            return _refuse(
                request,
                page,
                _(
                    "This has published progress updates; only an administrator "
                    "may remove it."
                ),
            )


TERMS_FORM_MESSAGE = _(
    "Publish changes to a pledge or a commitment from its edit page, where the "
    "reason for the change is asked and recorded."
)


@hooks.register("before_bulk_action")
def guard_bulk_actions(request, action_type, objects, action_class_instance):
    """Bulk actions skip the edit form, so they may not publish a change of terms
    (which needs a reason, and an organizer for some terms) nor rewrite history."""
    if action_type not in {"delete", "unpublish", "move", "publish"}:
        return None
    for page in objects:
        if not hasattr(page, "specific_class"):
            return None
        if action_type == "publish":
            refused = None
            if page.specific_class in (CommitmentPage, PledgePage):
                refused = _refuse(request, page, TERMS_FORM_MESSAGE)
        elif action_type in {"delete", "unpublish"}:
            refused = _removal_refused(request, page)
        elif page.specific_class is ProgressUpdatePage:
            refused = _refuse(request, page, APPEND_ONLY_MESSAGE)
        else:
            refused = None
        if refused:
            return refused
    return None


@hooks.register("before_create_page")
def only_organizers_add_commitments(request, parent_page, page_class):
    if page_class is CommitmentPage and not request.user.has_perm(MANAGE_PERMISSION):
        messages.error(request, _("Only organizers may add commitments to a pledge."))
        return redirect("wagtailadmin_explore", parent_page.pk)


# Followers in the admin ---------------------------------------------------------


class PledgeFollowerViewSet(ModelViewSet):
    model = PledgeFollower
    icon = "mail"
    menu_label = _("Pledge followers")
    add_to_admin_menu = True
    menu_order = 320
    form_fields = ["pledge", "email", "language", "frequency"]
    list_display = ["email", "pledge", "language", "frequency", "confirmed_at"]
    list_filter = ["frequency", "language"]
    list_export = [
        "email",
        "pledge",
        "language",
        "frequency",
        "created_at",
        "confirmed_at",
    ]
    search_fields = ["email"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_follower_viewset():
    return PledgeFollowerViewSet("pledge_followers")


# Privacy rights: the privacy page, the data download and account deletion.
hooks.register("engage_privacy_sections", privacy.privacy_section)
hooks.register("engage_search_results", search.describe_updates)
hooks.register("engage_personal_data", privacy.personal_data)
hooks.register("engage_erase_personal_data", privacy.erase_personal_data)

# The mayor's office dashboard: its stale and overdue commitments, for members only.
hooks.register("register_admin_urls", dashboard.admin_urls)
hooks.register("construct_homepage_panels", dashboard.homepage_panel)
hooks.register("register_admin_menu_item", dashboard.menu_item)

# A forum summary and a survey page list the commitments they feed.
hooks.register("engage_page_footer_sections", fed_commitments.footer_section)
