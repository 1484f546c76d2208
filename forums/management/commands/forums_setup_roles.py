from django.core.management.base import BaseCommand

from forums.roles import (
    COLLECTION_NAME,
    LEAD_ORGANIZERS,
    ORGANIZERS,
    WORKFLOW_NAME,
    ensure_roles,
)


class Command(BaseCommand):
    help = (
        f"Create the {ORGANIZERS!r} and {LEAD_ORGANIZERS!r} groups, their "
        f"{COLLECTION_NAME!r} collection for photos and documents, and the "
        f"{WORKFLOW_NAME!r} workflow, and assign it to every forum index page. "
        "Safe to run again: run it after upgrading to grant new permissions."
    )

    def handle(self, *args, **options):
        workflow = ensure_roles()
        pages = workflow.workflow_pages.count()
        self.stdout.write(f"{workflow.name}: assigned to {pages} page(s).")
