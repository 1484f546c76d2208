from django.core.management.base import BaseCommand

from forums.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send forum reminders that are due. Safe to run every few minutes: "
        "each reminder goes at most once per RSVP."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminders sent.")
