from django.core.management.base import BaseCommand

from forums.seat_offers import expire_offers


class Command(BaseCommand):
    help = (
        "End the seat offers nobody accepted in time and offer each seat to the "
        "next person on the waitlist. Safe to run every few minutes, and by "
        "several runs at once: each offer is passed on exactly once."
    )

    def handle(self, *args, **options):
        ended = expire_offers()
        self.stdout.write(f"{ended} seat offers ended.")
