from django.core.management.base import BaseCommand

from pledges.services.reminders import send_office_reminders


class Command(BaseCommand):
    help = (
        "Email the members of each mayor's office whose commitments are stale or "
        "overdue, each in their language. Run it monthly from cron."
    )

    def handle(self, *args, **options):
        sent = send_office_reminders()
        self.stdout.write(f"Sent {sent} pledge office reminder(s).")
