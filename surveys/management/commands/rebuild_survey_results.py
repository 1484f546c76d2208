"""Count survey results again from the stored answers.

The results pages read running totals (``surveys.tallies``); this recounts them
from the answers, to repair them (the default) or, with ``--check``, to prove
they are right: any difference is listed and the command fails.
"""

from django.core.management.base import BaseCommand, CommandError

from surveys import tallies
from surveys.models import SurveyPage


class Command(BaseCommand):
    help = (
        "Recount the results totals of every survey (or --survey ID) from the "
        "stored answers; --check only compares and fails on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--survey", type=int, help="Only this survey's id.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list differences and exit non-zero if any.",
        )

    def handle(self, *args, **options):
        surveys = SurveyPage.objects.order_by("pk").values_list("pk", flat=True)
        if options["survey"] is not None:
            surveys = surveys.filter(pk=options["survey"])
            if not surveys.exists():
                raise CommandError(f"No survey has the id {options['survey']}.")
        wrong = []
        for survey_id in surveys:
            if not options["check"]:
                tallies.rebuild(survey_id)
                continue
            found = tallies.differences(survey_id)
            for cell, figure, stored, counted in found:
                self.stdout.write(
                    f"Survey {survey_id}, cell {cell}, {figure}: "
                    f"stored {stored}, counted {counted}"
                )
            if found:
                wrong.append(survey_id)
        if wrong:
            raise CommandError(
                f"{len(wrong)} survey(s) differ from a recount: "
                f"{', '.join(map(str, wrong))}. Run without --check to recount."
            )
        done = "checked" if options["check"] else "recounted"
        self.stdout.write(f"{len(surveys)} survey(s) {done}.")
