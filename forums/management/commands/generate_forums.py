from django.core.management.base import BaseCommand, CommandError

from forums.generation import generate_forums
from forums.models import ForumSeries


class Command(BaseCommand):
    help = (
        "Create forum pages for the next N dates of each series (or one series). "
        "Dates that already have a page are skipped, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--series", help="Slug of one series; default: all.")
        parser.add_argument(
            "--count", type=int, default=6, help="Upcoming dates (1-36)."
        )

    def handle(self, *args, **options):
        count = options["count"]
        if not 1 <= count <= 36:
            raise CommandError("--count must be between 1 and 36.")
        series_list = ForumSeries.objects.select_related("index_page")
        if options["series"]:
            series_list = series_list.filter(slug=options["series"])
            if not series_list.exists():
                raise CommandError(f"No series with slug {options['series']!r}.")
        for series in series_list:
            created = generate_forums(series, count)
            self.stdout.write(f"{series.slug}: {len(created)} forum pages created.")
