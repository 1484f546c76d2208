from django.core.management.base import BaseCommand

from engage.catalogs import update_catalogs


class Command(BaseCommand):
    help = "Extract interface strings and merge them into every language's catalog."

    def handle(self, *args, **options):
        for language, missing in update_catalogs().items():
            self.stdout.write(f"{language}: {len(missing)} strings to translate")
