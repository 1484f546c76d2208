from django.core.management.base import BaseCommand

from surveys.paging import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the saved, unsent answers of multi-page surveys once they have "
        "expired (14 days after they were last saved)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} expired survey drafts deleted.")
