from django.core.management.base import BaseCommand

from pledges.services.reminders import reminder_month, send_office_reminders


class Command(BaseCommand):
    help = (
        "Email the members of each mayor's office whose commitments are stale or "
        "overdue, each in their language. Run it monthly from cron. Each member "
        "gets at most one reminder per calendar month, in the site's time zone: "
        "a second run in the same month sends nothing, and a run after one that "
        "stopped half-way sends only the reminders still missing."
    )

    def handle(self, *args, **options):
        month = reminder_month()
        sent = send_office_reminders()
        self.stdout.write(f"Sent {sent} pledge office reminder(s) for {month:%Y-%m}.")
