from django.core.management.base import BaseCommand

from forums.retention import drop_unconfirmed, purge_personal_data


class Command(BaseCommand):
    help = (
        "Erase names, emails, phones and notes of RSVPs once the retention period "
        "set in Forum settings has passed after their forum; counts are kept. "
        "Requests from the RSVP form that nobody confirmed within a week are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Override the retention period (days)."
        )

    def handle(self, *args, **options):
        dropped = drop_unconfirmed()
        erased = purge_personal_data(days=options["days"])
        self.stdout.write(f"{dropped} unconfirmed requests deleted.")
        self.stdout.write(f"{erased} RSVPs erased.")
