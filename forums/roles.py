"""Organizer roles and the review workflow for forum summaries.

``ensure_roles()`` creates two groups and one workflow, and assigns the workflow
to every forum index page, so everything under it (forums and their summaries)
goes draft -> review by a lead organizer -> published:

- "Organizers": edit forum pages and summaries and submit them for review;
  manage the roster; create distributions and read their reports.
- "Lead organizers": the same, plus publish, and they are the reviewers of the
  "Forum summary review" workflow. They see every forum's RSVPs; organizers
  only those of the forums they manage.

Both groups upload, choose and edit the photos and documents of a "Forums"
collection (made here): Wagtail grants images and documents per collection, so
model permissions alone would leave their choosers empty.

It is idempotent. ``manage.py forums_setup_roles`` and the demo call it; run it
again after adding a new forum index page.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import ForumIndexPage

ORGANIZERS = "Organizers"
LEAD_ORGANIZERS = "Lead organizers"
WORKFLOW_NAME = "Forum summary review"
TASK_NAME = "Lead organizer approval"
COLLECTION_NAME = "Forums"

PAGE_PERMISSIONS = {
    ORGANIZERS: ("add_page", "change_page"),
    LEAD_ORGANIZERS: ("add_page", "change_page", "publish_page", "lock_page"),
}
MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("forums", "view_rsvp"),
    ("forums", "change_rsvp"),
    # The outcomes app's roster and distributions, named by label (not imported):
    # these groups are the organizers of both.
    ("outcomes", "add_departmentmember"),
    ("outcomes", "change_departmentmember"),
    ("outcomes", "view_departmentmember"),
    ("outcomes", "add_departmentunit"),
    ("outcomes", "change_departmentunit"),
    ("outcomes", "view_departmentunit"),
    ("outcomes", "add_distribution"),
    ("outcomes", "view_distribution"),
    ("outcomes", "view_delivery"),
)


# Organizers see the RSVPs of the forums they manage (``ForumSeries.organizers``
# and the forums they created); lead organizers see every forum's.
LEAD_MODEL_PERMISSIONS = (("forums", "view_all_rsvps"),)

# What a summary's photos and documents need, granted on the "Forums" collection
# and the collections inside it ("add" also lets them edit their own uploads).
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forums_collection():
    """The collection organizers file photos and documents in, made on first use."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=COLLECTION_NAME)
    return collection


@transaction.atomic
def ensure_roles(index_pages=None):
    """Create (or complete) both groups, their collection and the workflow;
    returns the workflow."""
    groups = {}
    model_permissions = [_permission(*pair) for pair in MODEL_PERMISSIONS]
    for name in (ORGANIZERS, LEAD_ORGANIZERS):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*model_permissions)
        groups[name] = group
    groups[LEAD_ORGANIZERS].permissions.add(
        *[_permission(*pair) for pair in LEAD_MODEL_PERMISSIONS]
    )
    collection = forums_collection()
    for permission in [_permission(*pair) for pair in COLLECTION_PERMISSIONS]:
        for group in groups.values():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(groups[LEAD_ORGANIZERS])
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    pages = ForumIndexPage.objects.all() if index_pages is None else index_pages
    for page in pages:
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
        for name, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=page,
                    permission=_permission("wagtailcore", codename),
                )
    return workflow
