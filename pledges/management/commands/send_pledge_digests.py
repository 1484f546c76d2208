from django.core.management.base import BaseCommand

from pledges.services.following import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Email weekly followers the pledge updates published since their last "
        "digest. Run it daily or weekly: nobody gets two digests within six days."
    )

    def handle(self, *args, **options):
        sent = send_weekly_digests()
        self.stdout.write(f"Sent {sent} pledge digest(s).")
