from django.core.management.base import BaseCommand

from outcomes.commanders import notify_commanders
from outcomes.deadlines import send_all_scheduled_reminders


class Command(BaseCommand):
    help = (
        "Send the scheduled acknowledgement reminders that are due, and tell each "
        "unit's commander who has not acknowledged once a deadline has passed. "
        "Safe to run every hour: nobody gets a reminder step or a notice twice."
    )

    def handle(self, *args, **options):
        reminders = send_all_scheduled_reminders()
        notices = notify_commanders()
        self.stdout.write(f"{reminders} reminders sent, {notices} commander notices.")
