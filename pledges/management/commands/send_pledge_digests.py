from django.core.management.base import BaseCommand

from pledges.privacy import forget_unconfirmed_follows
from pledges.services.following import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Email weekly followers the pledge updates published since their last "
        "digest. Run it daily or weekly: nobody gets two digests within six days. "
        "Follows never confirmed before their link expired are deleted."
    )

    def handle(self, *args, **options):
        sent = send_weekly_digests()
        self.stdout.write(f"Sent {sent} pledge digest(s).")
        forgotten = forget_unconfirmed_follows()
        self.stdout.write(f"Deleted {forgotten} unconfirmed follow(s).")
