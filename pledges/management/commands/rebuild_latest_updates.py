"""Work out again which published update is each commitment's latest.

Listings read it from ``LatestUpdate``, kept as updates are published; this
works it out from the updates themselves, to repair the rows (the default) or,
with ``--check``, to prove them right: any difference is listed and the command
fails.
"""

from django.core.management.base import BaseCommand, CommandError

from pledges.models import LatestUpdate


class Command(BaseCommand):
    help = (
        "Point every commitment to its latest published update again, worked out "
        "from the updates; --check only compares and fails on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list differences and exit non-zero if any.",
        )

    def handle(self, *args, **options):
        if not options["check"]:
            changed = LatestUpdate.objects.rebuild()
            self.stdout.write(f"{changed} commitment(s) repointed.")
            return
        wrong = LatestUpdate.objects.differences()
        for commitment_id, stored, computed in wrong:
            self.stdout.write(
                f"Commitment {commitment_id}: stored update {stored or 'none'}, "
                f"latest published {computed or 'none'}"
            )
        if wrong:
            raise CommandError(
                f"{len(wrong)} commitment(s) differ from their updates. "
                "Run without --check to repair."
            )
        self.stdout.write("Every commitment points to its latest published update.")
