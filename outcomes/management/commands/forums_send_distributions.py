from django.core.management.base import BaseCommand

from outcomes.sending import send_all_pending


class Command(BaseCommand):
    help = (
        "Send what is due in unfinished summary distributions, including retries "
        "whose wait is over. Safe to run every few minutes: nobody gets a copy twice."
    )

    def handle(self, *args, **options):
        reports = send_all_pending()
        sent = sum(report.sent for report in reports)
        retrying = sum(report.retrying for report in reports)
        self.stdout.write(
            f"{len(reports)} distribution(s): {sent} sent, {retrying} to retry later."
        )
