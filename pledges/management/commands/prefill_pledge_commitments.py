from django.core.management.base import BaseCommand, CommandError

from pledges.models import PledgePage
from pledges.pledge_template import prefill_commitments


class Command(BaseCommand):
    help = (
        "Add the seven template commitments, in all six languages, to a pledge "
        "that has no commitments yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("pledge_id", type=int, help="ID of the pledge page.")

    def handle(self, *args, pledge_id, **options):
        pledge = PledgePage.objects.filter(pk=pledge_id).first()
        if pledge is None:
            raise CommandError(f"There is no pledge page with ID {pledge_id}.")
        created = prefill_commitments(pledge)
        if not created:
            self.stdout.write("That pledge already has commitments; nothing added.")
        else:
            self.stdout.write(f"Added {len(created)} commitments to {pledge.city}.")
