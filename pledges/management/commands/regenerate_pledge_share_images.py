from django.core.management.base import BaseCommand

from pledges.models import PledgePage
from pledges.share_image import regenerate


class Command(BaseCommand):
    help = "Redraw the share picture of every live pledge."

    def handle(self, *args, **options):
        pledges = PledgePage.objects.live()
        for pledge in pledges:
            regenerate(pledge)
        self.stdout.write(f"Redrew {len(pledges)} share picture(s).")
