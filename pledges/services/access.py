"""Who may edit a pledge: its city's mayor's office, and, when the pledge asks for
it, a moderator who approves each update."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..models import MayorsOffice

APPROVAL_WORKFLOW_NAME = "Pledge update approval"
MODERATORS_GROUP_NAME = "Moderators"


def approval_workflow():
    """The workflow that holds pledge updates until a moderator approves them."""
    workflow, created = Workflow.objects.get_or_create(
        name=APPROVAL_WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
        task = GroupApprovalTask.objects.create(name="Pledge moderator approval")
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def office_group_name(pledge):
    name = f"Mayor's office: {pledge.city}"[:140]
    if Group.objects.filter(name=name).exists():
        name = f"{name} ({pledge.pk})"
    return name


def _create_mayors_office(pledge):
    group = Group.objects.create(name=office_group_name(pledge))
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Pledge evidence: {pledge.city}"[:255])
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    return MayorsOffice.objects.create(
        pledge=pledge, group=group, collection=collection
    )


def sync_pledge_access(pledge):
    """Give the city's mayor's office rights on its own pledge only, and hold its
    updates for approval when the pledge asks for it.

    Without approval the office publishes directly; with approval it may only
    submit, and the pledge's workflow sends updates to a moderator."""
    office = MayorsOffice.objects.filter(pledge=pledge).select_related("group").first()
    if office is None:
        office = _create_mayors_office(pledge)
    wanted = {"add_page", "change_page"}
    if not pledge.require_update_approval:
        wanted.add("publish_page")
    current = GroupPagePermission.objects.filter(group=office.group, page=pledge)
    have = set(current.values_list("permission__codename", flat=True))
    current.exclude(permission__codename__in=wanted).delete()
    for codename in wanted - have:
        GroupPagePermission.objects.create(
            group=office.group, page=pledge, permission_type=codename.split("_")[0]
        )
    if pledge.require_update_approval:
        WorkflowPage.objects.get_or_create(
            page=pledge, defaults={"workflow": approval_workflow()}
        )
    else:
        WorkflowPage.objects.filter(
            page=pledge, workflow__name=APPROVAL_WORKFLOW_NAME
        ).delete()
    return office
